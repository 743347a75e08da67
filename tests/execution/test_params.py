"""Report parameters: loaded from params/, validated with messages naming file and key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scwres_helpers.execution.params import ParamsError, ReportParams, check_params_dir, load_params

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


def test_authority_override_replaces_only_its_keys(params_dir: Path) -> None:
    write(params_dir / "authorities" / "E09000033.yml", "suppression_threshold: 10\n")
    overridden = load_params(params_dir, "E09000033")
    assert overridden.suppression_threshold == 10
    assert overridden.publisher == "Example Publisher"
    assert load_params(params_dir, "E09000001").suppression_threshold == 5  # no file: national values


def test_bad_override_names_the_override_file(params_dir: Path) -> None:
    override = write(params_dir / "authorities" / "E09000033.yml", "show_four_fifth_band: false\n")
    with pytest.raises(ParamsError) as caught:
        load_params(params_dir, "E09000033")
    assert str(caught.value) == (
        f"{override}: unknown key 'show_four_fifth_band' (did you mean 'show_four_fifths_band'?)"
    )


@pytest.mark.parametrize("code", ["../national", "E0900003", "e09000033", "E09000033/../../x", ""])
def test_authority_code_is_checked_before_it_becomes_a_path(params_dir: Path, code: str) -> None:
    with pytest.raises(ParamsError, match="does not match"):
        load_params(params_dir, code)


def test_check_params_dir_validates_every_override(params_dir: Path) -> None:
    write(params_dir / "authorities" / "E09000033.yml", "suppression_threshold: 10\n")
    assert check_params_dir(params_dir) == ["E09000033"]
    bad = write(params_dir / "authorities" / "E06000001.yml", "authorities_named: sometimes\n")
    with pytest.raises(ParamsError, match=str(bad)):
        check_params_dir(params_dir)


def test_check_params_dir_rejects_a_misnamed_override(params_dir: Path) -> None:
    write(params_dir / "authorities" / "Westminster.yml", "suppression_threshold: 10\n")
    with pytest.raises(ParamsError, match="not an override file"):
        check_params_dir(params_dir)


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
    }


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
