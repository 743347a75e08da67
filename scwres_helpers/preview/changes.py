"""What an edit affects: the decision ``scwres preview`` acts on.

- A file of ``content/<year>/``: the pages it feeds, and those alone are written again
  (a foreword: the overview; ``indicator-2.md``: that chapter; ``pages/x.md``: that
  page). When a page comes, goes or changes its title, every page's navigation
  changes, so the whole site is rendered.
- Content of another year: nothing.
- ``notebooks/``, ``templates/``, ``params/`` or ``_quarto.yml``: a national build,
  whose caches execute and render again only what depends on the edit.
- Anything else (an editor's swap file, the outputs): nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scwres_helpers.cache import canonical_json
from scwres_helpers.publish.content import YearContent


@dataclass(frozen=True)
class Watched:
    """The folders and files whose edits the preview acts on."""

    content_year: Path
    build_inputs: tuple[Path, ...]

    def is_content(self, path: Path) -> bool:
        return _inside(path, self.content_year)

    def needs_build(self, path: Path) -> bool:
        return any(_inside(path, root) for root in self.build_inputs)


def _inside(path: Path, root: Path) -> bool:
    path, root = Path(path).absolute(), Path(root).absolute()
    return path == root or root in path.parents


def needs_build(changed: Iterable[Path], watched: Watched) -> bool:
    """Whether any CHANGED path is an input of the build (notebooks, templates, settings, site)."""
    return any(watched.needs_build(path) for path in changed)


def touches_content(changed: Iterable[Path], watched: Watched) -> bool:
    """Whether any CHANGED path is in this year's content folder."""
    return any(watched.is_content(path) for path in changed)


def _page_fingerprints(content: YearContent) -> dict[str, str]:
    return {
        page: hashlib.sha256(canonical_json([[f.shown, f.title, f.text] for f in files]).encode()).hexdigest()
        for page, files in content.feeds().items()
    }


def navigation(content: YearContent) -> list[tuple[str, str | None]]:
    """The content pages and their titles, as the navigation shows them."""
    return [(name, file.title) for name, file in content.pages.items()]


def pages_to_render(before: YearContent, after: YearContent) -> set[str] | None:
    """The pages whose words differ between BEFORE and AFTER; None when the navigation
    differs (a page came, went or changed its title) or the figures do: the whole site."""
    if navigation(before) != navigation(after) or dict(before.variables) != dict(after.variables):
        return None
    old, new = _page_fingerprints(before), _page_fingerprints(after)
    return {page for page in old.keys() | new.keys() if old.get(page) != new.get(page)}
