"""The PDF's fonts: a warning when the converter would print the report's text in a font of other
metrics, and none on a machine set up as the README says (Carlito, Noto Sans CJK)."""
from __future__ import annotations

import shutil
import subprocess

import pytest

import salesreport_xl.write.pdf as pdf


def fake_fontconfig(monkeypatch, calibri_is: str, chinese: str):
    """fontconfig answering `fc-match Calibri` with `calibri_is` and `fc-list :lang=zh` with `chinese`."""
    monkeypatch.setattr(pdf.shutil, "which", lambda name: f"/usr/bin/{name}")

    def run(cmd, **kw):
        out = calibri_is if cmd[0].endswith("fc-match") else chinese
        return subprocess.CompletedProcess(cmd, 0, stdout=out, stderr="")

    monkeypatch.setattr(pdf.subprocess, "run", run)


def test_a_substituted_latin_font_is_warned_and_names_the_package(monkeypatch):
    fake_fontconfig(monkeypatch, "DejaVu Sans", "Noto Sans CJK SC,Noto Sans CJK SC Regular\n")
    assert pdf.font_warnings("en") == [
        "the PDF prints Calibri text in DejaVu Sans: lines may overprint; install Carlito "
        "(Debian/Ubuntu: fonts-crosextra-carlito)"]


def test_a_chinese_report_without_a_cjk_font_is_warned(monkeypatch):
    fake_fontconfig(monkeypatch, "Carlito", "AR PL UMing CN\n")
    assert pdf.font_warnings("en") == []                        # an English report needs no Chinese font
    assert pdf.font_warnings("zh") == [
        "no Chinese font for the PDF (Noto Sans CJK): install it (Debian/Ubuntu: fonts-noto-cjk)"]


def test_metric_compatible_fonts_say_nothing(monkeypatch):
    fake_fontconfig(monkeypatch, "Carlito", "Noto Sans CJK SC,Noto Sans CJK SC Regular\n")
    assert pdf.font_warnings("zh") == []
    fake_fontconfig(monkeypatch, "Calibri", "Microsoft YaHei\n")
    assert pdf.font_warnings("zh") == []


def test_without_fontconfig_nothing_is_said(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert pdf.font_warnings("zh") == []


@pytest.mark.skipif(shutil.which("fc-match") is None or shutil.which("soffice") is None,
                    reason="no fontconfig / LibreOffice here")
def test_this_machine_prints_the_pdf_without_substitution():
    """The set-up (.ci/run, README) installs Carlito and Noto Sans CJK."""
    assert pdf.font_warnings("zh") == []
