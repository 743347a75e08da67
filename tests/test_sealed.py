"""Sealed cache entries: a planted or foreign pickle is never loaded (issue 18, case 11)."""

from __future__ import annotations

import os
import pickle

import pytest

from scwres_helpers import sealed


@pytest.fixture(autouse=True)
def own_key(tmp_path, monkeypatch):
    monkeypatch.setenv("SCWRES_CACHE_KEY", str(tmp_path / "keys" / "cache.key"))
    sealed.sealing_key.cache_clear()
    yield tmp_path / "keys" / "cache.key"
    sealed.sealing_key.cache_clear()


class RunsCode:
    """A pickle that runs code when loaded (here: it creates a file)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').close()",))


def test_a_sealed_value_comes_back(own_key):
    value = {"a": [1, 2], "b": ("x", None)}
    assert sealed.unseal(sealed.seal(value)) == value
    assert own_key.stat().st_mode & 0o777 == 0o600


def test_a_planted_pickle_is_never_loaded(tmp_path):
    marker = tmp_path / "ran"
    planted = pickle.dumps(RunsCode(marker))
    for blob in (planted, sealed.MAGIC + b"\0" * 32 + planted, sealed.MAGIC + planted):
        assert sealed.unseal(blob) is None
    assert not marker.exists()


def test_an_entry_sealed_under_another_key_is_ignored(own_key, tmp_path, monkeypatch):
    blob = sealed.seal([1, 2, 3])
    monkeypatch.setenv("SCWRES_CACHE_KEY", str(tmp_path / "other" / "cache.key"))
    sealed.sealing_key.cache_clear()
    assert sealed.unseal(blob) is None


def test_a_tampered_entry_is_ignored():
    blob = bytearray(sealed.seal({"threshold": 5}))
    blob[-3] ^= 1
    assert sealed.unseal(bytes(blob)) is None


def test_a_key_file_others_can_read_is_not_trusted(own_key):
    sealed.seal(1)  # creates the key
    os.chmod(own_key, 0o644)
    sealed.sealing_key.cache_clear()
    assert sealed.sealing_key() != own_key.read_bytes()  # a key for this process only


def test_a_key_file_that_is_a_link_is_not_trusted(own_key, tmp_path):
    elsewhere = tmp_path / "planted.key"
    elsewhere.write_bytes(b"k" * sealed.KEY_BYTES)
    os.chmod(elsewhere, 0o600)
    own_key.parent.mkdir(parents=True)
    own_key.symlink_to(elsewhere)
    assert sealed.sealing_key() != b"k" * sealed.KEY_BYTES
