"""Report parameters: loaded from params/, validated with messages naming file and key."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from scwres_helpers.execution.params import (
    ParamsError,
    ReportParams,
    check_params_dir,
    is_placeholder_email,
    load_params,
    placeholder_warnings,
)

REPO_PARAMS = Path(__file__).resolve().parents[2] / "params"

VALID = """\
suppression_threshold: 5
authorities_named: false
show_four_fifths_band: true
synthetic_data: null
publisher: Example Publisher
programme_name: Example Programme
report_title: Example Title
contact_email: team@example.org
"""


@pytest.fixture
def params_dir(tmp_path: Path) -> Path:
    (tmp_path / "national.yml").write_text(VALID, encoding="utf-8")
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_national_file_loads_with_its_values(params_dir: Path) -> None:
    params = load_params(params_dir)
    assert params.suppression_threshold == 5
    assert params.authorities_named is False
    assert params.publisher == "Example Publisher"
    assert params.synthetic_data is None


def test_defaults_apply_to_keys_left_out(tmp_path: Path) -> None:
    write(
        tmp_path / "national.yml",
        "publisher: P\nprogramme_name: N\nreport_title: T\ncontact_email: a@b.org\n",
    )
    params = load_params(tmp_path)
    assert (params.suppression_threshold, params.authorities_named, params.show_four_fifths_band) == (5, False, True)


def test_unknown_key_names_file_key_and_nearest_valid_key(params_dir: Path) -> None:
    national = write(params_dir / "national.yml", VALID.replace("suppression_threshold", "supression_threshold"))
    with pytest.raises(ParamsError) as caught:
        load_params(params_dir)
    message = str(caught.value)
    assert str(national) in message
    assert "unknown key 'supression_threshold'" in message
    assert "did you mean 'suppression_threshold'?" in message


def test_unknown_key_far_from_any_lists_the_valid_keys(params_dir: Path) -> None:
    write(params_dir / "national.yml", VALID + "zzz: 1\n")
    with pytest.raises(ParamsError, match=r"unknown key 'zzz' \(valid keys: publisher, programme_name"):
        load_params(params_dir)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("suppression_threshold: five", "key 'suppression_threshold' must be a whole number of at least 2, not 'five'"),
        ("suppression_threshold: 1", "key 'suppression_threshold' must be a whole number of at least 2, not 1"),
        ("suppression_threshold: 5.5", "key 'suppression_threshold' must be a whole number of at least 2, not 5.5"),
        ("suppression_threshold: true", "key 'suppression_threshold' must be a whole number of at least 2, not True"),
        ("authorities_named: 'no'", "key 'authorities_named' must be true or false, not 'no'"),
        ("authorities_named: 0", "key 'authorities_named' must be true or false, not 0"),
        (
            "synthetic_data: maybe",
            "key 'synthetic_data' must be true, false or null (null: decide from the authority codes), not 'maybe'",
        ),
        ("publisher: 2024", "key 'publisher' must be non-empty text, not 2024"),
        ("publisher: ''", "key 'publisher' must be non-empty text, not ''"),
        ("contact_email: nobody", "key 'contact_email' must be an email address (name@domain), not 'nobody'"),
    ],
)
def test_wrong_type_or_range_names_file_key_and_rule(params_dir: Path, line: str, expected: str) -> None:
    key = line.split(":")[0]
    lines = [existing for existing in VALID.splitlines() if not existing.startswith(key + ":")]
    national = write(params_dir / "national.yml", "\n".join([*lines, line]) + "\n")
    with pytest.raises(ParamsError) as caught:
        load_params(params_dir)
    assert str(caught.value) == f"{national}: {expected}"


def test_every_problem_is_reported_at_once(params_dir: Path) -> None:
    write(params_dir / "national.yml", VALID.replace("suppression_threshold: 5", "suppression_threshold: 0") + "colour: red\n")
    with pytest.raises(ParamsError) as caught:
        load_params(params_dir)
    assert len(caught.value.problems) == 2


def test_required_key_missing_is_named(tmp_path: Path) -> None:
    national = write(tmp_path / "national.yml", "publisher: P\nprogramme_name: N\nreport_title: T\n")
    with pytest.raises(ParamsError, match=f"^{national}: key 'contact_email' is required$"):
        load_params(tmp_path)


def test_key_given_twice_is_an_error(params_dir: Path) -> None:
    write(params_dir / "national.yml", VALID + "suppression_threshold: 10\n")
    with pytest.raises(ParamsError, match="given twice"):
        load_params(params_dir)


def test_missing_national_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ParamsError, match="national.yml: file not found"):
        load_params(tmp_path)


def test_file_that_is_not_a_mapping_is_an_error(params_dir: Path) -> None:
    write(params_dir / "national.yml", "- a list\n- not a mapping\n")
    with pytest.raises(ParamsError, match="must be a mapping"):
        load_params(params_dir)


def test_per_authority_settings_are_refused_not_ignored(params_dir: Path) -> None:
    """Issue 18, case 7: overrides were validated, documented and never applied; now a file
    there stops the build with a message, so nobody believes a setting took effect."""
    override = write(params_dir / "authorities" / "E09000033.yml", "suppression_threshold: 10\n")
    with pytest.raises(ParamsError) as caught:
        check_params_dir(params_dir)
    assert caught.value.problems == [
        f"{override}: per-authority settings are not supported (every report uses national.yml: the "
        "figures and their suppression are computed once for all authorities); move the setting to "
        "national.yml or delete the file"]
    override.unlink()
    check_params_dir(params_dir)  # an empty folder is harmless


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
publisher: *i
"""


def test_yaml_aliases_are_refused_before_they_expand(params_dir: Path) -> None:
    """Issue 18, case 6: 1.3 KB of nested aliases took 58 s and 5.6 GB; now one line at once."""
    import time

    write(params_dir / "national.yml", BILLION_LAUGHS)
    started = time.perf_counter()
    with pytest.raises(ParamsError) as caught:
        load_params(params_dir)
    assert time.perf_counter() - started < 1
    [problem] = caught.value.problems
    assert "YAML aliases (*name) are not allowed in settings files" in problem
    assert "line 2" in problem and len(problem) < 500


def test_a_large_or_deeply_nested_settings_file_is_refused(params_dir: Path) -> None:
    write(params_dir / "national.yml", VALID + "#" * (64 * 1024))
    with pytest.raises(ParamsError, match="larger than the 64 KB a settings file may be"):
        load_params(params_dir)
    write(params_dir / "national.yml", "a: " + "[" * 20_000 + "]" * 20_000 + "\n")
    with pytest.raises(ParamsError, match="nested too deeply"):
        load_params(params_dir)


def test_a_long_bad_value_is_quoted_short_and_printable(params_dir: Path) -> None:
    write(params_dir / "national.yml", VALID.replace("contact_email: team@example.org",
                                                      'contact_email: "\\e]0;x\\a' + "y" * 5000 + '"'))
    with pytest.raises(ParamsError) as caught:
        load_params(params_dir)
    [problem] = caught.value.problems
    assert "\x1b" not in problem and len(problem) < 300


def test_to_papermill_is_json_safe_and_complete(params_dir: Path) -> None:
    injected = load_params(params_dir).to_papermill()
    assert json.loads(json.dumps(injected)) == injected
    assert injected == {
        "publisher": "Example Publisher",
        "programme_name": "Example Programme",
        "contact_email": "team@example.org",
        "report_title": "Example Title",
        "suppression_threshold": 5,
        "authorities_named": False,
        "show_four_fifths_band": True,
        "synthetic_data": None,
        "publication_dates": {},
    }


def test_a_notebook_gets_its_year_s_publication_date(params_dir: Path) -> None:
    write(params_dir / "national.yml", VALID + "publication_dates:\n  2023: 2024-03-14\n  2024: '2025-03-13'\n")
    params = load_params(params_dir)
    injected = params.to_papermill(2024)
    assert injected["publication_date"] == "2025-03-13" and "publication_dates" not in injected
    assert params.to_papermill(2023)["publication_date"] == "2024-03-14"
    assert params.to_papermill()["publication_dates"] == {"2023": "2024-03-14", "2024": "2025-03-13"}
    assert params.publication_date(2023) == date(2024, 3, 14)


def test_a_year_without_a_publication_date_is_an_error_naming_file_and_key(params_dir: Path) -> None:
    with pytest.raises(ParamsError) as caught:
        load_params(params_dir).publication_date(2031, params_dir)
    assert caught.value.problems == [
        f"{params_dir / 'national.yml'}: publication_dates has no date for 2031; add '2031: YYYY-MM-DD' under "
        "publication_dates (the day the 2031 reports are, or will be, published: the reports show it and every "
        "file is dated with it)"]


@pytest.mark.parametrize("dates", ["2024: 2023-12-31", "2024: soon", "twenty: 2025-01-01", "2024: '2025-02-30'"])
def test_publication_dates_must_be_years_to_later_dates(params_dir: Path, dates: str) -> None:
    national = write(params_dir / "national.yml", VALID + f"publication_dates:\n  {dates}\n")
    with pytest.raises(ParamsError) as caught:
        load_params(params_dir)
    assert caught.value.problems[0].startswith(f"{national}: key 'publication_dates' must map each collection year")


def test_a_date_that_does_not_exist_is_named(params_dir: Path) -> None:
    national = write(params_dir / "national.yml", VALID + "publication_dates:\n  2024: 2025-02-30\n")
    with pytest.raises(ParamsError, match=f"{national}: not valid YAML: day is out of range for month"):
        load_params(params_dir)


def test_direct_construction_is_validated_too() -> None:
    with pytest.raises(ParamsError, match="suppression_threshold: must be a whole number of at least 2"):
        ReportParams(publisher="P", programme_name="N", contact_email="a@b.org", report_title="T", suppression_threshold=1)


def test_synthetic_data_decided_from_x_codes_unless_set(params_dir: Path) -> None:
    params = load_params(params_dir)
    assert params.is_synthetic(["X00000001"]) is True
    assert params.is_synthetic(["E09000033", "E06000001"]) is False
    assert params.resolved(["X00000001"]).synthetic_data is True
    write(params_dir / "national.yml", VALID.replace("synthetic_data: null", "synthetic_data: false"))
    assert load_params(params_dir).is_synthetic(["X00000001"]) is False


def test_the_repository_params_are_valid() -> None:
    params = load_params(REPO_PARAMS)
    assert params.suppression_threshold == 5  # the spec's threshold
    assert params.authorities_named is False  # the spec's default: not named
    check_params_dir(REPO_PARAMS)


@pytest.mark.parametrize("address, placeholder", [
    ("sc-wres@example.org", True),  # the shipped placeholder
    ("team@EXAMPLE.com", True),
    ("a@mail.example.net", True),
    ("a@council.example", True),
    ("a@host.test", True),
    ("a@nowhere.invalid", True),
    ("sc-wres@skillsforcare.org.uk", False),
    ("a@example.org.uk", False),  # a real domain that merely starts with "example"
    ("a@myexample.org", False),
])
def test_an_address_at_a_domain_kept_for_examples_is_a_placeholder(address: str, placeholder: bool) -> None:
    assert is_placeholder_email(address) is placeholder


def test_the_placeholder_contact_email_is_warned_about_naming_file_and_key(params_dir: Path) -> None:
    [warning] = placeholder_warnings(load_params(params_dir), params_dir)  # team@example.org
    assert warning.startswith(f"{params_dir / 'national.yml'}: contact_email team@example.org is a placeholder")
    write(params_dir / "national.yml", VALID.replace("team@example.org", "sc-wres@skillsforcare.org.uk"))
    assert placeholder_warnings(load_params(params_dir), params_dir) == []
    # The repository ships the placeholder, so a build from it warns.
    assert placeholder_warnings(load_params(REPO_PARAMS), REPO_PARAMS)
