"""The VBA side: every RunPython call in macros/*.bas runs a function that exists, and the VBA
stream compression the macro-enabled template relies on is right."""
from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

from salesreport_xl import vba

MACROS = Path(__file__).resolve().parent.parent / "macros"
BAS_FILES = sorted(MACROS.glob("*.bas"))

# RunPython "…" — a VBA string literal, where "" stands for one quote.
_RUN_PYTHON = re.compile(r'RunPython\s*\(?\s*"((?:[^"]|"")*)"', re.IGNORECASE)
_SUB = re.compile(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(\s*\)(.*?)^\s*End\s+Sub", re.I | re.M | re.S)


def _run_python_commands(text: str) -> list[str]:
    code_lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("'")]
    return [m.group(1).replace('""', '"') for m in _RUN_PYTHON.finditer("\n".join(code_lines))]


def _targets(command: str) -> list[tuple[str, str]]:
    """(module, function) for every `alias.function()` call of a Python command, through its imports."""
    tree = ast.parse(command)
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for name in node.names:
                aliases[name.asname or name.name] = name.name
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = ast.unparse(node.func.value)
            calls.append((aliases.get(owner, owner), node.func.attr))
    return calls


def test_macros_folder_has_the_report_module():
    assert [p.name for p in BAS_FILES] == ["SalesReport.bas"]


def test_every_run_python_target_imports_and_names_a_function():
    checked = 0
    for path in BAS_FILES:
        for command in _run_python_commands(path.read_text(encoding="utf-8")):
            targets = _targets(command)
            assert targets, f"{path.name}: RunPython {command!r} calls nothing"
            for module_name, func_name in targets:
                module = importlib.import_module(module_name)
                func = getattr(module, func_name, None)
                assert callable(func), f"{path.name}: {module_name}.{func_name} does not exist"
                # Called with no arguments from Excel: the book must default to the caller.
                required = [p for p in inspect.signature(func).parameters.values()
                            if p.default is inspect.Parameter.empty
                            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
                assert not required, f"{module_name}.{func_name} needs {required}"
                checked += 1
    assert checked == 3  # Generate, ValidateInputs, ClearReport


def test_each_button_macro_runs_its_entry_point():
    text = (MACROS / "SalesReport.bas").read_text(encoding="utf-8")
    subs = {name: body for name, body in _SUB.findall(text)}
    expected = {"Generate": ("salesreport_xl.excel", "generate"),
                "ValidateInputs": ("salesreport_xl.excel", "validate_inputs"),
                "ClearReport": ("salesreport_xl.excel", "clear_report")}
    assert set(subs) == set(expected)
    for sub, target in expected.items():
        (command,) = _run_python_commands(subs[sub])
        assert _targets(command) == [target]
    # The template's buttons call exactly these Subs.
    assert {macro for _, macro in vba.BUTTONS} == {f"SalesReport.{s}" for s in expected}
    assert {macro for _, macro in vba.buttons("zh")} == {f"SalesReport.{s}" for s in expected}
    assert [c for c, _ in vba.buttons("zh")] == ["生成报告", "检查输入", "清除报告"]


def test_bas_files_use_crlf_and_name_their_module():
    # The VBA editor's Import mangles LF-only files (attribute lines end up as code).
    for path in BAS_FILES:
        raw = path.read_bytes()
        assert raw.count(b"\n") == raw.count(b"\r\n"), path.name
        assert raw.startswith(f'Attribute VB_Name = "{path.stem}"'.encode()), path.name


def test_the_run_python_parser_can_fail():
    assert _targets("import salesreport_xl.excel as sr; sr.no_such_function()") == [
        ("salesreport_xl.excel", "no_such_function")]
    assert not hasattr(importlib.import_module("salesreport_xl.vba"), "no_such_function")
    assert _run_python_commands("' RunPython \"commented out\"\nRunPython \"a \"\"b\"\"\"") == ['a "b"']


# ---------------------------------------------------------------------------------------------------
# MS-OVBA compression

def test_compress_literal_only_chunk_matches_the_spec_example():
    # MS-OVBA 3.2.1: no repeats -> a flag byte 0x00 before every 8 literals; 23 bytes + 3 flags = 26
    # bytes of chunk data, header 0xB000 | (26 - 1) = 0xB019, little-endian 19 B0.
    assert vba.compress(b"abcdefghijklmnopqrstuv.") == b"\x01\x19\xb0\x00abcdefgh\x00ijklmnop\x00qrstuv."


def test_compress_copy_token_worked_by_hand():
    # "abcabcabc": literals a b c, then at position 3 a copy of 6 bytes from offset 3 (overlapping).
    # Position 3 -> bit count 4 (the minimum), token = (offset-1) << 12 | (length-3) = 2<<12 | 3 = 0x2003.
    # Flag byte: 4th token is a copy -> 0b1000 = 0x08. Data 08 61 62 63 03 20 = 6 bytes -> header
    # 0xB000 | 5 = 0xB005.
    assert vba.compress(b"abcabcabc") == bytes.fromhex("01 05B0 08 616263 0320")


def test_compress_caps_copy_length_late_in_a_chunk():
    # 256 distinct bytes then 11 more copies: from position 256 on every copy token has bit count 8,
    # so at most (0xFFFF >> 8) + 3 = 258 bytes per token. ms-ovba-compression 1.0.1 lets longer
    # copies through and corrupts the offset; an independent decoder (oletools) must get the input back.
    from oletools.olevba import decompress_stream

    data = bytes(range(256)) * 12
    assert bytes(decompress_stream(bytearray(vba.compress(data)))) == data


def test_compress_round_trips_the_xlwings_module():
    from oletools.olevba import decompress_stream

    source = vba.xlwings_sources()[0].read_bytes()
    packed = vba.compress(source)
    assert bytes(decompress_stream(bytearray(packed))) == source
    assert len(packed) < len(source) // 2  # it does compress (46 KB of VBA to about 20 KB)
