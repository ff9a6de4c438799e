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


_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")  # `created_by_user`, `createdByUser`, `userID`


def name_words(name: str) -> list[str]:
    """The words of a name, in lower case, however it is spelled: `createdByUser`, `created_by_user` and
    `created-by-user` are `["created", "by", "user"]`; `userID` is `["user", "id"]`."""
    return [word.lower() for word in _WORDS.findall(name)]


# A number that counts a list beside it, named for the list: `groups_count`, `articlesCount`, `items_total`,
# `num_groups`, `number_of_items`, Discourse's `total_rows_groups`.
_COUNT_OF = re.compile(
    r"^(?P<stem>.+?)(_count|Count|_total|Total|_num|Num)$"
    r"|^(total_rows_|total_|num_|number_of_|count_of_)(?P<before>.+)$"
)


def counted_list_stem(name: str) -> str | None:
    """The name of the list a field of this name counts (`groups` of `total_rows_groups`), or None."""
    found = _COUNT_OF.match(name)
    return (found.group("stem") or found.group("before")) if found else None


def names_list(stem: str, list_name: str) -> bool:
    """Whether a count's stem names this list, singular or plural (`group_count` counts `groups`)."""
    lowered, name = stem.lower(), list_name.lower()
    return name in (lowered, lowered + "s", lowered + "es") or lowered in (name + "s", name)
