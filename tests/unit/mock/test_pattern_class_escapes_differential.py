"""A `pattern`'s class escapes (`\\d`, `\\w`, `\\s` and their negations) are judged as openapi-core judges them.

jsonschema-rs, the fast validator's engine, reads them as ECMA-262 does (ASCII digits and word characters, ECMA's
whitespace); openapi-core's schema validator reads them with Python's `re` (Unicode digits, letters and numbers, the
information separators as whitespace). A request Kinesis' `StreamARN` (`…:stream/\\S+`) took held U+001D, which the
mock echoed and its self-check, openapi-core, refused. Every character of the Basic Multilingual Plane, and texts
hypothesis writes, must get openapi-core's verdict.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator

from mock.pattern_syntax import class_escapes_as_python_reads
from mock.schema_validation import is_valid
from tests.differential import DIFFERENTIAL

ESCAPES = ["\\d", "\\D", "\\w", "\\W", "\\s", "\\S"]
# No text holds a lone surrogate; and a character Python's Unicode database has not assigned yet (3.11: Unicode 14)
# may be a letter in jsonschema-rs' newer one (U+1C89, Unicode 16)
PLANE = [code for code in range(0x10000) if unicodedata.category(chr(code)) not in ("Cs", "Cn")]


@pytest.mark.parametrize("escape", ESCAPES)
def test_each_character_of_the_plane_gets_pythons_verdict_outside_a_class(escape: str) -> None:
    schema = {"type": "string", "pattern": f"^{escape}$"}
    reference = re.compile(f"^{escape}$")
    differ = [code for code in PLANE if is_valid(schema, chr(code)) != bool(reference.search(chr(code)))]
    assert differ == []


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize("negated", ["", "^"])
def test_each_character_of_the_plane_gets_pythons_verdict_inside_a_class(escape: str, negated: str) -> None:
    schema = {"type": "string", "pattern": f"^[{negated}{escape}.-]$"}
    reference = re.compile(f"^[{negated}{escape}.-]$")
    differ = [code for code in PLANE if is_valid(schema, chr(code)) != bool(reference.search(chr(code)))]
    assert differ == []


PATTERNS = [
    r"^\w+$",
    r"^[\w.-]+@[\w-]+\.\w{2,}$",
    r"^\d{3}-\d{4}$",
    r"arn:aws.*:kinesis:.*:\d{12}:stream/\S+",  # Kinesis' StreamARN, unanchored
    r"^\S(.*\S)?$",
    r"^[^\s]+$",
    r"^\D*$",
    r"^[\d\s]+$",
    r"^[\S ]{0,255}$",  # rbin's descriptions: a negated escape inside a class
    r"^[^\S\n]+$",
    r"^[\W_]+$",
]
ODD = "0123456789abcXYZ_-.@/: \t\x1c\x1d\x85\xa0\ufeff\u2028\u3000é٣１²Ⅻ\u0301ß:kinesis:stream/arn:aws"


@DIFFERENTIAL
@given(pattern=st.sampled_from(PATTERNS), text=st.text(alphabet=ODD, max_size=24))
def test_a_pattern_judges_text_as_openapi_core_does(pattern: str, text: str) -> None:
    schema = {"type": "string", "pattern": pattern}
    assert is_valid(schema, text) == OAS30Validator(schema).is_valid(text)


@pytest.mark.parametrize(
    ("ecma", "written"),
    [
        (r"^\d+$", r"^\p{Nd}+$"),
        (r"^[\w.]$", r"^[\p{L}\p{N}_.]$"),
        (r"^\W$", r"^[^\p{L}\p{N}_]$"),
        (r"^[\W_]$", r"^(?:[^\p{L}\p{N}_]|[_])$"),  # a class can hold no negated one: its alternatives
        (r"^[^\W\d]$", r"^(?:(?!(?:[^\p{L}\p{N}_]|[\p{Nd}]))[\s\S])$"),
        (r"[]\d]", r"[]\p{Nd}]"),  # ECMA-262's `[]`, a class matching nothing, then the characters
        (r"^\\d$", r"^\\d$"),  # an escaped backslash, then the letter
    ],
)
def test_class_escapes_are_spelled_as_python_reads_them(ecma: str, written: str) -> None:
    assert class_escapes_as_python_reads(ecma) == written


def test_a_refusal_names_the_specs_own_pattern_not_the_one_compiled_for_it() -> None:
    # SageMaker's headers: "does not match \A[^\u0009\u000a…" quoted the spelling the validator was given
    from mock.schema_validation import iter_problems

    [problem] = iter_problems({"type": "string", "pattern": r"^\S+\d$"}, "a b")
    assert problem.message == r'"a b" does not match "^\S+\d$"'
