"""LibreOffice headless, the spreadsheet program the workbook tests recalculate with.

Without ``soffice`` the tests that need it skip with the reason, except under CI
(``CI=true``), where a missing LibreOffice fails them (``make test`` installs it when
run as root, as it does Chromium).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def soffice() -> str:
    """The ``soffice`` command, or skip (fail under CI=true) when it is not installed."""
    found = shutil.which("soffice")
    if found is None:
        reason = "LibreOffice is not installed (Debian package 'libreoffice-calc-nogui'); workbook tests need it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (required under CI=true)")
        pytest.skip(reason)
    return found


def recalculate(paths: list[Path], out: Path, profile: Path) -> dict[Path, Path]:
    """Open each workbook in LibreOffice, which recalculates every formula, and save it again.

    One LibreOffice run for all PATHS (starting it is most of the cost); the saved copies
    in OUT, by original path. PROFILE: a fresh user profile folder (parallel runs of
    LibreOffice must not share one).
    """
    command = [soffice(), "--headless", f"-env:UserInstallation={profile.resolve().as_uri()}",
               "--convert-to", "xlsx", "--outdir", str(out), *map(str, paths)]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    saved = {path: out / path.name for path in paths}
    missing = [str(p) for p in saved.values() if not p.exists()]
    assert not missing, f"LibreOffice did not write {missing}"
    return saved
