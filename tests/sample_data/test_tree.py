import pytest

from scwres_helpers.sample_data import generate_sample_returns

from .conftest import tree_digest
from .plain_returns import rule_violations

SMALL = {"n_authorities": 7, "years": [2023, 2024], "excel_every": 3}


def test_same_seed_gives_a_byte_identical_tree(tmp_path):
    paths_a = generate_sample_returns(tmp_path / "a", seed=5, **SMALL)
    paths_b = generate_sample_returns(tmp_path / "b", seed=5, **SMALL)
    digest_a, digest_b = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    assert digest_a == digest_b
    assert any(name.endswith(".xlsx") for name in digest_a)
    assert [p.relative_to(tmp_path / "a") for p in paths_a] == [p.relative_to(tmp_path / "b") for p in paths_b]


def test_another_seed_gives_another_tree(tmp_path):
    generate_sample_returns(tmp_path / "a", seed=5, **SMALL)
    generate_sample_returns(tmp_path / "b", seed=6, **SMALL)
    assert tree_digest(tmp_path / "a") != tree_digest(tmp_path / "b")


def test_layout_and_readme(tmp_path):
    paths = generate_sample_returns(tmp_path, seed=5, **SMALL)
    workbooks = [p for p in paths if p.suffix == ".xlsx"]
    folders = [p for p in paths if p.is_dir()]
    assert len(workbooks) + len(folders) == len(paths)
    # Positions 2 and 5 (every third) send workbooks; both return in 2024.
    assert len([p for p in workbooks if p.parent.name == "2024"]) == 2
    assert all(p.parent.name in {"2023", "2024"} for p in paths)
    assert len([p for p in paths if p.parent.name == "2024"]) == 7
    readme = (tmp_path / "README.md").read_text()
    assert "synthetic" in readme.lower() and "invented" in readme and "NOT real" in readme


def test_refuses_a_folder_that_is_not_a_sample_tree(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        generate_sample_returns(tmp_path, seed=5, overwrite=True, **SMALL)
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_overwrite_replaces_an_earlier_sample_tree(tmp_path):
    generate_sample_returns(tmp_path / "t", seed=5, n_authorities=4, years=[2021, 2022])
    with pytest.raises(FileExistsError):
        generate_sample_returns(tmp_path / "t", seed=5, **SMALL)
    generate_sample_returns(tmp_path / "t", seed=5, overwrite=True, **SMALL)
    generate_sample_returns(tmp_path / "fresh", seed=5, **SMALL)
    assert tree_digest(tmp_path / "t") == tree_digest(tmp_path / "fresh")


@pytest.mark.parametrize("bad", [{"n_authorities": 0}, {"excel_every": -1}, {"years": []}])
def test_rejects_bad_arguments(tmp_path, bad):
    args = {"n_authorities": 3, "years": [2024], "seed": 1, **bad}
    with pytest.raises(ValueError):
        generate_sample_returns(tmp_path, **args)


@pytest.mark.parametrize(("n", "seed"), [(1, 0), (2, 3), (4, 9)])
def test_tiny_sets_are_valid(tmp_path, n, seed):
    paths = generate_sample_returns(tmp_path, n_authorities=n, years=[2023, 2024], seed=seed, excel_every=2)
    assert len([p for p in paths if p.parent.name == "2024"]) == n
    for path in paths:
        assert rule_violations(path, int(path.parent.name)) == [], path
