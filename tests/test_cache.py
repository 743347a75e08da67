"""Cache keys change when anything a notebook depends on changes, and only then."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from scwres_helpers.cache import (
    Cache,
    canonical_json,
    code_fingerprint,
    env_fingerprint,
    file_sha256,
    package_versions,
    read_once_per_build,
    task_key,
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "notebook": tmp_path / "report.ipynb",
        "return": tmp_path / "E09000033.csv",
        "national": tmp_path / "national.csv",
    }
    paths["notebook"].write_text('{"cells": []}\n')
    paths["return"].write_text("service,headcount\nadult,10\n")
    paths["national"].write_text("service,headcount\nadult,1000\n")
    return paths


def key_of(files: dict[str, Path], parameters: dict | None = None, code: str = "code-1", env: str = "env-1") -> str:
    return task_key(
        files["notebook"],
        parameters if parameters is not None else {"authority": "E09000033", "threshold": 5},
        [files["return"], files["national"]],
        code,
        env,
    )


def test_file_sha256_is_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert file_sha256(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_canonical_json_ignores_key_order() -> None:
    assert canonical_json({"b": 1, "a": [1, 2]}) == canonical_json({"a": [1, 2], "b": 1}) == '{"a":[1,2],"b":1}'


def test_canonical_json_rejects_values_that_are_not_json() -> None:
    with pytest.raises(TypeError, match="not JSON-safe"):
        canonical_json({"path": Path("x")})
    with pytest.raises(TypeError, match="not JSON-safe"):
        canonical_json({"x": float("nan")})


def test_key_is_stable_when_nothing_changes(files: dict[str, Path]) -> None:
    first = key_of(files)
    os.utime(files["return"], (1, 1))  # a new timestamp is not a change
    assert key_of(files) == first
    assert len(first) == 64


@pytest.mark.parametrize("changed", ["notebook", "return", "national"])
def test_key_changes_when_a_file_changes(files: dict[str, Path], changed: str) -> None:
    before = key_of(files)
    files[changed].write_text(files[changed].read_text() + " ")
    assert key_of(files) != before


def test_key_changes_with_parameters_code_and_environment(files: dict[str, Path]) -> None:
    base = key_of(files)
    assert key_of(files, parameters={"authority": "E09000033", "threshold": 10}) != base
    assert key_of(files, parameters={"authority": "E09000033", "threshold": 5, "extra": None}) != base
    assert key_of(files, code="code-2") != base
    assert key_of(files, env="env-2") != base


def test_key_ignores_parameter_and_input_order(files: dict[str, Path]) -> None:
    forward = task_key(files["notebook"], {"a": 1, "b": 2}, [files["return"], files["national"]], "c", "e")
    backward = task_key(files["notebook"], {"b": 2, "a": 1}, [files["national"], files["return"]], "c", "e")
    assert forward == backward


def test_key_distinguishes_an_input_from_no_input(files: dict[str, Path]) -> None:
    with_input = task_key(files["notebook"], {}, [files["return"]], "c", "e")
    without = task_key(files["notebook"], {}, [], "c", "e")
    assert with_input != without


def test_missing_input_raises(files: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        task_key(files["notebook"], {}, [tmp_path / "absent.csv"], "c", "e")


def test_code_fingerprint_covers_python_files_only(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "sub" / "b.py").write_text("y = 2\n")
    first = code_fingerprint(package)
    (package / "notes.txt").write_text("not code")
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "c.py").write_text("compiled junk")
    assert code_fingerprint(package) == first
    (package / "sub" / "b.py").write_text("y = 3\n")
    assert code_fingerprint(package) != first


def test_code_fingerprint_sees_a_renamed_file(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    first = code_fingerprint(package)
    (package / "a.py").rename(package / "b.py")
    assert code_fingerprint(package) != first


def test_code_fingerprint_is_a_hash_of_paths_and_contents(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_bytes(b"abc")
    expected = hashlib.sha256(
        b"a.py\0" + b"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n"
    ).hexdigest()
    assert code_fingerprint(package) == expected


def test_a_build_works_out_the_code_fingerprint_once(tmp_path: Path) -> None:
    """Inside ``read_once_per_build`` an edit is not seen (the build's code is imported
    already); before and after, every call reads the files again."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    before = code_fingerprint(package)
    with read_once_per_build():
        assert code_fingerprint(package) == before
        (package / "a.py").write_text("x = 2\n")
        assert code_fingerprint(package) == before
        assert code_fingerprint(package, exclude=("sub",)) != before  # another question, read afresh
        with read_once_per_build():  # a build inside a build keeps what the outer one read
            assert code_fingerprint(package) == before
        assert code_fingerprint(package) == before
    after = code_fingerprint(package)
    assert after != before
    (package / "a.py").write_text("x = 3\n")
    assert code_fingerprint(package) != after


def test_a_build_reads_the_package_versions_once(monkeypatch) -> None:
    from importlib import metadata

    asked = []
    own = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: asked.append(name) or own(name))
    with read_once_per_build():
        first = package_versions(["pandas"])
        first["pandas"] = "changed by a caller"
        assert package_versions(["pandas"])["pandas"] == own("pandas")  # each caller gets its own dict
    assert asked == ["pandas"]
    package_versions(["pandas"])
    assert asked == ["pandas", "pandas"]


def test_env_fingerprint_follows_package_versions() -> None:
    versions = package_versions(["pandas", "surely-not-an-installed-package"])
    assert versions["surely-not-an-installed-package"] == "not installed"
    assert versions["python"].startswith("3.")
    assert env_fingerprint(["pandas"]) == env_fingerprint(["pandas"])
    assert env_fingerprint(["pandas"]) != env_fingerprint(["pandas", "numpy"])


def test_cache_is_fresh_only_for_the_recorded_key_and_file(tmp_path: Path) -> None:
    cache = Cache()
    output = tmp_path / "out" / "report.ipynb"
    assert not cache.is_fresh(output, "k1")  # nothing built yet
    output.parent.mkdir()
    output.write_text("built\n")
    assert not cache.is_fresh(output, "k1")  # built, but no record of how
    cache.record(output, "k1")
    assert Cache.sidecar(output) == tmp_path / "out" / ".scwres-cache" / "report.ipynb.json"
    assert cache.is_fresh(output, "k1")
    assert not cache.is_fresh(output, "k2")


def test_cache_notices_an_output_edited_or_deleted_after_it_was_recorded(tmp_path: Path) -> None:
    cache = Cache()
    output = tmp_path / "report.ipynb"
    output.write_text("built\n")
    cache.record(output, "k1")
    output.write_text("BUILT\n")  # same size, different bytes
    assert not cache.is_fresh(output, "k1")
    output.write_text("built\n")
    assert cache.is_fresh(output, "k1")
    output.unlink()
    assert not cache.is_fresh(output, "k1")


def test_cache_forget_and_a_corrupt_sidecar(tmp_path: Path) -> None:
    cache = Cache()
    output = tmp_path / "report.ipynb"
    output.write_text("built\n")
    cache.record(output, "k1")
    cache.forget(output)
    assert not cache.is_fresh(output, "k1")
    Cache.sidecar(output).write_text("{not json")
    assert not cache.is_fresh(output, "k1")
