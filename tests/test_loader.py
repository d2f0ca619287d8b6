"""Data errors are loud: file, case, field and line; exit 2; never half-loaded."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from gxeco import loader

from .conftest import ROOT, subprocess_run

GOOD = (ROOT / "data" / "cases.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "cases.toml"
    p.write_text(text, encoding="utf-8")
    (tmp_path / "source").mkdir(exist_ok=True)
    (tmp_path / "source" / "guangxi-epvr-batch3.md").write_bytes(
        (ROOT / "data" / "source" / "guangxi-epvr-batch3.md").read_bytes()
    )
    return p


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    assert old in GOOD
    return write(tmp_path, GOOD.replace(old, new, count))


CASES = [
    ("syntax", "batch = 3", "batch = = 3", r"cases\.toml:\d+: TOML syntax error"),
    ("duplicate id", "id = 2\n", "id = 1\n", r"case 1: id: duplicate id 1"),
    ("missing field", 'short_title = "桂林旅游产业用地供给"\n', "", r"case 2: short_title: missing required field"),
    ("wrong type", "page = 10\n", 'page = "10"\n', r"case 2: page: must be a whole number"),
    (
        "unknown vocabulary",
        'category = "自然资源资产管理"',
        'category = "资产管理"',
        r"case 1: category: unknown value",
    ),
    ("unknown unit", 'unit = "万元"', 'unit = "万银元"', r"metrics\[\d+\]\.unit: unknown unit '万银元'"),
    (
        "quote not in source",
        "由金融机构发放了金额为1000万元",
        "由银行发放了金额为1000万元",
        r"metrics\[0\]\.quote: quote not found in the source",
    ),
    ("value not in quote", "value = 1000, unit", "value = 1001, unit", r"metrics\[0\]\.value: value 1001"),
    ("restates a later figure", "restates = 25 }", "restates = 40 }", r"metrics\[31\]\.restates: must be the position"),
    ("restates another value", "restates = 25 }", "restates = 24 }", r"metrics\[31\]\.restates: restates figure 24"),
]


@pytest.mark.parametrize(("name", "old", "new", "pattern"), CASES, ids=[c[0] for c in CASES])
def test_data_errors_are_one_clear_line(run, tmp_path: Path, name: str, old: str, new: str, pattern: str) -> None:
    p = broken(tmp_path, old, new)
    r = run("--data", str(p), "list", code=2)
    err = r.stderr.strip()
    assert "Traceback" not in r.output
    assert len(err.splitlines()) == 1, err
    assert str(p) in err
    assert re.search(pattern, err), err


def test_line_numbers_point_at_the_field(tmp_path: Path) -> None:
    p = broken(tmp_path, 'category = "自然资源资产管理"', 'category = "资产管理"')
    with pytest.raises(loader.DataError) as e:
        loader.parse_file(p)
    line = e.value.line
    assert line and 'category = "资产管理"' in p.read_text(encoding="utf-8").splitlines()[line - 1]


def test_missing_and_non_utf8_files(run, tmp_path: Path) -> None:
    r = run("--data", str(tmp_path / "nope.toml"), "list", code=2)
    assert "no such file" in r.stderr
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'[meta]\ntitle = "\xff"\n')
    r = run("--data", str(bad), "list", code=2)
    assert "not valid UTF-8" in r.stderr and ":2" in r.stderr


def test_validate_reports_every_problem(run, tmp_path: Path) -> None:
    text = GOOD.replace('unit = "万元"', 'unit = "万银元"', 2)
    p = write(tmp_path, text)
    r = run("validate", str(p), code=2)
    assert r.stdout.count("unknown unit") == 2
    r = run("validate", str(ROOT / "data" / "cases.toml"))
    assert r.stdout.strip().endswith(": ok")


def test_cache_is_used_and_invalidated_when_the_file_changes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    p = write(tmp_path, GOOD)
    _meta, cases = loader.load_file(p)
    cache_files = list((tmp_path / "cache" / "gxeco").glob("cases-*.json"))
    assert len(cache_files) == 1
    real_parse = loader.parse_file

    def no_parse(*a: object, **k: object) -> None:
        raise AssertionError("parsed although the cache is fresh")

    monkeypatch.setattr(loader, "parse_file", no_parse)
    again = loader.load_file(p)
    assert again[1] == cases
    monkeypatch.setattr(loader, "parse_file", real_parse)
    # Same size, new content: the mtime changes and the stale cache must not be used.
    p.write_text(GOOD.replace('short_title = "隆安生态农业"', 'short_title = "隆安生态农林"'), encoding="utf-8")
    st = p.stat()
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    _, fresh = loader.load_file(p)
    assert fresh[10].short_title == "隆安生态农林"
    # A broken edit is never served from the old cache.
    p.write_text(GOOD.replace("id = 2\n", "id = 1\n"), encoding="utf-8")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    with pytest.raises(loader.DataError):
        loader.load_file(p)


def test_unwritable_cache_folder_is_skipped(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    _, cases = loader.load_file(write(tmp_path, GOOD))
    assert len(cases) == 15


def test_second_batch_and_qualified_refs(run) -> None:
    extra = ROOT / "tests" / "data" / "batch9.toml"
    assert run.json("--data", str(extra), "list")[0]["batch"] == 9
    both = run.json("--data", str(extra), "--with-bundled", "list")
    assert len(both) == 17
    r = run("--data", str(extra), "--with-bundled", "show", "1", code=1)
    assert "several" in r.stderr and "9:1" in r.stderr
    assert run.json("--data", str(extra), "--with-bundled", "show", "9:1")["title"].startswith("测试")
    assert run.json("--data", str(extra), "--with-bundled", "show", "3:10")["id"] == 10
    r = run("validate", str(extra))
    assert "ok" in r.stdout


def test_installed_package_finds_bundled_data_from_any_folder(tmp_path: Path) -> None:
    r = subprocess_run("--version", cwd=tmp_path)
    assert r.returncode == 0
    assert "batch 3, 2024-09" in r.stdout.decode()


def test_cache_makes_the_second_load_faster(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    p = write(tmp_path, GOOD)
    t0 = time.perf_counter()
    loader.load_file(p)
    t1 = time.perf_counter()
    loader.load_file(p)
    t2 = time.perf_counter()
    assert (t2 - t1) < (t1 - t0)
