"""The pipeline's direction, read from the source: read -> validate -> compute -> layout -> write.

No module imports a stage after its own (read/ and validate/ know nothing of layout/ or write/;
compute/ nothing of layout/ or write/), and compute/ makes no words (no i18n/): its result is
figures, worded after it. No modules import each other in a circle, inside a stage or across. Every
import counts, the ones inside functions too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "salesreport_xl"
STAGES = ["read", "validate", "compute", "layout", "write"]


def _module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_statements(path: Path, root: Path = PACKAGE) -> list[tuple[str, str | None]]:
    """(module, name) of every import in `path`, inside functions too (relative imports resolved;
    name None for `import module`)."""
    name = _module_name(path, root)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, None) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found += [(target, a.name) for a in node.names]
    return [(m, n) for m, n in found if m.split(".")[0] == root.name]


def imported(path: Path, root: Path = PACKAGE) -> set[str]:
    """The modules of the package at `root` that `path` imports, as dotted names."""
    found = set()
    for module, member in import_statements(path, root):
        found.add(module)
        if member:
            found.add(f"{module}.{member}")   # `from . import layout`
    return found


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


def _file_of(module: str, root: Path = PACKAGE) -> Path | None:
    """The source file of the longest prefix of `module` that is one (names imported from it dropped)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        base = root.parent.joinpath(*parts[:n])
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


# ------------------------------------------------------------------------------------ circles
def imported_files(path: Path, root: Path) -> set[Path]:
    """The files of the package at `root` that `path` imports: `from . import x` is the file of x
    where x is a module, else the package's `__init__` that defines x."""
    found = set()
    for module, member in import_statements(path, root):
        sub = _file_of(f"{module}.{member}", root) if member else None
        if sub is not None and _module_name(sub, root) == f"{module}.{member}":
            found.add(sub)
        else:
            found.add(_file_of(module, root))
    return {f for f in found if f is not None and f != path}


def import_graph(root: Path) -> dict[Path, set[Path]]:
    """File -> the files of the same package it imports."""
    return {path: imported_files(path, root) for path in sorted(root.rglob("*.py"))}


def import_circles(root: Path) -> list[list[str]]:
    """Every circle of imports in the package at `root` (one per set of modules that reach each
    other), as module paths in import order."""
    graph = import_graph(root)
    index: dict[Path, int] = {}
    low: dict[Path, int] = {}
    stack: list[Path] = []
    on_stack: set[Path] = set()
    found: list[list[str]] = []

    def visit(v: Path) -> None:   # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(str(p.relative_to(root)) for p in part))

    for v in graph:
        if v not in index:
            visit(v)
    return sorted(found)


def test_no_import_circles():
    assert import_circles(PACKAGE) == []


def test_a_planted_circle_is_found_even_through_an_import_inside_a_function(tmp_path):
    """compute/a imports compute/b at the top; b imports a back only inside a function (which Python
    runs happily, and which once hid two circles in compute/); c imports a, outside the circle."""
    pkg = tmp_path / "salesreport_xl"
    (pkg / "compute").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "compute" / "__init__.py").write_text("")
    (pkg / "compute" / "a.py").write_text("from .b import g\n\ndef f():\n    return g()\n")
    (pkg / "compute" / "b.py").write_text("def g():\n    from .a import f\n    return f\n")
    (pkg / "compute" / "c.py").write_text("from salesreport_xl.compute import a\n")
    assert import_circles(pkg) == [["compute/a.py", "compute/b.py"]]
    (pkg / "compute" / "b.py").write_text("def g():\n    return 1\n")
    assert import_circles(pkg) == []
