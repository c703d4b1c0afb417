"""Every stage lists as deps exactly the `src/ganexp` modules it runs, so DVC re-runs a stage when
(and only when) code it uses changes; and the experiment packages never import the pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml
from conftest import REPO

SRC = REPO / "src"


def module_file(name: str) -> Path | None:
    """The file of a ganexp module or package, None for anything else."""
    if name != "ganexp" and not name.startswith("ganexp."):
        return None
    base = SRC.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    raise AssertionError(f"import of {name!r}: no such module under src/")


def imported_modules(path: Path) -> set[str]:
    """Module names imported anywhere in ``path`` (top level or inside functions); in a
    package's __init__.py only its top-level imports: a lazy attribute (``ganexp``'s
    ``TabularSynthesizer``) is imported by whoever asks for it, not by importing the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if path.name == "__init__.py" else ast.walk(tree)
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # `from ganexp.tabular import model` imports a module, not a name
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def has_code(init: Path) -> bool:
    """A package's __init__.py that does more than hold a docstring, a version and lazy
    attributes (imports for type checkers, ``__getattr__``)."""
    tree = ast.parse(init.read_text(encoding="utf-8"))
    inert = ast.Expr | ast.Assign | ast.If | ast.FunctionDef
    typing_only = ("__future__", "typing")
    return any(
        not isinstance(node, inert)
        and not (isinstance(node, ast.ImportFrom) and node.module in typing_only)
        for node in tree.body
    )


def ganexp_files(script: Path) -> set[Path]:
    """The ganexp source files that running ``script`` imports, transitively, with every package
    __init__.py on the way that holds code."""
    seen: set[Path] = set()
    todo = [script]
    while todo:
        for name in imported_modules(todo.pop()):
            parts = name.split(".")
            for depth in range(1, len(parts) + 1):
                try:
                    found = module_file(".".join(parts[:depth]))
                except AssertionError:
                    if depth == len(parts):  # a name imported from a module, not a module
                        continue
                    raise
                if found is None or found in seen:
                    continue
                if found.name == "__init__.py" and not has_code(found):
                    continue
                seen.add(found)
                todo.append(found)
    return seen


def package_modules(folder: Path) -> set[Path]:
    """A package's modules, those of its sub-packages, and each __init__.py that holds code."""
    return {path for path in folder.rglob("*.py") if path.name != "__init__.py" or has_code(path)}


def declared_files(dep: Path) -> set[Path]:
    """What a dep stands for: a file, or a package folder for all of its modules (declared
    only where a stage imports every one of them: a folder re-runs the stage on any change)."""
    return package_modules(dep) if dep.is_dir() else {dep}


def stage_definitions() -> dict[str, dict]:
    """The stages of dvc.yaml and of extras/dvc.yaml (which run from the root: ``wdir: ..``)."""
    stages = {}
    for path in ("dvc.yaml", "extras/dvc.yaml"):
        stages |= yaml.safe_load((REPO / path).read_text())["stages"]
    return stages


@pytest.mark.parametrize("name", sorted(stage_definitions()))
def test_deps_are_exactly_the_modules_the_stage_imports(name):
    stage = stage_definitions()[name]
    body = stage.get("do", stage)
    script = REPO / body["cmd"].split()[1]
    declared = set()
    for dep in body["deps"]:
        if str(dep).startswith("src/ganexp/"):
            declared |= declared_files(REPO / dep)
    needed = ganexp_files(script)
    missing = sorted(str(p.relative_to(REPO)) for p in needed - declared)
    extra = sorted(str(p.relative_to(REPO)) for p in declared - needed)
    assert not missing and not extra, f"{name}: add {missing}, remove {extra}"
    assert f"stages/{script.name}" in body["deps"]


@pytest.mark.parametrize("package", ["gan", "tabular", "gaussians", "black_box"])
def test_experiment_packages_never_import_the_pipeline(package):
    for path in sorted((SRC / "ganexp" / package).rglob("*.py")):
        for name in imported_modules(path):
            assert not name.startswith("ganexp.pipeline"), f"{path.relative_to(REPO)}: {name}"


# tabular's sub-packages, lowest first: each imports only from itself and those before it; the
# modules at tabular's root (the spec, the synthesizer, training, analysis) sit above them all
TABULAR_FLOORS = ("tables", "encoding", "evaluation", "model", "convergence")


def tabular_floor(name: str) -> int | None:
    """The floor of a ``ganexp.tabular`` module (the root's modules above every sub-package)."""
    parts = name.split(".")
    if parts[:2] != ["ganexp", "tabular"] or len(parts) < 3:
        return None
    return TABULAR_FLOORS.index(parts[2]) if parts[2] in TABULAR_FLOORS else len(TABULAR_FLOORS)


@pytest.mark.parametrize("package", TABULAR_FLOORS)
def test_tabular_sub_packages_import_only_downwards(package):
    floor = TABULAR_FLOORS.index(package)
    for path in sorted((SRC / "ganexp" / "tabular" / package).rglob("*.py")):
        for name in imported_modules(path):
            found = tabular_floor(name)
            assert found is None or found <= floor, f"{path.relative_to(REPO)} imports {name}"


def test_the_check_sees_a_missing_dep():
    """The walk follows imports through the library: train_gan needs the encoder's errors."""
    needed = {p.relative_to(SRC).as_posix() for p in ganexp_files(REPO / "stages/train_gan.py")}
    assert {
        "ganexp/tabular/model/gan.py",
        "ganexp/tabular/encoding/encoder.py",
        "ganexp/errors.py",
    } <= needed
    assert "ganexp/gaussians/combined.py" not in needed


def test_the_report_reads_metrics_files_only():
    """ganexp.report turns metrics/ into documents: it imports only the records the stages
    write (never the experiments or the pipeline), and how a spread is written
    (``ganexp.spread``, NumPy alone), so it runs without TensorFlow and cannot depend on how a
    stage computes."""
    allowed = ("ganexp.report", "ganexp.records", "ganexp.spread")
    for path in sorted((SRC / "ganexp" / "report").rglob("*.py")):
        for name in imported_modules(path):
            if name.startswith("ganexp."):
                assert name.startswith(allowed), f"{path}: {name}"


def test_the_records_import_nothing_of_ganexp_but_each_other():
    for path in sorted((SRC / "ganexp" / "records").rglob("*.py")):
        for name in imported_modules(path):
            if name.startswith("ganexp"):
                assert name.startswith("ganexp.records"), f"{path.relative_to(REPO)}: {name}"


@pytest.mark.parametrize("package", ["gan", "tabular", "gaussians", "records"])
def test_the_black_box_experiment_sits_above_the_tabular_one(package):
    """black_box builds on the engine, the encoder and the analysis; none of them on it."""
    for path in sorted((SRC / "ganexp" / package).rglob("*.py")):
        for name in imported_modules(path):
            assert not name.startswith("ganexp.black_box"), f"{path.relative_to(REPO)}: {name}"
