import re

import numpy as np
import pytest

from scwres_helpers.sample_data.places import ENDINGS, STEMS, invent_authority_names, is_real_place

# Written out here, independently of places.py: real councils and towns a
# generator of English-sounding names could plausibly hit.
REAL_NAMES = {
    "Kent", "Essex", "Surrey", "Leeds", "Bradford", "Camden", "Barnet", "Wigan", "Bury",
    "Corby", "Rushmoor", "Sedgemoor", "Sedgefield", "Ashford", "Oakham", "Salford",
    "Dudley", "Sefton", "Halton", "Merton", "Sutton", "Bromley", "Luton", "Derby",
}


@pytest.mark.parametrize("seed", [0, 1, 2024])
def test_names_are_distinct_invented_and_short(seed):
    names = invent_authority_names(np.random.default_rng(seed), 200)
    assert len(set(names)) == 200
    for name in names:
        assert 1 <= len(name) <= 100
        assert re.fullmatch(r"[A-Za-z&]+( [A-Za-z&]+)* Council", name), name
        words = set(name.replace("&", " ").split())
        assert not words & REAL_NAMES, name
        assert not any(is_real_place(w) for w in words), name


def test_real_places_are_recognised():
    assert is_real_place("Corby")
    assert is_real_place("sedgemoor")
    assert is_real_place("Milton Keynes")
    assert not is_real_place("Tanseyhurst")


def test_no_stem_and_ending_spells_a_listed_real_name():
    composed = {(s + e).lower() for s in STEMS for e in ENDINGS}
    assert not composed & {n.lower() for n in REAL_NAMES}


def test_same_seed_same_names():
    first = invent_authority_names(np.random.default_rng(7), 20)
    assert first == invent_authority_names(np.random.default_rng(7), 20)
    assert first != invent_authority_names(np.random.default_rng(8), 20)


def test_thousands_of_distinct_names_for_a_growth_benchmark():
    import numpy as np

    from scwres_helpers.sample_data.places import invent_authority_names, is_real_place

    names = invent_authority_names(np.random.default_rng(1), 2000)
    assert len(set(names)) == 2000
    assert not any(is_real_place(n) for n in names)
