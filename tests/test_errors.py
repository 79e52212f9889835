"""One exception hierarchy: every error the package raises on purpose is a SalesReportError, so the
CLI prints one line (never a traceback); the xlwings writer treats as "not applied by this engine"
only what the engines raise, and lets a bug of ours through."""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from click.testing import CliRunner

import salesreport_xl
from salesreport_xl import vba
from salesreport_xl.cli import main
from salesreport_xl.errors import SalesReportError


def _own_exception_classes():
    for info in pkgutil.walk_packages(salesreport_xl.__path__, "salesreport_xl."):
        if info.name.endswith(("__main__", ".lite")):     # runs the CLI / needs Pyodide's Excel caller
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == module.__name__:
                yield cls


def test_every_exception_class_of_the_package_is_a_salesreport_error():
    found = list(_own_exception_classes())
    assert vba.VbaBuildError in found
    assert [c.__qualname__ for c in found if not issubclass(c, SalesReportError)] == []


def test_a_vba_build_error_is_one_line_from_the_cli(tmp_path, monkeypatch):
    monkeypatch.setattr(vba, "MACROS_DIR", tmp_path / "no-macros")    # a wheel install has no macros/
    r = CliRunner().invoke(main, ["template", "--xlsm", "-o", str(tmp_path / "t.xlsm")])
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit)
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no VBA modules (*.bas) in "), r.output
    assert "Traceback" not in r.output and not (tmp_path / "t.xlsm").exists()


# ------------------------------------------------------------------------------------------ xlwings
xw = pytest.importorskip("xlwings")
from salesreport_xl.write.xlwings_writer import WriteResult, _try, engine_errors  # noqa: E402


def test_engine_errors_are_the_ones_xlwings_raises():
    errors = engine_errors()
    assert NotImplementedError in errors and xw.XlwingsError in errors
    assert not any(issubclass(e, (KeyError, TypeError, AttributeError, ValueError)) for e in errors)


def test_what_an_engine_lacks_is_noted_and_a_bug_stops_the_write():
    result = WriteResult()

    def lacks():
        raise NotImplementedError("indent")

    def refuses():
        raise xw.NoSuchObjectError("no such range")

    _try(result, "indents", lacks)
    _try(result, "merged cells", refuses)
    assert result.skipped == ["indents", "merged cells (NoSuchObjectError)"]
    with pytest.raises(KeyError):
        _try(result, "column widths", lambda: {}["width"])
    with pytest.raises(TypeError):
        _try(result, "row heights", lambda: None + 1)
    assert len(result.skipped) == 2
