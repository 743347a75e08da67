"""The settings a report build injects into its notebooks, validated on load.

``params/national.yml`` holds the build's settings, the same for every report.
Papermill itself only warns about a parameter a notebook does not declare, so a
typo in a settings file would silently fall back to the notebook's default: here an
unknown key, a value of the wrong type or out of range is an error naming the file,
the key and the rule, with the nearest valid key suggested. Every problem in a file
is reported at once.

There are no per-authority settings. Every key describes the whole publication: the
figures of every authority and the national ones are computed once, with one
suppression threshold, and each report sets an authority's figures beside national
ones suppressed the same way; naming, branding and the contact are the publication's.
A ``params/authorities/`` folder (an earlier design) is an error naming each file,
so a setting written there is never silently ignored.

The file is read safely: at most ``MAX_SETTINGS_BYTES``, with PyYAML's safe loader,
and YAML aliases refused (a few lines of nested aliases expand to gigabytes: the
"billion laughs"); settings never need them.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from scwres_helpers.codes import DEFAULT_SUPPRESSION_THRESHOLD
from scwres_helpers.safe_text import printable, shown_value

NATIONAL_FILE = "national.yml"
AUTHORITIES_DIR = "authorities"  # per-authority overrides: not supported (see the docstring)
MAX_SETTINGS_BYTES = 64 * 1024
SYNTHETIC_CODE_PREFIX = "X"
MIN_SUPPRESSION_THRESHOLD = 2
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Domains kept for examples (RFC 2606 and 6761): mail sent there reaches nobody, so an
# address in one (such as the shipped sc-wres@example.org) is a placeholder.
_EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")
_EXAMPLE_TOP_LEVEL = ("example", "test", "invalid", "localhost")


class ParamsError(ValueError):
    """Settings files that cannot be used; PROBLEMS has one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ReportParams:
    """The settings of one report build, as papermill injects them."""

    publisher: str
    programme_name: str
    contact_email: str
    report_title: str
    suppression_threshold: int = DEFAULT_SUPPRESSION_THRESHOLD
    authorities_named: bool = False
    show_four_fifths_band: bool = True
    synthetic_data: bool | None = None
    # The day each collection year's reports are (or will be) published: shown on the
    # site and the reports, and the date of every file (``dates``). Year -> date.
    publication_dates: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        problems = [
            f"{name}: {rule}"
            for name, value in dataclasses.asdict(self).items()
            if (rule := _broken_rule(name, value)) is not None
        ]
        if problems:
            raise ParamsError(problems)

    def to_papermill(self, year: int | None = None) -> dict[str, Any]:
        """The parameters papermill injects (JSON-safe, in field order).

        With YEAR, a notebook's: ``publication_date`` is that year's (ISO text, or None),
        in place of every year's dates. Without, the settings as written (the manifest's).
        """
        values = dataclasses.asdict(self)
        dates = values.pop("publication_dates")
        if year is None:
            return {**values, "publication_dates": {str(y): _iso(d) for y, d in sorted(dates.items())}}
        published = dates.get(int(year))
        return {**values, "publication_date": _iso(published) if published is not None else None}

    def publication_date(self, year: int, params_dir: Path | str = "params") -> date:
        """YEAR's publication date; a ParamsError naming the file and key when it has none."""
        published = self.publication_dates.get(int(year))
        if published is None:
            raise ParamsError([
                f"{Path(params_dir) / NATIONAL_FILE}: publication_dates has no date for {int(year)}; add "
                f"'{int(year)}: YYYY-MM-DD' under publication_dates (the day the {int(year)} reports are, or "
                "will be, published: the reports show it and every file is dated with it)"])
        return _as_date(published)

    def is_synthetic(self, authority_codes: Iterable[str]) -> bool:
        """Whether the report must say its data are synthetic.

        The setting wins; left unset (null), data are synthetic when any authority code
        starts with "X", the prefix the sample data use and no real GSS code has.
        """
        if self.synthetic_data is not None:
            return self.synthetic_data
        return any(code.startswith(SYNTHETIC_CODE_PREFIX) for code in authority_codes)

    def resolved(self, authority_codes: Iterable[str]) -> ReportParams:
        """A copy with ``synthetic_data`` decided for these authorities."""
        return dataclasses.replace(self, synthetic_data=self.is_synthetic(authority_codes))


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _iso(value: Any) -> str:
    return _as_date(value).isoformat()


def _is_publication_dates(value: Any) -> bool:
    """A mapping of collection years (whole numbers) to dates (YYYY-MM-DD) later than the year."""
    if not isinstance(value, dict):
        return False
    for year, day in value.items():
        if not _is_int(year) or not 2000 <= year <= 2100:
            return False
        try:
            published = _as_date(day) if isinstance(day, (date, str)) else None
        except ValueError:
            return False
        if published is None or published.year < year:
            return False
    return True


def is_placeholder_email(address: str) -> bool:
    """Whether ADDRESS is at a domain kept for examples (nobody would read what is sent)."""
    domain = address.rsplit("@", 1)[-1].strip().lower().rstrip(".")
    return (domain in _EXAMPLE_DOMAINS or domain.endswith(tuple("." + d for d in _EXAMPLE_DOMAINS))
            or domain.rsplit(".", 1)[-1] in _EXAMPLE_TOP_LEVEL)


def placeholder_warnings(params: ReportParams, params_dir: Path) -> list[str]:
    """Settings that are valid but cannot be what is meant for publication, one line each."""
    if not is_placeholder_email(params.contact_email):
        return []
    return [f"{Path(params_dir) / NATIONAL_FILE}: contact_email {params.contact_email} is a placeholder "
            "(an example domain: mail sent there reaches nobody) and it is printed on every report; "
            "set the real address before publishing"]


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# key -> (check, the rule in words)
_RULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "publisher": (_is_text, "must be non-empty text"),
    "programme_name": (_is_text, "must be non-empty text"),
    "report_title": (_is_text, "must be non-empty text"),
    "contact_email": (
        lambda v: isinstance(v, str) and _EMAIL.match(v) is not None,
        "must be an email address (name@domain)",
    ),
    "suppression_threshold": (
        lambda v: _is_int(v) and v >= MIN_SUPPRESSION_THRESHOLD,
        f"must be a whole number of at least {MIN_SUPPRESSION_THRESHOLD}",
    ),
    "authorities_named": (lambda v: isinstance(v, bool), "must be true or false"),
    "show_four_fifths_band": (lambda v: isinstance(v, bool), "must be true or false"),
    "synthetic_data": (
        lambda v: v is None or isinstance(v, bool),
        "must be true, false or null (null: decide from the authority codes)",
    ),
    "publication_dates": (
        _is_publication_dates,
        "must map each collection year to the day its reports are published, one 'YEAR: YYYY-MM-DD' "
        "line each (the date no earlier than the year)",
    ),
}
KEYS = tuple(field.name for field in dataclasses.fields(ReportParams))
REQUIRED_KEYS = tuple(
    field.name
    for field in dataclasses.fields(ReportParams)
    if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
)
assert set(_RULES) == set(KEYS), "every setting needs a rule"


def _broken_rule(key: str, value: Any) -> str | None:
    check, rule = _RULES[key]
    if check(value):
        return None
    return f"{rule}, not {shown_value(repr(value))}"


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice (PyYAML would keep the last silently) and
    any alias (``*name``), before it is expanded."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in settings files; write the value out",
                event.start_mark)
        return super().compose_node(parent, index)


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} is given twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def _read_yaml(path: Path) -> tuple[dict[Any, Any] | None, str | None]:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_SETTINGS_BYTES + 1)
        if len(data) > MAX_SETTINGS_BYTES:
            return None, (f"{path}: larger than the {MAX_SETTINGS_BYTES // 1024} KB a settings file may be "
                          "(it holds eight short settings); not read")
        text = data.decode("utf-8")
    except FileNotFoundError:
        return None, f"{path}: file not found"
    except (OSError, UnicodeDecodeError) as error:
        return None, f"{path}: cannot be read ({shown_value(str(error))})"
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as error:
        return None, f"{path}: not valid YAML: {_yaml_problem(error)}"
    except ValueError as error:  # a date that does not exist (2025-02-30)
        return None, f"{path}: not valid YAML: {printable(str(error))}"
    except RecursionError:
        return None, f"{path}: nested too deeply to be settings (a settings file is key: value lines)"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return None, f"{path}: must be a mapping of key: value lines, not a {type(data).__name__}"
    return data, None


def _yaml_problem(error: yaml.YAMLError) -> str:
    """The parser's complaint and where, on one line (PyYAML's own text spans several)."""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    mark = getattr(error, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    return printable(f"{problem}{where}")


def _read_settings(path: Path, required: tuple[str, ...] = ()) -> tuple[dict[str, Any], list[str]]:
    """The valid settings in PATH, and a problem line for every invalid or missing one."""
    data, problem = _read_yaml(path)
    if data is None:
        return {}, [problem or f"{path}: unreadable"]
    settings: dict[str, Any] = {}
    problems = []
    for key, value in data.items():
        if key not in _RULES:
            nearest = difflib.get_close_matches(str(key), KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean '{nearest[0]}'?)" if nearest else f" (valid keys: {', '.join(KEYS)})"
            problems.append(f"{path}: unknown key '{shown_value(str(key))}'{hint}")
        elif (rule := _broken_rule(key, value)) is not None:
            problems.append(f"{path}: key '{key}' {rule}")
        else:
            settings[key] = value
    problems += [f"{path}: key '{key}' is required" for key in required if key not in data]
    return settings, problems


def load_params(params_dir: Path) -> ReportParams:
    """The build's settings (``national.yml``), validated."""
    settings, problems = _read_settings(Path(params_dir) / NATIONAL_FILE, required=REQUIRED_KEYS)
    if problems:
        raise ParamsError(problems)
    return ReportParams(**settings)


def check_params_dir(params_dir: Path) -> None:
    """Validate the settings folder at the start of a build, before any notebook runs.

    Besides ``national.yml``, a file under ``authorities/`` is an error: per-authority
    settings are not supported (see the module docstring), and one written there
    must not be silently ignored.
    """
    params_dir = Path(params_dir)
    load_params(params_dir)
    folder = params_dir / AUTHORITIES_DIR
    leftovers = sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []
    if leftovers:
        raise ParamsError([
            f"{path}: per-authority settings are not supported (every report uses {NATIONAL_FILE}: the "
            "figures and their suppression are computed once for all authorities); move the setting "
            f"to {NATIONAL_FILE} or delete the file"
            for path in leftovers
        ])
