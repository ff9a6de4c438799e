from __future__ import annotations

import pytest

from mock.preferences import InvalidPreference, Preferences, parse_preferences


def test_prism_prefer_header():
    assert parse_preferences("code=402, example=paid, dynamic=true") == Preferences(402, "paid", True)
    assert parse_preferences('example="quoted"; code=200') == Preferences(200, "quoted", None)
    assert parse_preferences(None).empty and parse_preferences("respond-async").empty


def test_query_forms():
    assert parse_preferences(None, (("__code", "429"), ("__dynamic", "false"))) == Preferences(429, None, False)


def test_a_query_form_the_operation_reads_itself_is_its_value_not_an_override():
    query = (("__code", "429"), ("__dynamic", ":"))
    assert parse_preferences(None, query, owned_by_api=lambda key: key == "__dynamic") == Preferences(429, None, None)
    assert parse_preferences("code=201", query, owned_by_api=lambda key: True) == Preferences(201, None, None)
    with pytest.raises(InvalidPreference):
        parse_preferences(None, query)


@pytest.mark.parametrize(
    "header", ["code=abc", "code=99", "code=600", "dynamic=maybe", "code=0200", "code=" + "9" * 5000]
)
def test_bad_overrides_are_refused(header):
    with pytest.raises(InvalidPreference):
        parse_preferences(header)


def test_a_5000_digit_code_is_refused_without_converting_it():
    with pytest.raises(InvalidPreference, match="5000 characters"):
        parse_preferences(None, (("__code", "4" * 5000),))
