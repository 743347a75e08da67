"""The settings a report build injects into its notebooks, validated on load.

``params/national.yml`` holds the national run's settings; an authority may have
``params/authorities/<CODE>.yml`` overriding some of them. Papermill itself only
warns about a parameter a notebook does not declare, so a typo in a settings file
would silently fall back to the notebook's default: here an unknown key, a value
of the wrong type or out of range is an error naming the file, the key and the
rule, with the nearest valid key suggested. Every problem in a file is reported at
once.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scwres_helpers.codes import AUTHORITY_CODE_PATTERN, DEFAULT_SUPPRESSION_THRESHOLD

NATIONAL_FILE = "national.yml"
AUTHORITIES_DIR = "authorities"
SYNTHETIC_CODE_PREFIX = "X"
MIN_SUPPRESSION_THRESHOLD = 2
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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

    def __post_init__(self) -> None:
        problems = [
            f"{name}: {rule}"
            for name, value in dataclasses.asdict(self).items()
            if (rule := _broken_rule(name, value)) is not None
        ]
        if problems:
            raise ParamsError(problems)

    def to_papermill(self) -> dict[str, Any]:
        """The parameters papermill injects (JSON-safe, in field order)."""
        return dataclasses.asdict(self)

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
    return f"{rule}, not {value!r}"


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice (PyYAML would keep the last silently)."""


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
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, f"{path}: file not found"
    except (OSError, UnicodeDecodeError) as error:
        return None, f"{path}: cannot be read ({error})"
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as error:
        return None, f"{path}: not valid YAML: {error}"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return None, f"{path}: must be a mapping of key: value lines, not a {type(data).__name__}"
    return data, None


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
            problems.append(f"{path}: unknown key '{key}'{hint}")
        elif (rule := _broken_rule(key, value)) is not None:
            problems.append(f"{path}: key '{key}' {rule}")
        else:
            settings[key] = value
    problems += [f"{path}: key '{key}' is required" for key in required if key not in data]
    return settings, problems


def override_path(params_dir: Path, authority_code: str) -> Path:
    """Where an authority's overrides live; the code is checked before it becomes a path."""
    if not isinstance(authority_code, str) or not AUTHORITY_CODE_PATTERN.fullmatch(authority_code):
        raise ParamsError([f"authority code {authority_code!r} does not match {AUTHORITY_CODE_PATTERN.pattern}"])
    return Path(params_dir) / AUTHORITIES_DIR / f"{authority_code}.yml"


def load_params(params_dir: Path, authority_code: str | None = None) -> ReportParams:
    """The national settings, with AUTHORITY_CODE's overrides applied when it has a file."""
    params_dir = Path(params_dir)
    national = params_dir / NATIONAL_FILE
    settings, problems = _read_settings(national, required=REQUIRED_KEYS)
    if authority_code is not None:
        overrides = override_path(params_dir, authority_code)
        if overrides.exists():
            extra, extra_problems = _read_settings(overrides)
            settings.update(extra)
            problems += extra_problems
    if problems:
        raise ParamsError(problems)
    return ReportParams(**settings)


def check_params_dir(params_dir: Path) -> list[str]:
    """Validate every settings file under PARAMS_DIR; returns the codes that have overrides.

    Run at the start of a build, so a bad override file fails the build before any
    notebook runs rather than when (or if) that authority comes up.
    """
    params_dir = Path(params_dir)
    load_params(params_dir)
    codes, problems = [], []
    folder = params_dir / AUTHORITIES_DIR
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        code = path.stem
        if path.suffix != ".yml" or not AUTHORITY_CODE_PATTERN.fullmatch(code):
            problems.append(f"{path}: not an override file (expected <authority code>.yml, e.g. E09000033.yml)")
            continue
        try:
            load_params(params_dir, code)
        except ParamsError as error:
            problems += error.problems
        else:
            codes.append(code)
    if problems:
        raise ParamsError(problems)
    return codes
