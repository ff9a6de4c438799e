"""Content negotiation: which declared media type answers a request's `Accept` (RFC 9110 q-values)."""

from __future__ import annotations

import functools
from collections.abc import Iterable


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """(media range, q) pairs of an Accept header; absent or empty means anything."""
    ranges: list[tuple[str, float]] = []
    for item in (header or "").split(","):
        media, *params = (piece.strip() for piece in item.split(";"))
        if not media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges or [("*/*", 1.0)]


def _matches(media_range: str, offered: str) -> int:
    """How specifically a range names an offered type: 3 exact, 2 type/*, 1 */*, 0 not at all."""
    offered = offered.lower()
    if media_range == offered:
        return 3
    if media_range.endswith("/*") and offered.split("/")[0] == media_range[:-2]:
        return 2
    if media_range == "*/*":
        return 1
    if offered.endswith("/*") and media_range.split("/")[0] == offered[:-2]:  # the spec declares a range itself
        return 2
    return 0


# Accept headers as clients send them are few and short: the choice for each is remembered.
_CACHED_HEADER_LENGTH = 256


def negotiate(header: str | None, offered: Iterable[str]) -> str | None:
    """The offered media type the client prefers most, JSON first among equals; None when it takes none."""
    offered = tuple(offered)
    if header is None or len(header) <= _CACHED_HEADER_LENGTH:
        return _remembered_choice(header, offered)
    return _choose(header, offered)


@functools.lru_cache(maxsize=1024)
def _remembered_choice(header: str | None, offered: tuple[str, ...]) -> str | None:
    return _choose(header, offered)


def _choose(header: str | None, offered: tuple[str, ...]) -> str | None:
    ranges = parse_accept(header)
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for position, media in enumerate(offered):
        quality, specificity = 0.0, 0
        for media_range, q in ranges:
            level = _matches(media_range, media)
            if level > specificity:
                quality, specificity = q, level
        if specificity == 0 or quality <= 0:
            continue
        is_json = 1 if media.endswith("json") else 0
        rank = (quality, specificity, is_json, -position)
        if best is None or rank > best:
            best, chosen = rank, media
    return chosen
