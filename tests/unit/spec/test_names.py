"""mock.spec.names: one key for every spelling of the same words."""

from __future__ import annotations

import pytest

from mock.spec.names import spelling_key


@pytest.mark.parametrize(
    "spelling", ["friendly_name", "friendlyName", "FriendlyName", "FRIENDLY-NAME", "friendly name"]
)
def test_every_spelling_of_the_same_words_has_one_key(spelling: str) -> None:
    assert spelling_key(spelling) == "friendlyname"


def test_other_words_keep_other_keys() -> None:
    assert len({spelling_key(name) for name in ("page_size", "page", "size", "pageSizes", "page_token")}) == 5
