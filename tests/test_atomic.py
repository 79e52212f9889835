"""write/atomic.py: the one way outputs reach the disk — whole or not at all, with the umask's mode,
through one temporary-name shape that `remove_leftovers` matches and nothing else."""
from __future__ import annotations

import os
import stat

import pytest

from salesreport_xl.errors import OutputError
from salesreport_xl.write import atomic


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="file modes and umask are POSIX")
def test_mode_follows_the_umask_not_a_fixed_value(tmp_path, umask_027):
    out = atomic.write_bytes(tmp_path / "a.json", b"{}")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640       # 0666 & ~0027


def test_the_temporary_file_has_the_one_shape_and_is_gone_after(tmp_path):
    target = tmp_path / "report.xlsx"
    with atomic.atomic_file(target) as fh:
        names = os.listdir(tmp_path)
        assert len(names) == 1 and atomic.temp_pattern(target).match(names[0]), names
        fh.write(b"new")
    assert os.listdir(tmp_path) == ["report.xlsx"] and target.read_bytes() == b"new"


def test_a_failed_write_keeps_the_earlier_file_and_leaves_nothing(tmp_path):
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"earlier")
    with pytest.raises(ZeroDivisionError):
        with atomic.atomic_file(target) as fh:
            fh.write(b"half")
            1 / 0
    with pytest.raises(OutputError, match="Cannot write .*disk is full"):
        with atomic.atomic_file(target):
            raise OSError(28, "No space left on device")
    assert os.listdir(tmp_path) == ["report.xlsx"] and target.read_bytes() == b"earlier"


def test_missing_folders_are_created(tmp_path):
    out = atomic.write_bytes(tmp_path / "a" / "b" / "c.txt", b"x")
    assert out.read_bytes() == b"x"


def test_remove_leftovers_matches_only_its_own_output(tmp_path):
    target = tmp_path / "march.xlsx"
    mine = [".march.xlsx.0a1b2c3d.tmp", ".march.xlsx.k2_9zz01.tmp"]
    others = [".march.xlsx.0a1b2c3d.tmp.x", ".march.xlsx.0a1b2c3.tmp", ".april.xlsx.0a1b2c3d.tmp",
              "march.xlsx.0a1b2c3d.tmp", ".march.xlsx.0A1B2C3D.tmp"]
    for name in mine + others:
        (tmp_path / name).write_text("x")
    removed = atomic.remove_leftovers(target)
    assert sorted(p.name for p in removed) == sorted(mine)
    assert sorted(os.listdir(tmp_path)) == sorted(others)
