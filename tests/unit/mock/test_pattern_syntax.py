"""ECMA-262 patterns written for Python's `re`, to make values from."""

from __future__ import annotations

import re

import pytest

from mock.pattern_syntax import (
    counted_repetitions_widened,
    dashes_beside_class_escapes_escaped,
    java_classes_spelled,
    python_pattern,
)
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


@pytest.mark.parametrize(
    "pattern,text,matches",
    [
        # AWS's uuids in Java's spelling, which jsonschema-rs refuses: unread, they were not checked at all
        (r"^\p{XDigit}{8}-\p{XDigit}{4}$", "0a1B2c3D-ffff", True),
        (r"^\p{XDigit}{8}-\p{XDigit}{4}$", "0a1B2c3G-ffff", False),
        (r"^[\p{XDigit}:]+$", "ab:01", True),
        (r"^\P{XDigit}+$", "xyz", True),
        (r"^\P{XDigit}+$", "xyz1", False),
        (r"^(\p{LD}|-)+$", "Émile-7", True),
        (r"^(\p{LD}|-)+$", "a_b", False),
        # a class of Unicode properties repeated beyond what jsonschema-rs compiles: read without the upper bound
        (r"[^\p{C}]{1,2048}", "a description", True),
        (r"[^\p{C}]{1,2048}", "", False),
        (r"[^\p{C}]{1,2048}", "\u0001\u0002", False),
        (r"^[\p{L}\p{N}]{3,4096}$", "ab", False),
        (r"^[\p{L}\p{N}]{3,4096}$", "abc" * 2000, True),  # beyond its upper bound, and taken: the one leniency
    ],
)
def test_java_classes_and_large_counted_repetitions_are_checked(pattern, text, matches):
    assert is_valid({"type": "string", "pattern": pattern}, text) is matches


def test_java_classes_are_spelled_where_a_class_can_hold_them():
    assert java_classes_spelled(r"\p{XDigit}{2}") == "[0-9A-Fa-f]{2}"
    assert java_classes_spelled(r"[\p{XDigit}_]") == "[0-9A-Fa-f_]"
    assert java_classes_spelled(r"\\p{XDigit}") == r"\\p{XDigit}"  # an escaped backslash, then text
    assert java_classes_spelled(r"[^\P{XDigit}]") is None  # a negated one inside a class: no spelling


def test_counted_repetitions_beyond_the_kept_count_lose_their_upper_bound_only():
    assert counted_repetitions_widened(r"a{1,2048}b{2,5}c{100}d{7,}", 64) == r"a{1,}b{2,5}c{64,}d{7,}"
    assert counted_repetitions_widened(r"[{1,2048}]\{1,2048}", 64) == r"[{1,2048}]\{1,2048}"  # characters, no counts
    assert counted_repetitions_widened(r"x{0,20000}", 0) == r"x{0,}"
