"""Whether two names are the same words, however an API spells them.

`friendly_name`, `friendlyName`, `FriendlyName` and `FRIENDLY-NAME` name one thing: Twilio's forms send
`FriendlyName` and its records hold `friendly_name`, a query's `PageSize` is a `page_size`, an error code
`insufficientFunds` is `insufficient_funds`. Every stage that pairs names across spellings compares their
`spelling_key`; an exact match, where there is one, comes first at each caller.
"""

from __future__ import annotations

import functools
import re

_NEITHER_LETTER_NOR_DIGIT = re.compile(r"[^a-z0-9]")


@functools.lru_cache(maxsize=8192)  # the names of one API's fields and parameters, looked up per request
def spelling_key(name: str) -> str:
    """The name in lower case without separators: equal for every spelling of the same words."""
    return _NEITHER_LETTER_NOR_DIGIT.sub("", name.lower())
