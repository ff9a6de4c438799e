"""A schema's `pattern` (ECMA-262, JSON Schema's dialect) written the way Python's `re` reads it, to make values from.

Mostly the generator needs this: requests and answers are judged by the validator's own engine, which reads ECMA-262
syntax (its class escapes spelled as Python's `re` reads them, `class_escapes_as_python_reads`, as openapi-core does).
What is written here may match fewer strings than the pattern does (a letter is a Latin one), never other strings
that the pattern refuses where it can be helped; a value made from it is still checked against the pattern itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

# Unicode property escapes (`\p{L}`, with ECMA's `u` flag, as Java and .NET write them) as the characters that
# stand for them: enough to make readable values, not the whole category.
_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿ"
PROPERTY_CHARACTERS = {
    **dict.fromkeys(("L", "Letter", "L&", "LC", "Alpha", "Alphabetic", "IsAlphabetic", "IsLetter"), _LETTERS),
    **dict.fromkeys(("Lu", "Uppercase_Letter", "Upper", "Uppercase", "IsUppercase"), "A-ZÀ-ÖØ-Þ"),
    **dict.fromkeys(("Ll", "Lowercase_Letter", "Lower", "Lowercase", "IsLowercase"), "a-zß-öø-ÿ"),
    **dict.fromkeys(("N", "Number", "Nd", "Decimal_Number", "Digit", "IsDigit"), "0-9"),
    **dict.fromkeys(("Zs", "Space_Separator", "Z", "Separator", "IsWhite_Space", "White_Space"), " "),
    **dict.fromkeys(("P", "Punct", "Punctuation", "IsPunctuation"), ".,;:!?'\\-"),
    **dict.fromkeys(("M", "Mark", "Mn", "Nonspacing_Mark"), "\u0300-\u036f"),
    **dict.fromkeys(("Alnum", "IsAlnum", "LD"), _LETTERS + "0-9"),
    "XDigit": "0-9A-Fa-f",
    "all": _LETTERS + "0-9",
}

# Java's classes that ECMA-262 has no property for (AWS's specs write `\p{XDigit}{8}-…` for a uuid), as the
# members of a class that spells each whole: what a validator reading ECMA-262 checks in their place.
JAVA_ONLY_CLASSES = {"XDigit": "0-9A-Fa-f", "LD": "\\p{L}\\p{Nd}", "L1": "\\x00-\\xff", "all": "\\s\\S"}
_JAVA_ONLY = re.compile(r"\\([pP])\{(" + "|".join(JAVA_ONLY_CLASSES) + r")\}")

_ESCAPE = re.compile(
    r"\\(?P<negated>[pP])\{(?:(?:gc|General_Category|sc|Script)=)?(?P<name>[A-Za-z_&]+)\}"
    r"|\\u\{(?P<code>[0-9A-Fa-f]{1,6})\}"
    r"|\(\?<(?P<group>[A-Za-z_][A-Za-z0-9_]*)>"
    r"|\\k<(?P<reference>[A-Za-z_][A-Za-z0-9_]*)>"
    r"|\\."
    r"|\[\^?"
    r"|\]"
)


_CLASS_ESCAPES = frozenset("dDwWsS")


def _tokens(pattern: str) -> Iterator[tuple[str, bool]]:
    """Each escape (`\\d`, two characters) or character of a pattern, and whether it stands inside a character class:
    a `[` opening one and the `]` closing it count as outside and inside. ECMA-262's `[]` is a class, empty: its `]`
    closes it; a `[` inside a class is the character."""
    in_class = False
    at = 0
    while at < len(pattern):
        if pattern[at] == "\\" and at + 1 < len(pattern):
            yield pattern[at : at + 2], in_class
            at += 2
            continue
        char = pattern[at]
        at += 1
        yield char, in_class
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False


def dashes_beside_class_escapes_escaped(pattern: str) -> str:
    """`pattern` with each `-` beside a class escape in a character class written `\\-`: the character it stands
    for in ECMA-262's web reading (Annex B), Java's and .NET's, where Python and ECMA-262's unicode mode, which
    jsonschema-rs reads, refuse the range (Komga's `^/[\\w-/]*[a-zA-Z0-9]$`). A pattern either reads is unchanged
    in meaning: a range can have no class escape at an end."""
    out: list[str] = []
    after_class_escape = False
    for token, in_class in _tokens(pattern):
        is_class_escape = len(token) == 2 and in_class and token[1] in _CLASS_ESCAPES
        if is_class_escape and out and out[-1] == "-":
            out[-1] = "\\-"
        elif token == "-" and in_class and after_class_escape:
            token = "\\-"
        out.append(token)
        after_class_escape = is_class_escape
    return "".join(out)


# Python's whitespace (`str.isspace`), which its `re` reads `\s` as: ECMA-262's but for the information separators
# (U+001C-U+001F) and NEL (U+0085), which only Python's holds, and the byte order mark, which only ECMA's does
_PYTHON_SPACE = "".join(f"\\u{code:04x}" for code in range(0x10000) if chr(code).isspace())  # none lies beyond
# Each class escape as Python's `re` reads it for text (Unicode digits, letters and numbers, its own whitespace),
# written for jsonschema-rs, which reads ECMA-262's ASCII ones: outside a class, and inside one where it can be
_AS_PYTHON_READS = {
    "d": ("\\p{Nd}", "\\p{Nd}"),
    "D": ("\\P{Nd}", "\\P{Nd}"),
    "w": ("[\\p{L}\\p{N}_]", "\\p{L}\\p{N}_"),
    "W": ("[^\\p{L}\\p{N}_]", None),
    "s": (f"[{_PYTHON_SPACE}]", _PYTHON_SPACE),
    "S": (f"[^{_PYTHON_SPACE}]", None),
}
# The negated ones, which no class can spell among its members (`[\\S ]`): it becomes the alternatives it offers
_ALTERNATIVES_IN_A_CLASS = frozenset(
    f"\\{letter}" for letter, (_, inside) in _AS_PYTHON_READS.items() if inside is None
)


def class_escapes_as_python_reads(pattern: str) -> str:
    """`pattern` with `\\d`, `\\w`, `\\s` and their negations spelled as Python's `re` reads them, which is how
    openapi-core judges a value: a name `^\\w+$` takes `José`, a `\\d` takes `٣`, and `\\S` refuses U+001D, which
    a request sent and an answer echoed (Kinesis' `StreamARN`). A class holding a negated one (`[\\S ]`, rbin's
    descriptions), which no class can spell, is written as the alternatives it offers."""
    out: list[str] = []
    held: list[str] | None = None  # the tokens of the class being read
    for token, in_class in _tokens(pattern):
        if held is None and token == "[" and not in_class:
            held = [token]
        elif held is not None:
            held.append(token)
            if token == "]" and in_class:
                out.append(_class_as_python_reads(held))
                held = None
        else:
            spelled = _AS_PYTHON_READS.get(token[1]) if len(token) == 2 else None
            out.append(spelled[0] if spelled else token)
    return "".join(out) + "".join(held or ())


def _class_as_python_reads(tokens: list[str]) -> str:
    """One character class (its tokens, brackets included) with its class escapes as Python reads them."""
    negated = tokens[1] == "^"
    members = tokens[2 if negated else 1 : -1]
    alternatives = [_AS_PYTHON_READS[t[1]][0] for t in members if t in _ALTERNATIVES_IN_A_CLASS]
    kept = "".join(
        _AS_PYTHON_READS[t[1]][1] or t if len(t) == 2 and t[1] in _AS_PYTHON_READS else t
        for t in members
        if t not in _ALTERNATIVES_IN_A_CLASS
    )
    if not alternatives:
        return ("[^" if negated else "[") + kept + "]"
    either = "(?:" + "|".join([*alternatives, *([f"[{kept}]"] if kept else [])]) + ")"
    return f"(?:(?!{either})[\\s\\S])" if negated else either


# What replaces the text at a position of a pattern (a class known to be inside one or not): the replacement and
# where the text it replaces ends; None to keep the character there.
Replacement = Callable[[str, int, bool], tuple[str, int] | None]


def _rewritten(pattern: str, replace: Replacement) -> str:
    """`pattern` with what `replace` replaces at the start of each token (`_tokens`), where it replaces something."""
    out: list[str] = []
    at = resume = 0  # where the token starts; where the text a replacement replaced ends
    for token, in_class in _tokens(pattern):
        start, at = at, at + len(token)
        if start < resume:
            continue
        found = replace(pattern, start, in_class)
        if found is None:
            out.append(token)
        else:
            out.append(found[0])
            resume = found[1]
    return "".join(out)


class _Unspellable(Exception):
    """A negated class inside a class: no class can spell it among its members."""


def java_classes_spelled(pattern: str) -> str | None:
    """`pattern` with Java's classes that ECMA-262 lacks (`JAVA_ONLY_CLASSES`) spelled as classes it reads; None
    where one is negated inside a class (`[\\P{XDigit}x]`)."""

    def spelled(text: str, at: int, in_class: bool) -> tuple[str, int] | None:
        found = _JAVA_ONLY.match(text, at)
        if found is None:
            return None
        members, negated = JAVA_ONLY_CLASSES[found.group(2)], found.group(1) == "P"
        if in_class and negated:
            raise _Unspellable
        return (members if in_class else f"[{'^' if negated else ''}{members}]"), found.end()

    try:
        return _rewritten(pattern, spelled)
    except _Unspellable:
        return None


_COUNTED = re.compile(r"\{(\d+)(?:,(\d*))?\}")


def counted_repetitions_widened(pattern: str, most: int) -> str:
    """`pattern` with each counted repetition bounded beyond `most` (`{1,2048}`, `{0,20000}`, `{4096}`) written to
    repeat at least `min(low, most)` times, without an upper bound: it takes every value the pattern takes, and
    few more. A regex engine with a limit on a compiled pattern's size (jsonschema-rs's) refuses `[^\\p{C}]{1,2048}`
    (AWS's descriptions), and a pattern it refuses is otherwise not checked at all."""

    def widened(text: str, at: int, in_class: bool) -> tuple[str, int] | None:
        found = _COUNTED.match(text, at) if not in_class else None
        if found is None or max(int(found.group(1)), int(found.group(2) or 0)) <= most:
            return None
        return f"{{{min(int(found.group(1)), most)},}}", found.end()

    return _rewritten(pattern, widened)


def python_pattern(pattern: str) -> str | None:
    """`pattern` in Python's `re` syntax, or None when it holds something with no such spelling (an unknown
    property, a negated property inside a class)."""
    pattern = dashes_beside_class_escapes_escaped(pattern)
    out: list[str] = []
    in_class = False
    at = 0
    while (found := _ESCAPE.search(pattern, at)) is not None:
        out.append(pattern[at : found.start()])
        at = found.end()
        text = found.group()
        if found.group("name"):
            characters = PROPERTY_CHARACTERS.get(found.group("name"))
            negated = found.group("negated") == "P"
            if characters is None or (negated and in_class):
                return None
            out.append(characters if in_class else f"[{'^' if negated else ''}{characters}]")
        elif found.group("code"):
            out.append(f"\\U{int(found.group('code'), 16):08x}")
        elif found.group("group"):
            out.append(text if in_class else f"(?P<{found.group('group')}>")
        elif found.group("reference"):
            out.append(f"(?P={found.group('reference')})")
        elif text.startswith("[") and in_class:
            out.append("\\" + text)  # ECMA's `[` inside a class is the character
        elif text.startswith("["):
            if pattern.startswith("]", at):  # ECMA's `[]` matches nothing and `[^]` anything; Python reads neither
                out.append("[\\s\\S]" if text == "[^" else "(?!)")
                at += 1
                continue
            out.append(text)
            in_class = True
        elif text == "]":
            out.append(text)
            in_class = False
        else:
            out.append(text)
    out.append(pattern[at:])
    written = "".join(out)
    try:
        re.compile(written)
    except re.error:
        return None
    return written


__all__ = [
    "JAVA_ONLY_CLASSES",
    "PROPERTY_CHARACTERS",
    "class_escapes_as_python_reads",
    "counted_repetitions_widened",
    "dashes_beside_class_escapes_escaped",
    "java_classes_spelled",
    "python_pattern",
]
