"""Where a run's credential goes, read off the spec's security schemes.

`specmock contract --api-key K` sends K the way the spec says the API takes it: `Authorization:
Bearer K` for an http bearer, oauth2 or openIdConnect scheme, `Authorization: Basic base64(K)` for
http basic (K is `user:password`), and the named header, query parameter or cookie for an apiKey
scheme. `specmock serve --api-key K` reads it back from the same places, so the two agree on any spec.

An operation that asks for another scheme than the run-wide one (Petstore reads with `api_key` and
writes with OAuth) gets the same key placed its own way, for its requests only.

Without a key (nor a credential in `--header`) the run still needs something in those places to get
past a server that accepts any well-formed credential (the default mock): it sends a stand-in and
marks the credentials unverified. Unverified credentials cannot tell a right key from a wrong one, so
the checks that need that distinction (schemathesis' `ignored_auth`, wrong and forged credentials) are
left out with a note in the report, and answers of 401/403 are not judged by the other phases.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field, replace
from typing import Any

AUTHORIZATION = "Authorization"


@dataclass(frozen=True)
class Placement:
    """Where a credential goes in a request: headers, query parameters and cookies."""

    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.headers or self.query or self.cookies)

    def under(self, own: Placement | None) -> Placement:
        """These parts with an operation's `own` over them (None: these as they are)."""
        if own is None:
            return self
        return Placement({**self.headers, **own.headers}, {**self.query, **own.query}, {**self.cookies, **own.cookies})


# (path, METHOD) -> the credential an operation asks for in place of the run-wide one: the same key, in the scheme
# that operation asks for (Petstore: `api_key` on reads, OAuth on writes, Basic on uploads)
OperationCredentials = dict[tuple[str, str], Placement]


@dataclass(frozen=True)
class Credentials(Placement):
    """Credential parts to add to every request, and whether the user vouched for them."""

    verified: bool = True
    # for each operation the run-wide placement does not satisfy, its own
    per_operation: OperationCredentials = field(default_factory=dict)


def security_schemes(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    return {str(name): scheme for name, scheme in schemes.items() if isinstance(scheme, dict)}


def requirements_in_use(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Security requirements in the order a run should try them: the document's, then each operation's."""
    found: list[dict[str, Any]] = []
    for requirement in document.get("security") or []:
        if isinstance(requirement, dict) and requirement and requirement not in found:
            found.append(requirement)
    for item in (document.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else []:
            if not isinstance(operation, dict):
                continue
            for requirement in operation.get("security") or []:
                if isinstance(requirement, dict) and requirement and requirement not in found:
                    found.append(requirement)
    return found


def place(scheme: dict[str, Any], key: str, into: Credentials) -> None:
    """Put `key` where `scheme` carries a credential."""
    kind = scheme.get("type")
    if kind == "apiKey":
        name = str(scheme.get("name") or "")
        target = {"header": into.headers, "query": into.query, "cookie": into.cookies}.get(str(scheme.get("in")))
        if name and target is not None:
            target[name] = key
        return
    if kind == "http":
        http = str(scheme.get("scheme") or "").lower()
        if http == "basic":
            into.headers[AUTHORIZATION] = "Basic " + base64.b64encode(key.encode()).decode()
        elif http and http != "bearer":
            into.headers[AUTHORIZATION] = f"{http.capitalize()} {key}"
        else:
            into.headers[AUTHORIZATION] = f"Bearer {key}"
    elif kind in ("oauth2", "openIdConnect"):
        into.headers[AUTHORIZATION] = f"Bearer {key}"


def for_key(document: dict[str, Any], key: str, *, verified: bool = True) -> Credentials:
    """`key` in every place one requirement the spec uses reads it (the document's own first).

    Only one requirement is filled: two schemes that both read `Authorization` (bearer and basic,
    say) cannot both be sent, and a server asked to accept `key` accepts it in any scheme.
    """
    return _first_placement(requirements_in_use(document), security_schemes(document), key, verified=verified)


def _first_placement(
    requirements: list[dict[str, Any]], schemes: dict[str, dict[str, Any]], key: str, *, verified: bool = True
) -> Credentials:
    """`key` placed per the first requirement whose schemes the spec defines and that puts it somewhere."""
    for requirement in requirements:
        if all(name in schemes for name in requirement):
            placed = Credentials(verified=verified)
            for name in requirement:
                place(schemes[name], key, placed)
            if not placed.empty:
                return placed
    return Credentials(verified=verified)


def _satisfied(requirement: dict[str, Any], schemes: dict[str, dict[str, Any]], placed: Credentials) -> bool:
    """Whether `placed` already carries the credential of every scheme `requirement` names."""
    for name in requirement:
        if name not in schemes:
            return False
        probe = Credentials()
        place(schemes[name], "", probe)
        if probe.empty:
            return False
        for wanted, have in (
            (probe.headers, placed.headers),
            (probe.query, placed.query),
            (probe.cookies, placed.cookies),
        ):
            for key, value in wanted.items():
                if key not in have or not have[key].startswith(value):  # `Basic `, `Bearer `, or any apiKey value
                    return False
    return True


def per_operation_placements(document: dict[str, Any], key: str, placed: Credentials) -> OperationCredentials:
    """`key` placed for each operation whose own requirements `placed` satisfies none of."""
    schemes = security_schemes(document)
    found: OperationCredentials = {}
    for path, item in (document.get("paths") or {}).items():
        for method, operation in item.items() if isinstance(item, dict) else []:
            if not isinstance(operation, dict) or not isinstance(operation.get("security"), list):
                continue
            requirements = [r for r in operation["security"] if isinstance(r, dict)]
            if not requirements or any(not r or _satisfied(r, schemes, placed) for r in requirements):
                continue  # open (an empty requirement), or already carried
            own = _first_placement(requirements, schemes, key)
            if not own.empty:
                # api2pdf's `GET /zebra` takes its key in `?apikey=`, where every other operation reads a header
                found[(str(path), str(method).upper())] = Placement(own.headers, own.query, own.cookies)
    return found


def for_operation(run_wide: Placement, per_operation: OperationCredentials, path: str, method: str) -> Placement:
    """The run's credential as the operation at `path` and `method` asks for it (`Credentials.per_operation`:
    Supabase's admin operations want `apikey` and a bearer): its own beside the run-wide parts."""
    return run_wide.under(per_operation.get((path, method.upper())))


def headers_for(headers: dict[str, str], per_operation: OperationCredentials, path: str, method: str) -> dict[str, str]:
    """The run's credential headers as the operation at `path` and `method` asks for them (`for_operation`)."""
    return for_operation(Placement(headers), per_operation, path, method).headers


def header_names_of(document: dict[str, Any]) -> set[str]:
    """Lower-cased names of the headers the document's security schemes read."""
    names = set()
    for scheme in security_schemes(document).values():
        if scheme.get("type") in ("http", "oauth2", "openIdConnect"):
            names.add(AUTHORIZATION.lower())
        elif scheme.get("type") == "apiKey" and scheme.get("in") == "header" and scheme.get("name"):
            names.add(str(scheme["name"]).lower())
    return names


def _unless_given(per_operation: OperationCredentials, given: dict[str, str]) -> OperationCredentials:
    """Each operation's own placement without the headers the user gave (theirs win); those left with nothing gone."""
    names = {name.lower() for name in given}
    kept = {
        where: replace(own, headers={k: v for k, v in own.headers.items() if k.lower() not in names})
        for where, own in per_operation.items()
    }
    return {where: own for where, own in kept.items() if not own.empty}


def resolve(document: dict[str, Any], api_key: str | None, headers: dict[str, str]) -> Credentials:
    """The run's credentials: `--api-key` placed per the spec, else those in `--header`, else a stand-in.

    Headers given with `--header` always win over a placed key of the same name.
    """
    if api_key is not None:
        placed = for_key(document, api_key)
        own = _unless_given(per_operation_placements(document, api_key, placed), headers)
        return Credentials({**placed.headers, **headers}, placed.query, placed.cookies, per_operation=own)
    if {name.lower() for name in headers} & header_names_of(document) or not security_schemes(document):
        return Credentials(dict(headers))
    key = f"specmock-stand-in-{secrets.token_hex(8)}"
    standing = for_key(document, key, verified=False)
    own = _unless_given(per_operation_placements(document, key, standing), headers)
    return Credentials(
        {**standing.headers, **headers}, standing.query, standing.cookies, verified=False, per_operation=own
    )
