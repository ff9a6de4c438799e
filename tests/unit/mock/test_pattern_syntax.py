"""ECMA-262 patterns written for Python's `re`, to make values from."""

from __future__ import annotations

import re

import pytest

from mock.pattern_syntax import dashes_beside_class_escapes_escaped, python_pattern
from mock.schema_validation import is_valid


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


@pytest.mark.parametrize(
    "ecma,written",
    [
        (r"^/[\w-/]*[a-zA-Z0-9]$", r"^/[\w\-/]*[a-zA-Z0-9]$"),  # Komga's context path
        (r"^[\w-.]+$", r"^[\w\-.]+$"),
        (r"^[.-\d]$", r"^[.\-\d]$"),
        (r"^[^-\s]$", r"^[^\-\s]$"),
        (r"^[a-z-]+$", r"^[a-z-]+$"),  # no class escape beside it: a range, or the character, as it was
        (r"^\w-\d$", r"^\w-\d$"),  # outside a class a dash is the character already
        (r"^\[\w-]$", r"^\[\w-]$"),  # an escaped `[` opens no class
        (r"[]\w-.]", r"[]\w-.]"),  # ECMA's `[]` is a class of its own, closed at once
    ],
)
def test_a_dash_beside_a_class_escape_in_a_class_is_written_as_the_character(ecma, written):
    assert dashes_beside_class_escapes_escaped(ecma) == written


@pytest.mark.parametrize(
    "ecma,text,matches",
    [
        (r"^/[\w-/]*[a-zA-Z0-9]$", "/komga/v-2", True),
        (r"^/[\w-/]*[a-zA-Z0-9]$", "/komga/", False),
        (r"^/[\w-/]*[a-zA-Z0-9]$", "/a.b", False),
        (r"^[\w-.]+$", "a-.b", True),
        (r"^[\w-.]+$", "a b", False),
        (r"^[.-\d]+$", "-.5", True),
        (r"^[.-\d]+$", "/", False),  # between `.` and `0`: a range would take it
    ],
)
def test_a_pattern_with_such_a_dash_is_checked_as_it_reads_on_the_web(ecma, text, matches):
    # jsonschema-rs refuses the pattern as written: unread, it had left the whole schema unchecked
    assert is_valid({"type": "string", "pattern": ecma}, text) is matches
    written = python_pattern(ecma)
    assert written is not None and bool(re.search(written, text)) is matches
