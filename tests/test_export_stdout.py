"""export -o -: standard output for text formats, a refusal for binary ones, never a file named -."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_export_to_dash_writes_standard_output(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = run("export", "-f", "csv", "-o", "-")
    assert r.stdout.startswith("id,batch,slug")
    assert len(r.stdout.splitlines()) > 15
    assert not (tmp_path / "-").exists()
    for fmt in ("xlsx", "sqlite"):
        r = run("export", "-f", fmt, "-o", "-", code=2)
        assert "writes a binary file" in r.stderr and not (tmp_path / "-").exists()
