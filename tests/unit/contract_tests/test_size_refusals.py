"""An invalid request refused for its size (413, 414, 431) is refused: Discord's path parameter drawn 150 KB long,
past its `maxLength`, was answered 414 URI Too Long, and reported as "Schema-violating request accepted". A 414 for a
URL past what RFC 9110 asks every server to read is no undocumented status either."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from contract_tests.runner import _refused_as_too_large

NEGATIVE = SimpleNamespace(name="negative_data_rejection")


def _answered(status: int, uri: str = "http://x/items") -> SimpleNamespace:
    exchange = SimpleNamespace(response=SimpleNamespace(status_code=status), request=SimpleNamespace(uri=uri))
    return SimpleNamespace(interactions={"c": exchange})


@pytest.mark.parametrize("status", [413, 414, 431])
def test_a_refusal_for_size_is_a_refusal(status):
    assert _refused_as_too_large(_answered(status), "c", NEGATIVE)


@pytest.mark.parametrize("status", [200, 201, 204, 302, 418])
def test_an_answer_that_is_no_refusal_for_size_stays_judged(status):
    assert not _refused_as_too_large(_answered(status), "c", NEGATIVE)


def test_only_the_rejection_check_is_excused_and_an_unanswered_case_is_not():
    assert not _refused_as_too_large(_answered(414), "c", SimpleNamespace(name="status_code_conformance"))
    assert not _refused_as_too_large(SimpleNamespace(interactions={}), "c", NEGATIVE)


def test_an_undocumented_414_for_a_url_longer_than_servers_read_is_no_finding():
    # Circuit's `GET /spaces/ids`, a list of ids drawn 100 KB long: no spec documents its server's limits
    undocumented = SimpleNamespace(name="status_code_conformance")
    assert _refused_as_too_large(_answered(414, "http://x/spaces/ids?ids=" + "a" * 9000), "c", undocumented)
    assert not _refused_as_too_large(_answered(414, "http://x/spaces/ids?ids=a"), "c", undocumented)  # short: a bug
    assert not _refused_as_too_large(_answered(413, "http://x/" + "a" * 9000), "c", undocumented)
