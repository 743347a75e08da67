"""The words of the brand (programme name, titles, handling marking) from ``templates/``.

Kept in ``templates/branding.yml`` so the HTML and the PDF say the same thing.
Placeholders are filled with ``str.replace``, the authority's name last, so braces
or placeholder-like text in a name stay as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from scwres_helpers.config import TEMPLATES_DIR

BRANDING_FILE = TEMPLATES_DIR / "branding.yml"


@dataclass(frozen=True)
class Branding:
    programme: str
    short_name: str
    authority_title: str
    authority_marking: str
    short_marking: str
    national_subtitle: str
    summary_title: str
    summary_footer: str

    def fill(self, pattern: str, *, year: int, authority: str = "") -> str:
        """PATTERN with ``{year}`` and then ``{authority}`` replaced (plain text, unescaped)."""
        return pattern.replace("{year}", str(int(year))).replace("{authority}", " ".join(authority.split()))


@lru_cache(maxsize=1)
def load_branding() -> Branding:
    data = yaml.safe_load(BRANDING_FILE.read_text(encoding="utf-8"))
    return Branding(**{key: str(data[key]) for key in Branding.__dataclass_fields__})
