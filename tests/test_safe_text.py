"""The one rule for untrusted text in output (issue 18, case 5)."""

from scwres_helpers.safe_text import printable, shown_value, unsafe_character


def test_printable_escapes_controls_bidi_and_separators():
    assert printable("a\x1b]0;t\x07b") == "a\\x1b]0;t\\x07b"
    assert printable("x\u202ey\u2066z\u200bq") == "x\\u202ey\\u2066z\\u200bq"
    assert printable("l\u2028p\u2029") == "l\\u2028p\\u2029"
    assert printable("\x9b31m") == "\\x9b31m"  # the one-byte CSI of C1


def test_printable_keeps_real_text_and_is_idempotent():
    text = "Ynys Môn – Isle of Anglesey, Cymru ☺ \\x1b"
    assert printable(text) == text
    once = printable("a\u202eb\n")
    assert printable(once) == once


def test_shown_value_cuts_after_escaping():
    assert shown_value("x" * 100) == "x" * 79 + "…"
    assert shown_value("\n" * 50) == ("\\n" * 40)[:79] + "…"


def test_unsafe_character_names_the_first_one():
    assert unsafe_character("Leeds City Council") is None
    assert unsafe_character("Leeds\u202eCity\n") == "U+202E"
    assert unsafe_character("a\tb") == "U+0009"
