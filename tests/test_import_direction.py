"""The pipeline's direction, read from the source: read -> validate -> compute -> layout -> write.

No module imports a stage after its own (read/ and validate/ know nothing of layout/ or write/;
compute/ nothing of layout/ or write/), and compute/ makes no words (no i18n/): its result is
figures, worded after it. Every import counts, the ones inside functions too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "salesreport_xl"
STAGES = ["read", "validate", "compute", "layout", "write"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """The salesreport_xl modules `path` imports, as dotted names (relative imports resolved)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)   # `from . import layout`
    return {m for m in found if m.split(".")[0] == "salesreport_xl"}


def _area(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _modules(stage: str) -> list[Path]:
    return sorted((PACKAGE / stage).rglob("*.py"))


def test_the_stages_are_where_this_test_looks():
    assert all(_modules(stage) for stage in STAGES)
    assert imported(PACKAGE / "compute" / "report.py") >= {"salesreport_xl.compute.model"}


@pytest.mark.parametrize("stage", STAGES)
def test_no_stage_imports_a_later_stage(stage):
    later = set(STAGES[STAGES.index(stage) + 1:])
    wrong = {f"{p.relative_to(PACKAGE)} imports {m}" for p in _modules(stage) for m in imported(p)
             if _area(m) in later}
    assert sorted(wrong) == []


def _file_of(module: str) -> Path | None:
    """The source file of the longest prefix of `module` that is one (names imported from it dropped)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        base = PACKAGE.parent.joinpath(*parts[:n])
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate
    return None


def reached(path: Path) -> set[str]:
    """Every salesreport_xl module `path` imports, directly or through the modules it imports."""
    seen: set[Path] = set()
    todo, names = [path], set()
    while todo:
        for m in imported(todo.pop()):
            names.add(m)
            f = _file_of(m)
            if f is not None and f not in seen:
                seen.add(f)
                todo.append(f)
    return names


def test_read_and_validate_reach_neither_layout_nor_write():
    # Through shared modules too: read/ once reached write/ through safety.py.
    wrong = sorted({f"{p.relative_to(PACKAGE)} reaches {m}" for stage in ("read", "validate")
                    for p in _modules(stage) for m in reached(p) if _area(m) in ("layout", "write")})
    assert wrong == []


@pytest.mark.parametrize("path", _modules("compute"), ids=lambda p: p.name)
def test_compute_makes_no_words(path):
    assert [m for m in imported(path) if _area(m) == "i18n"] == []
