"""How deep Python may recurse while specs are loaded and served, and where it keeps its own default.

The loader, the generator and the schema walkers follow a spec's nesting, about five calls to a level, and
Python's default of 1,000 refused a chain of 200 `$ref`s ("nested too deeply to resolve") and failed a request on
HubSpot's media bridge spec (372 levels) with a 500. Python 3.11 calls Python functions without growing the C
stack, and a chain of 1,200 levels was served at 20,000. Code of others that walks a document without a bound of
its own keeps Python's default: openapi-spec-validator, deeper, walked HubSpot's conversations spec for 95 s and
15 GB instead of stopping within a second, and the JSON decoder read a document 10,000 levels deep.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

DEEP_SPECS_LIMIT = 20_000
PYTHONS_OWN_LIMIT = 1_000


def allow_deep_schemas() -> None:
    """Raise the recursion limit to `DEEP_SPECS_LIMIT` (never lower it)."""
    if sys.getrecursionlimit() < DEEP_SPECS_LIMIT:
        sys.setrecursionlimit(DEEP_SPECS_LIMIT)


@contextlib.contextmanager
def pythons_own_limit() -> Iterator[None]:
    """Python's default recursion limit for the code run inside, the one before restored after."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(PYTHONS_OWN_LIMIT)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)
