"""How much finished history the mock keeps, so a long-running server levels off in memory.

Wallets, balances and running jobs stay (a job create forgets the job its operation made
`keep_unfinished` calls before: `jobs.RECENT`), for the `credentials` callers of each API most recently
active: what a caller beyond those left (its wallet and ledger, its records, its rate-limit bucket) goes, so
a load test or a fuzzer sending a new credential per request does not grow the state without bound either
(nor the current user each credential stands for: `response_generation.forgotten_principals`);
seen again, that caller starts anew. What else goes is history: finished jobs beyond the newest
`finished_jobs` or finished more than `max_age_s` ago, ledger entries beyond the newest
`ledger_entries` per wallet (folded into one balance-forward entry, so the ledger still sums to the
balance), stateful records beyond the newest `records` of a collection, idle rate-limit buckets,
OAuth codes no client can exchange any more and refresh tokens beyond the newest `refresh_tokens`
of an API, and journal entries beyond `journal_entries` or older than `max_age_s`.

Each domain says what of its namespace may go (`jobs.expired`, `wallet.folded`,
`resources.evicted`, `rate_limit.idle`, `oauth.forgotten`); `sweep` collects those as mutations,
and the engine applies them in one transaction every so often, like any decision's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mock.scenario.store import Mutation, StateView


def _setting(default: float, option: str, help: str) -> Any:
    """A retention setting and the `specmock serve` option that sets it (mock/cli.py declares them in a loop)."""
    return field(default=default, metadata={"option": option, "help": help})


@dataclass(frozen=True)
class Retention:
    finished_jobs: int = _setting(1_000, "--retain-jobs", "finished jobs kept in the state; older ones are forgotten")
    ledger_entries: int = _setting(
        1_000, "--retain-ledger", "ledger entries kept per wallet; older ones fold into one balance-forward entry"
    )
    records: int = _setting(
        10_000,
        "--retain-records",
        "stateful records kept per API, across its collections and callers; the oldest created or seeded go first",
    )
    journal_entries: int = _setting(10_000, "--retain-journal", "requests kept in the journal")
    refresh_tokens: int = _setting(
        10_000, "--retain-refresh-tokens", "OAuth refresh tokens kept per API; the oldest issued go first"
    )
    credentials: int = _setting(
        1_000,
        "--retain-credentials",
        "callers whose wallets, records, rate-limit buckets and current user are kept, per API; the least"
        " recently active go first, and one seen again starts anew",
    )
    max_age_s: float = _setting(
        3_600.0,
        "--retain-seconds",
        "finished jobs, journal entries, idle rate-limit buckets and OAuth codes older than this are forgotten",
    )

    def __post_init__(self) -> None:
        for name in ("finished_jobs", "ledger_entries", "records", "journal_entries", "refresh_tokens", "credentials"):
            if getattr(self, name) < 1:
                raise ValueError(f"retention: {name} must be at least 1")
        if not self.max_age_s > 0:
            raise ValueError("retention: max_age_s must be a positive number of seconds")


# A sweep runs after this many stateful requests (at least; see `requests_until_next_sweep`), or this many
# seconds, whichever comes first.
SWEEP_EVERY_REQUESTS = 500
SWEEP_EVERY_SECONDS = 30.0
# A sweep reads every entry it may forget; it comes after at least one request per this many entries it kept.
ENTRIES_PER_REQUEST = 4


def oldest_beyond(groups: dict[str, list[tuple[Any, str]]], keep: int) -> list[str]:
    """The keys each group holds beyond its newest `keep`, the oldest first (a group's entries are (rank, key)
    pairs, the lowest rank the oldest): what a count-bounded domain forgets."""
    forgotten: list[str] = []
    for ranked in groups.values():
        if len(ranked) > keep:
            ranked.sort()
            forgotten += [key for _, key in ranked[: len(ranked) - keep]]
    return forgotten


def beyond_keeping(stamps: dict[str, float], now: float, keep: int, max_age_s: float) -> list[str]:
    """The keys beyond the `keep` with the newest time stamps, and any stamped more than `max_age_s` before `now`:
    what a domain bounded by count and by age forgets."""
    oldest_kept = now - max_age_s
    ranked = sorted(stamps, key=stamps.__getitem__, reverse=True)  # sorting numbers, not (stamp, key) pairs
    kept = min(keep, len(ranked))
    while kept and stamps[ranked[kept - 1]] < oldest_kept:  # the newest first: those too old are the last kept
        kept -= 1
    return ranked[kept:]


def requests_until_next_sweep(entries_kept: int) -> int:
    """How many stateful requests the next sweep waits for, after one that kept `entries_kept` of the entries it
    read (what the next sweep reads again, with what the requests meanwhile add).

    A sweep's cost grows with the state it reads, and it runs on the event loop: swept every 500 requests,
    60,000 live jobs made a pause of tens of milliseconds every quarter of a second, the whole latency tail.
    Spacing sweeps by the state's size keeps each request's share of the work constant, and the pauses rare.
    Spaced by the entries a sweep read, not kept, the spacing fed on itself: when each request adds entries a
    sweep reads (a ledger entry, a record, an index entry of a job), a longer wait made a bigger read and a
    longer wait again, and between sweeps the state grew to several times its bounds. Spaced by what was kept,
    it exceeds them by at most a quarter of what was kept, times the entries one request adds.
    """
    return max(SWEEP_EVERY_REQUESTS, entries_kept // ENTRIES_PER_REQUEST)


class CountingView:
    """A StateView that counts the entries read through it (how big the swept state was)."""

    def __init__(self, state: StateView) -> None:
        self._state = state
        self.entries_read = 0

    def get(self, namespace: str, key: str, default: Any = None) -> Any:
        self.entries_read += 1
        return self._state.get(namespace, key, default)

    def get_many(self, namespace: str, keys: list[str]) -> dict[str, Any]:
        self.entries_read += len(keys)
        return self._state.get_many(namespace, keys)

    def items(self, namespace: str, prefix: str = "", shared: bool = False) -> list[tuple[str, Any]]:
        found = self._state.items(namespace, prefix, shared)
        self.entries_read += len(found)
        return found

    def keys(self, namespace: str, prefix: str = "") -> list[str]:
        found = self._state.keys(namespace, prefix)
        self.entries_read += len(found)  # listed, to be read or not: what the next sweep lists again
        return found


def sweep(
    state: StateView,
    now: float,
    retention: Retention,
    every_job: bool = False,
    collection_apis: Mapping[str, str] | None = None,
) -> list[Mutation]:
    """Every deletion (and ledger fold) that `retention` asks of the state as it is `now`.

    `every_job`: read every job too, not only the index of finished ones (see `jobs.expired`).
    `collection_apis`: the API of each stateful collection, whose callers retention ranks together.
    """
    from mock.response_generation import forgotten_principals
    from mock.scenario.effects import deletions, jobs, oauth, rate_limit, resources, singletons, wallet

    return [
        *jobs.expired(state, now, retention.finished_jobs, retention.max_age_s, every_job),
        *wallet.folded(state, retention.ledger_entries, retention.credentials),
        *resources.evicted(state, retention.records, retention.credentials, collection_apis),
        *singletons.evicted(state, retention.records),
        *deletions.evicted(state, retention.records),
        *rate_limit.idle(state, now, retention.max_age_s, retention.credentials),
        *oauth.forgotten(state, now, retention.max_age_s, retention.refresh_tokens),
        *forgotten_principals(state, retention.credentials),
    ]
