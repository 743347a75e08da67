"""Text from returns and settings files, made safe to print: the one rule, used everywhere.

Returns are untrusted. A cell, a column name, a sheet or file name may hold a line
break that forges a line of output, a terminal escape (``ESC]0;...BEL`` retitles
the window, ``ESC[2J`` clears it) or a bidirectional override (U+202E) that makes
the rest of a line read backwards. Every Unicode control, format (bidi marks and
overrides, zero-width characters), surrogate, private-use or unassigned character
and the line and paragraph separators are shown as Python escapes (``\\n``,
``\\x1b``, ``\\u202e``),
never passed through. Escaping is idempotent, so text made printable twice reads
the same.

Names that reports print (an authority's name, an action's words) must not hold
such characters at all: ``unsafe_character`` finds the first one, for a message
that names it.
"""

from __future__ import annotations

import unicodedata

SHOWN_VALUE_LENGTH = 80
# Unicode general categories never printed as they are: Cc control, Cf format (bidi
# overrides and isolates, zero-width characters), Cs surrogate, Co private use,
# Cn unassigned, Zl line separator, Zp paragraph separator.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def is_unsafe(ch: str) -> bool:
    """True for a character that could break a line, drive a terminal or reorder text."""
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


def printable(text: str) -> str:
    """TEXT on one line, every unsafe character shown as an escape; never shortened."""
    if text.isascii() and text.isprintable():  # the common case, checked in C
        return text
    return "".join(ch.encode("unicode_escape").decode("ascii") if is_unsafe(ch) else ch for ch in text)


def shown_value(text: str, limit: int | None = SHOWN_VALUE_LENGTH) -> str:
    """Like ``printable``, and cut to LIMIT characters (with '…'; None: not cut): a value quoted in a message."""
    cleaned = printable(text)
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


def unsafe_character(text: str) -> str | None:
    """The first unsafe character of TEXT, written as ``U+202E``, or None when there is none."""
    for ch in text:
        if is_unsafe(ch):
            return f"U+{ord(ch):04X}"
    return None
