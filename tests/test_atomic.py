"""budgetlib.atomic: a failed write leaves the previous file and no temporary file behind."""

from __future__ import annotations

import pytest

from budgetlib.atomic import FILE_MODE, atomic_write, atomic_write_text


def test_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "sub" / "findings.json"
    atomic_write_text(target, "旧")
    assert target.stat().st_mode & 0o777 == FILE_MODE

    def half(p):
        p.write_text("半")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, half)
    assert target.read_text(encoding="utf-8") == "旧"
    assert [p.name for p in target.parent.iterdir()] == ["findings.json"]
