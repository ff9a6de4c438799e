"""An invalid request refused for its size (413, 414, 431) is refused: Discord's path parameter drawn 150 KB long,
past its `maxLength`, was answered 414 URI Too Long, and reported as "Schema-violating request accepted"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from contract_tests.runner import _refused_as_too_large

NEGATIVE = SimpleNamespace(name="negative_data_rejection")


def _answered(status: int) -> SimpleNamespace:
    return SimpleNamespace(interactions={"c": SimpleNamespace(response=SimpleNamespace(status_code=status))})


@pytest.mark.parametrize("status", [413, 414, 431])
def test_a_refusal_for_size_is_a_refusal(status):
    assert _refused_as_too_large(_answered(status), "c", NEGATIVE)


@pytest.mark.parametrize("status", [200, 201, 204, 302, 418])
def test_an_answer_that_is_no_refusal_for_size_stays_judged(status):
    assert not _refused_as_too_large(_answered(status), "c", NEGATIVE)


def test_only_the_rejection_check_is_excused_and_an_unanswered_case_is_not():
    assert not _refused_as_too_large(_answered(414), "c", SimpleNamespace(name="status_code_conformance"))
    assert not _refused_as_too_large(SimpleNamespace(interactions={}), "c", NEGATIVE)
