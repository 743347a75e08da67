"""A fictional local population for each sample authority: the optional ``population.csv``.

Drawn once per authority from its profile, so the area keeps its make-up from year
to year (a census, like the 2021 one, is the same whichever year it is used for):
residents are a few hundred times the authority's staff, and the area's minoritised
share departs from the workforce's by a random factor either way, so that some
workforces look like their area and some do not. Census categories only: a census
has no "not known". The numbers are invented; the file says so in its first lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from scwres_helpers import codes
from scwres_helpers.atomic import write_text_atomic
from scwres_helpers.intake.population import COLUMNS, POPULATION_FILE
from scwres_helpers.sample_data.profiles import AuthorityProfile

NOTE = ("# Fictional local populations of the fictional sample authorities (NOT census figures).\n"
        "# Made by scwres_helpers.sample_data.population; shaped like 2021 Census counts of usual residents.\n")
_SEED_SALT = 2021  # the population draws have their own stream: adding them changed no return


def population_rows(profiles: Sequence[AuthorityProfile], seed: int) -> list[tuple[str, str, int]]:
    """(authority code, ethnicity code, residents) for every profile, in code then category order."""
    rng = np.random.default_rng([seed, _SEED_SALT])
    rows = []
    for profile in sorted(profiles, key=lambda p: p.code):
        residents = profile.base_size * rng.uniform(150, 450)
        logit = profile.minoritised_logit + rng.normal(0.0, 0.6)
        share = 1.0 / (1.0 + np.exp(-logit))
        mix = share * profile.ethnicity_mix["minoritised"] + (1.0 - share) * profile.ethnicity_mix["white"]
        for code, part in zip(codes.ETHNICITIES, mix):
            if codes.ETHNICITY_GROUP[code] != codes.UNKNOWN_GROUP:
                rows.append((profile.code, code, int(round(residents * part))))
    return rows


def write_population(profiles: Sequence[AuthorityProfile], seed: int, year_dir: Path) -> Path:
    """``<year_dir>/population.csv`` for PROFILES (every sample authority, joined or not)."""
    buffer = io.StringIO()
    buffer.write(NOTE)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(population_rows(profiles, seed))
    return write_text_atomic(Path(year_dir) / POPULATION_FILE, buffer.getvalue())
