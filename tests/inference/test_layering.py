"""The inference layer sits between the arithmetic and the words: it imports only codes,
indicators and itself from the package (never report, actions, publish or disclosure)."""

import ast
from pathlib import Path

import scwres_helpers.inference as inference

ALLOWED = ("scwres_helpers.codes", "scwres_helpers.indicators", "scwres_helpers.inference")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_inference_imports_only_codes_and_indicators():
    modules = sorted(Path(inference.__file__).parent.glob("*.py"))
    assert {p.stem for p in modules} >= {"funnel", "change", "stratified", "judgement"}
    for path in modules:
        package_imports = {n for n in _imports(path) if n.startswith("scwres_helpers")}
        wrong = {n for n in package_imports if not n.startswith(ALLOWED)}
        assert not wrong, f"{path.name} imports {sorted(wrong)}"
