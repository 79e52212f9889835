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


def test_a_library_caller_catches_them_as_the_built_in_kinds(tmp_path):
    """A wrong call is a ValueError, an unreadable file or an unwritable output an OSError — what a
    Python caller writes `except` for — and still a SalesReportError for the CLI's one line."""
    from salesreport_xl.compute import parse_month
    from salesreport_xl.errors import OutputError, UsageError, WorkbookError
    from salesreport_xl.pipeline import build_report
    from salesreport_xl.template import write_template

    assert issubclass(UsageError, ValueError) and issubclass(UsageError, SalesReportError)
    assert issubclass(WorkbookError, OSError) and issubclass(OutputError, OSError)
    with pytest.raises(ValueError, match="is not a month"):
        parse_month("March")
    with pytest.raises(OSError, match="no such file"):
        build_report(tmp_path / "missing.xlsx", tmp_path / "out.xlsx")
    (tmp_path / "not.xlsx").write_text("plain text")
    with pytest.raises(OSError, match="is not an Excel workbook"):
        build_report(tmp_path / "not.xlsx", tmp_path / "out.xlsx")
    (tmp_path / "taken").write_text("a file where the folder should be")
    with pytest.raises(OSError, match="Cannot write"):
        write_template(tmp_path / "taken" / "template.xlsx")


def test_an_output_error_inside_an_atomic_write_keeps_its_own_words(tmp_path):
    """atomic_path turns an OSError into an OutputError that says what to do; an OutputError (an
    OSError too) raised inside it is passed on as it is, not worded again."""
    from salesreport_xl.errors import OutputError
    from salesreport_xl.write.atomic import atomic_path

    with pytest.raises(OutputError) as caught:
        with atomic_path(tmp_path / "report.xlsx"):
            raise OutputError("LibreOffice could not convert the workbook to PDF")
    assert str(caught.value) == "LibreOffice could not convert the workbook to PDF"
    assert list(tmp_path.iterdir()) == []
