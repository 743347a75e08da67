"""The folders Quarto renders in: the project file, the notebooks as Quarto reads them,
and the project's templates, filters and Typst beside them.

Each render gets a private staging folder (parallel Quarto runs sharing files
collide: quarto-dev/quarto-cli#6116, #5861). What Quarto is told, and why:

- never execute (``execute: enabled: false``, and ``--no-execute`` on the command
  line); no code shown (``echo: false``) and no warnings (``warning: false``);
- the project's filter, ``filters/quarto.lua``, at the ``pre-ast`` entry point: it
  runs the bundled renderer's own filters on the document, so both renderers publish
  the same text, charts with their alt text and tables;
- HTML: Quarto's Bootstrap theme with the project's colours (``quarto/scwres.scss``)
  and the project's style sheet (``scwres.css``); the contents list titled as on a
  bundled page; no "Other formats" links (``format-links: false``);
- Typst (authority reports): the project's Typst template through Quarto's template
  partials (``quarto/typst-template.typ``, ``typst-show.typ``), compiled by the
  project's Typst (``quarto_typst``: tagged PDF/UA-1) through ``QUARTO_TYPST``.

Text from returns (the authority's name) never goes into Quarto's metadata unescaped,
where it would be read as markdown: the page title is escaped with ``escape_alt``,
the band and footer are HTML escaped by Jinja, and the Typst title and marking are
Typst string literals in ``scwres-values.typ``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from scwres_helpers.config import TEMPLATES_DIR
from scwres_helpers.publish.html_page import STYLESHEET, FooterLine, YearLink, render_template
from scwres_helpers.publish.notebook_markdown import escape_alt
from scwres_helpers.publish.quarto_notebook import write_quarto_notebook
from scwres_helpers.publish.quarto_typst import write_typst_script
from scwres_helpers.publish.typst_pdf import TEMPLATE as TYPST_TEMPLATE
from scwres_helpers.publish.typst_pdf import typst_string
from scwres_helpers.publish.variables import nested

QUARTO_TEMPLATES = TEMPLATES_DIR / "quarto"
FILTERS_DIR = Path(__file__).resolve().parent / "filters"
THEME = "scwres.scss"
TYPST_PARTIALS = ("typst-template.typ", "typst-show.typ")
TYPST_VALUES = "scwres-values.typ"
SITE_FURNITURE = "site-furniture.html"
BAND_HTML = "band.html"
FOOTER_HTML = "footer.html"
PROJECT_FILE = "_quarto.yml"
VARIABLES_FILE = "_variables.yml"  # what Quarto's {{< var KEY >}} reads
YEARS_HTML = "years.html"
FAVICON = "favicon.svg"
SITE_OUTPUT_DIR = "_site"

EXECUTE = {"enabled": False, "echo": False, "warning": False}
HTML_FILTERS = [{"at": "pre-ast", "path": str(FILTERS_DIR / "quarto.lua")}]
TYPST_FILTERS = [*HTML_FILTERS, {"at": "post-render", "path": str(FILTERS_DIR / "quarto-typst.lua")}]
HTML_FORMAT: dict[str, Any] = {
    "theme": ["default", THEME],
    "css": STYLESHEET.name,
    "toc": True,
    "toc-depth": 2,
    "toc-title": "Contents",
    "format-links": False,
    "filters": HTML_FILTERS,
}


def write_yaml(path: Path, data: Mapping[str, Any]) -> Path:
    Path(path).write_text(yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return Path(path)


def _fragment(template: str, **values: Any) -> str:
    return render_template(f"quarto/{template}", **values)


def _stage_look(stage: Path) -> None:
    """The HTML look (theme and style sheet) and the Typst script Quarto will call."""
    shutil.copyfile(QUARTO_TEMPLATES / THEME, stage / THEME)
    shutil.copyfile(STYLESHEET, stage / STYLESHEET.name)
    write_typst_script(stage)


# Authority reports ----------------------------------------------------------------------


def authority_project(code: str, title: str) -> dict[str, Any]:
    """The staged ``_quarto.yml`` of one authority's report: HTML and PDF (Typst)."""
    return {
        "project": {"type": "default", "render": [f"{code}.ipynb"]},
        "execute": dict(EXECUTE),
        "lang": "en-GB",
        "pagetitle": escape_alt(title),
        "format": {
            "html": {
                **HTML_FORMAT,
                "embed-resources": True,
                "include-before-body": BAND_HTML,
                "include-after-body": FOOTER_HTML,
            },
            "typst": {"template-partials": list(TYPST_PARTIALS), "filters": TYPST_FILTERS},
        },
    }


def typst_values(*, title: str, programme: str, short_marking: str, marking: str) -> str:
    """``scwres-values.typ``: the values ``typst-show.typ`` passes to the template, as
    Typst string literals (shown as written, never read as markup)."""
    values = {
        "scwres-title": title,
        "scwres-programme": programme,
        "scwres-short-marking": short_marking,
        "scwres-marking": marking,
    }
    return "".join(f"#let {name} = {typst_string(value)}\n" for name, value in values.items())


def stage_authority(
    stage: Path, executed: Path, *, code: str, title: str, programme: str, short_marking: str, marking: str
) -> Path:
    """Fill STAGE with one authority's report project; return the staged notebook."""
    stage = Path(stage)
    notebook = write_quarto_notebook(executed, stage / f"{code}.ipynb")
    _stage_look(stage)
    shutil.copyfile(TYPST_TEMPLATE, stage / TYPST_TEMPLATE.name)
    for partial in TYPST_PARTIALS:
        shutil.copyfile(QUARTO_TEMPLATES / partial, stage / partial)
    (stage / TYPST_VALUES).write_text(
        typst_values(title=title, programme=programme, short_marking=short_marking, marking=marking),
        encoding="utf-8",
    )
    (stage / BAND_HTML).write_text(
        _fragment("band.html.j2", programme=programme, band_marking=short_marking), encoding="utf-8"
    )
    (stage / FOOTER_HTML).write_text(
        _fragment("footer.html.j2", footer_lines=(FooterLine(marking, marking=True),)), encoding="utf-8"
    )
    write_yaml(stage / PROJECT_FILE, authority_project(code, title))
    return notebook


# The national site ------------------------------------------------------------------------


def _linking_only(entries: list[Any], files: set[str]) -> list[Any]:
    """Navigation ENTRIES without links to pages not rendered (sections left empty go too),
    as the bundled site leaves them out rather than link to a file that does not exist."""
    kept = []
    for entry in entries:
        if isinstance(entry, dict) and "contents" in entry:
            contents = _linking_only(entry["contents"], files)
            if contents:
                kept.append({**entry, "contents": contents})
        elif not isinstance(entry, dict) or "href" not in entry or entry["href"] in files:
            kept.append(entry)
    return kept


def site_project(
    base: Mapping[str, Any],
    files: Iterable[str],
    *,
    footer: str,
    years: Iterable[YearLink] = (),
    resources: Iterable[str] = (),
) -> dict[str, Any]:
    """The staged ``_quarto.yml`` of the site: the project's own (BASE, read from
    ``_quarto.yml``) rendering FILES and linking only to them, with the look, the
    filter, the page footer, the favicon, and the year switcher before each page (YEARS
    itself is written into the staged fragment by ``stage_site``)."""
    project = yaml.safe_load(yaml.safe_dump(dict(base)))  # a deep copy
    files = list(files)
    project.setdefault("project", {})
    project["project"]["render"] = files
    project["project"]["output-dir"] = SITE_OUTPUT_DIR
    project["project"]["resources"] = list(resources)
    project["execute"] = {**(project.get("execute") or {}), **EXECUTE}
    html = project.setdefault("format", {}).get("html") or {}
    project["format"] = {"html": {**html, **HTML_FORMAT, "include-after-body": SITE_FURNITURE}}
    website = project.setdefault("website", {})
    navbar = website.setdefault("navbar", {})
    navbar["left"] = _linking_only(navbar.get("left") or [], set(files))
    sidebars = website.get("sidebar") or {}
    for sidebar in sidebars if isinstance(sidebars, list) else [sidebars]:
        sidebar["contents"] = _linking_only(sidebar.get("contents") or [], set(files))
    website["page-footer"] = {"center": escape_alt(footer)}
    website["favicon"] = FAVICON
    # The year switcher (``templates/years.html.j2``, as on a bundled page): a fragment
    # before the page, between the markers ``scwres publish`` rewrites.
    project["format"]["html"]["include-before-body"] = YEARS_HTML
    return project


def stage_site(
    stage: Path,
    base: Mapping[str, Any],
    chapters: Mapping[str, Path | Mapping[str, Any]],
    generated: Mapping[str, str],
    order: Iterable[str],
    *,
    footer: str,
    years: Iterable[YearLink] = (),
    resources: Mapping[str, Path] | None = None,
    variables: Mapping[str, str] | None = None,
) -> None:
    """Fill STAGE with the site project: each chapter's notebook (a file, or its JSON),
    each generated page's markdown (``.qmd``), RESOURCES (name -> file) copied in, pages
    in ORDER, and VARIABLES (flat dotted keys) as Quarto's ``_variables.yml``."""
    stage = Path(stage)
    if variables:
        write_yaml(stage / VARIABLES_FILE, nested(variables))
    files = []
    for name in order:
        if name in chapters:
            write_quarto_notebook(chapters[name], stage / f"{name}.ipynb")
            files.append(f"{name}.ipynb")
        elif name in generated:
            (stage / f"{name}.qmd").write_text(generated[name], encoding="utf-8")
            files.append(f"{name}.qmd")
    for name, path in (resources or {}).items():
        shutil.copyfile(path, stage / name)
    _stage_look(stage)
    shutil.copyfile(QUARTO_TEMPLATES / SITE_FURNITURE, stage / SITE_FURNITURE)
    shutil.copyfile(TEMPLATES_DIR / FAVICON, stage / FAVICON)
    (stage / YEARS_HTML).write_text(render_template("years.html.j2", years=tuple(years)), encoding="utf-8")
    write_yaml(
        stage / PROJECT_FILE,
        site_project(base, files, footer=footer, years=years, resources=list(resources or {})),
    )
