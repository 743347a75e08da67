"""The Typst that Quarto runs (``QUARTO_TYPST``): the project's own compiler and settings.

Quarto 1.7 calls ``typst compile [--root DIR] INPUT --font-path DIR... OUTPUT`` and
has no option for PDF standards, so the Typst it bundles writes untagged PDFs. The
Quarto renderer points ``QUARTO_TYPST`` at a two-line script that runs this module,
which compiles with ``typst_pdf.compile_file``: the ``typst`` wheel of this
environment, tagged PDF/UA-1 and PDF/A-2a, the date from SOURCE_DATE_EPOCH and the
same fonts as the bundled renderer. So both renderers' PDFs are made by one compiler
with one set of settings.

Only what Quarto calls is implemented: ``--version`` and ``compile``.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

TYPST_SCRIPT = "typst"


def version() -> str:
    """What ``typst --version`` prints (Quarto reads the version number from it)."""
    from importlib.metadata import version as package_version

    return f"typst {package_version('typst')} (scwres: the typst wheel, tagged PDF/UA-1)"


def _compile_arguments(args: list[str]) -> argparse.Namespace:
    """``compile``'s arguments; Quarto puts the output file after the options."""
    parser = argparse.ArgumentParser(prog="typst compile")
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--root", type=Path)
    parser.add_argument("--font-path", type=Path, action="append", default=[])
    parsed = parser.parse_intermixed_args(args)
    if len(parsed.files) > 2:
        parser.error("expected INPUT [OUTPUT]")
    parsed.input = parsed.files[0]
    parsed.output = parsed.files[1] if len(parsed.files) == 2 else parsed.input.with_suffix(".pdf")
    return parsed


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["--version"], ["-V"]):
        print(version())
        return 0
    if argv[:1] not in (["compile"], ["c"]):
        print("usage: typst --version | typst compile [--root DIR] [--font-path DIR]... INPUT [OUTPUT]",
              file=sys.stderr)
        return 2
    args = _compile_arguments(argv[1:])
    import typst

    from scwres_helpers.atomic import write_bytes_atomic
    from scwres_helpers.publish.typst_pdf import compile_file

    try:
        pdf = compile_file(args.input, root=args.root or args.input.parent, font_paths=tuple(args.font_path))
    except typst.TypstError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    write_bytes_atomic(args.output, pdf)
    return 0


def write_typst_script(folder: Path, python: str = sys.executable) -> Path:
    """A ``typst`` executable in FOLDER that runs this module with PYTHON (for QUARTO_TYPST)."""
    script = Path(folder) / TYPST_SCRIPT
    script.write_text(
        f"#!/bin/sh\nexec {shlex.quote(python)} -m scwres_helpers.publish.quarto_typst \"$@\"\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


if __name__ == "__main__":
    sys.exit(main())
