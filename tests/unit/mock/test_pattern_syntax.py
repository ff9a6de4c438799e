"""ECMA-262 patterns written for Python's `re`, to make values from."""

from __future__ import annotations

import re

import pytest

from mock.pattern_syntax import python_pattern


@pytest.mark.parametrize(
    "ecma,text,matches",
    [
        (r"^[\p{L}]+$", "Émile", True),
        (r"^[\p{L}]+$", "x1", False),
        (r"^\p{Lu}\p{Ll}+$", "Jean", True),
        (r"^\p{Lu}\p{Ll}+$", "jean", False),
        (r"^\P{N}+$", "abc", True),
        (r"^\P{N}+$", "a1", False),
        (r"^(?<area>\d{3})-\k<area>$", "123-123", True),
        (r"^(?<area>\d{3})-\k<area>$", "123-124", False),
        (r"^a[^]b$", "a\nb", True),
        (r"^a[]b$", "ab", False),
        (r"^[a[]+$", "a[a", True),
        (r"^\u{41}$", "A", True),
        (r"^[\p{L} '-]+$", "Mary-Ann O'Neil", True),
        (r"(?<=a)b", "ab", True),  # a lookbehind is not a named group
    ],
)
def test_the_written_pattern_matches_what_the_ecma_one_does(ecma, text, matches):
    written = python_pattern(ecma)
    assert written is not None
    assert bool(re.search(written, text)) is matches


@pytest.mark.parametrize("ecma", [r"\p{Greek}", r"[^\P{L}]", r"\p{Sc}"])
def test_what_python_cannot_spell_is_none(ecma):
    assert python_pattern(ecma) is None


def test_a_plain_pattern_is_left_as_it_is():
    pattern = r"^((xn--)?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*\.)+[a-zA-Z]{2,}\.?$"
    assert python_pattern(pattern) == pattern
