"""Names that become file names, checked before any path is built from them.

Authority codes come from returns (untrusted), page names from the build; neither
may ever carry a separator, ``..`` or anything else that could steer a write.
"""

from __future__ import annotations

import re

from scwres_helpers.codes import AUTHORITY_CODE_PATTERN

PAGE_NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class UnsafeNameError(ValueError):
    """A code or page name that must not be used in a path."""


def checked_authority_code(code: object) -> str:
    """CODE if it is a valid authority code (one capital letter and 8 digits)."""
    if not isinstance(code, str) or not AUTHORITY_CODE_PATTERN.fullmatch(code):
        raise UnsafeNameError(f"not a valid authority code: {code!r}")
    return code


def checked_page_name(name: object) -> str:
    """NAME if it is a plain page name (lower-case letters, digits and hyphens)."""
    if not isinstance(name, str) or not PAGE_NAME_PATTERN.fullmatch(name):
        raise UnsafeNameError(f"not a valid page name: {name!r}")
    return name
