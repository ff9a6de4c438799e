"""A schema's `pattern` (ECMA-262, JSON Schema's dialect) written the way Python's `re` reads it, to make values from.

Only the generator needs this: requests and answers are judged by the validator's own engine, which reads ECMA-262.
What is written here may match fewer strings than the pattern does (a letter is a Latin one), never other strings
that the pattern refuses where it can be helped; a value made from it is still checked against the pattern itself.
"""

from __future__ import annotations

import re

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
    **dict.fromkeys(("Alnum", "IsAlnum"), _LETTERS + "0-9"),
}

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


def dashes_beside_class_escapes_escaped(pattern: str) -> str:
    """`pattern` with each `-` beside a class escape in a character class written `\\-`: the character it stands
    for in ECMA-262's web reading (Annex B), Java's and .NET's, where Python and ECMA-262's unicode mode, which
    jsonschema-rs reads, refuse the range (Komga's `^/[\\w-/]*[a-zA-Z0-9]$`). A pattern either reads is unchanged
    in meaning: a range can have no class escape at an end."""
    out: list[str] = []
    in_class = after_class_escape = False
    at = 0
    while at < len(pattern):
        char = pattern[at]
        if char == "\\" and at + 1 < len(pattern):
            token = pattern[at : at + 2]
            at += 2
            is_class_escape = in_class and token[1] in _CLASS_ESCAPES
            if is_class_escape and out and out[-1] == "-":
                out[-1] = "\\-"
            out.append(token)
            after_class_escape = is_class_escape
            continue
        at += 1
        if char == "-" and in_class and after_class_escape:
            char = "\\-"
        elif char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:  # ECMA-262's `[]` is a class, empty: this `]` closes it
            in_class = False
        out.append(char)
        after_class_escape = False
    return "".join(out)


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


__all__ = ["PROPERTY_CHARACTERS", "dashes_beside_class_escapes_escaped", "python_pattern"]
