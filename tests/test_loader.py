"""Data errors are loud: file, case, field and line; exit 2; never half-loaded."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import pytest

from gxeco import cache, loader

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
    ("restates a later figure", "restates = 28 }", "restates = 40 }", r"metrics\[34\]\.restates: must be the position"),
    ("restates another value", "restates = 28 }", "restates = 27 }", r"metrics\[34\]\.restates: restates figure 27"),
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
    cache_files = list((tmp_path / "cache" / "gxeco").glob("*.marshal"))
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


def test_cache_keeps_one_entry_per_file_and_other_versions_until_unused(tmp_path: Path, monkeypatch) -> None:
    """Two installed versions (a pipx release and a dev checkout) share the folder without evicting
    each other's entries; what no version has used for PRUNE_DAYS goes, and so do stray temporary files."""
    folder = tmp_path / "c" / "gxeco"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    folder.mkdir(parents=True)
    other = folder / "v0.0.1-f4-py311-0badf00d.marshal"  # another installed version, in use
    unused = [folder / "cases-0badf00d.json", folder / "v0.0.1-f1-0badf00d.json", folder / "v9-f9-py39-1.marshal"]
    stray = folder / ".tmp-abc.marshal"
    for f in [other, *unused, stray]:
        f.write_text("{}")
    old = time.time() - (cache.PRUNE_DAYS + 1) * 86_400
    for f in unused:
        os.utime(f, (old, old))
    os.utime(stray, (time.time() - 7200,) * 2)
    p = write(tmp_path, GOOD)
    loader.load_file(p)
    p.write_text(GOOD + "\n", encoding="utf-8")  # a new version of the same file replaces its entry
    loader.load_file(p)
    left = sorted(f.name for f in folder.iterdir())
    assert left == sorted([other.name, Path(loader._cache_file(p) or "").name])


@pytest.mark.parametrize("junk", [b"", b"\x00garbage", b"\xe9" * 40, b"N", b"i\x05\x00\x00\x00"])
def test_a_broken_cache_entry_is_parsed_again_and_replaced(tmp_path: Path, monkeypatch, junk: bytes) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    p = write(tmp_path, GOOD)
    first = loader.load_file(p)
    (entry,) = (tmp_path / "c" / "gxeco").glob("*.marshal")
    entry.write_bytes(junk)  # truncated, foreign, or a valid marshal of the wrong shape (None, 5)
    assert loader.load_file(p) == first
    assert entry.read_bytes() != junk


def test_the_second_load_comes_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    p = write(tmp_path, GOOD)
    first = loader.load_file(p)
    monkeypatch.setattr(loader, "parse_file", lambda *a, **k: pytest.fail("parsed again"))
    assert loader.load_file(p) == first


# --- what docs/schema.md promises is what the loader enforces ---------------------------

SCHEMA_DOC = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")


def _doc_keys(heading: str) -> set[str]:
    part = SCHEMA_DOC.split(heading, 1)[1].split("\n## ", 1)[0]
    keys: set[str] = set()
    for line in part.splitlines():
        if line.startswith("| ") and not line.startswith("| key") and not line.startswith("|---"):
            first = line.split("|")[1]
            keys |= {w for w in re.findall(r"[a-z_]+", first) if w != "case"}
    return keys


def test_schema_doc_and_spec_list_the_same_keys() -> None:
    from gxeco import schema

    assert _doc_keys("## `[meta]`") == set(schema.META)
    assert _doc_keys("## `[[case]]`") == set(schema.CASE)
    assert _doc_keys("## Figures") == set(schema.METRIC)


def test_schema_doc_example_validates_and_loads(run, tmp_path: Path) -> None:
    toml = SCHEMA_DOC.split("```toml\n", 1)[1].split("```", 1)[0]
    source = SCHEMA_DOC.split("```markdown\n", 1)[1].split("```", 1)[0]
    (tmp_path / "cases.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "source.md").write_text(source, encoding="utf-8")
    r = run("validate", str(tmp_path / "cases.toml"))
    assert r.stdout.strip().endswith(": ok")
    figs = run.json("--data", str(tmp_path / "cases.toml"), "figures")
    assert [(f["value"], f["unit"], f["qualifier"]) for f in figs] == [(12.5, "万元", None), (300, "户", "约")]
    # the example's source really is checked: a quote it does not hold is refused
    (tmp_path / "cases.toml").write_text(toml.replace('quote = "约300户', 'quote = "近300户'), encoding="utf-8")
    r = run("validate", str(tmp_path / "cases.toml"), code=2)
    assert "quote not found in the source text" in r.stdout


# --- the review's loader bugs -------------------------------------------------------------

SCHEMA_CASES = [
    ("published not YYYY-MM", 'published = "2024-09"', 'published = "2030"', r"meta\.published: must be YYYY-MM"),
    (
        "too few tags",
        next(ln for ln in GOOD.splitlines() if ln.startswith('tags = ["取水权"')),
        'tags = ["碳汇"]',
        r"case 1: tags: must hold 5-15 tags, not 1",
    ),
    ("unknown field", "page = 10\n", "page = 10\npages = 11\n", r"case 2: pages: unknown field; did you mean 'page'"),
    (
        "unknown metric field",
        "value = 1000, unit",
        'value = 1000, units = "元", unit',
        r"metrics\[0\]\.units: unknown field",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "pattern"), SCHEMA_CASES, ids=[c[0] for c in SCHEMA_CASES])
def test_loader_enforces_the_schema_doc(run, tmp_path: Path, name: str, old: str, new: str, pattern: str) -> None:
    p = broken(tmp_path, old, new)
    r = run("validate", str(p), code=2)
    assert re.search(pattern, r.stdout), r.stdout
    r = run("--data", str(p), "cite", "1", "--style", "bibtex", code=2)  # refused at load, never a traceback
    assert re.search(pattern, r.stderr), r.stderr


def test_duplicate_id_is_reported_at_the_duplicate(tmp_path: Path) -> None:
    p = broken(tmp_path, "id = 2\n", "id = 1\n")
    with pytest.raises(loader.DataError) as e:
        loader.parse_file(p)
    lines = p.read_text(encoding="utf-8").splitlines()
    assert e.value.line is not None and e.value.case == 1
    assert lines[e.value.line - 1] == "id = 1"
    # the second case's id line, not the first case's
    second = [i for i, ln in enumerate(lines) if ln == "[[case]]"][1]
    assert lines[second + 1] == "id = 1" and e.value.line == second + 2
    assert "first at case #1" in e.value.message


def test_batch_qualified_ids_read_the_same_in_every_command(run) -> None:
    both = ["--data", str(ROOT / "tests" / "data" / "batch9.toml"), "--with-bundled"]
    lines = {
        "list": run(*both, "list", "-f", "plain").stdout.splitlines()[1],
        "search": run(*both, "search", "碳汇", "-f", "plain").stdout.splitlines()[0],
        "figures": run(*both, "figures", "--case", "3:10", "-f", "plain").stdout.splitlines()[1],
        "compare": run(*both, "compare", "3:7", "9:1", "-f", "md").stdout.splitlines()[0],
        "show": run(*both, "show", "3:10", "-f", "plain").stdout,
    }
    assert lines["list"].startswith("3:1 ")
    assert lines["search"].startswith("3:1 ")
    assert lines["figures"].startswith("3:10 ")
    assert "3:7 那良" in lines["compare"] and "9:1 测试" in lines["compare"]
    assert "编号    3:10\n" in lines["show"] or "编号  3:10\n" in lines["show"]
    # one batch loaded: plain ids, as before
    assert run("list", "-f", "plain").stdout.splitlines()[1].startswith("1 ")


def test_validate_reports_what_the_data_leaves_out_of_its_source(run, tmp_path: Path) -> None:
    """With a source text, validate checks completeness too: every sentence kept, every figure carried."""
    first = next(ln for ln in GOOD.splitlines() if "广西首笔取水权质押贷款金额" in ln)
    text = GOOD.replace(first + "\n", "").replace("为各类自然资源资产的权能流转奠定了法律基础。", "")
    text = re.sub(r", part_of = \d+", "", text)  # positions shift when a figure is taken out
    p = write(tmp_path, text)
    r = run("validate", str(p), code=2)
    lines = r.stdout.splitlines()
    assert any("case 1: figure of the source carried by no metric: 1000万元" in ln for ln in lines), r.stdout
    assert any(
        "case 1: sentence of the source not in the text fields: 《中华人民共和国民法典》将所有权" in ln for ln in lines
    )
    assert all(re.match(rf"{re.escape(str(p))}:\d+: case 1: ", ln) for ln in lines), r.stdout


def test_the_cache_form_reads_back_as_the_same_cases(ds: Any) -> None:
    """loader._to_plain writes each record field by field: whatever the model holds must come back
    equal through marshal (a new nested field would fail here, not in a user's cache)."""
    import marshal

    from gxeco import loader

    nine = loader.parse_file(Path(__file__).parent / "data" / "batch9.toml")
    for meta, cases in ((ds.meta, ds.cases), nine):
        blob = marshal.loads(marshal.dumps(loader._to_plain(meta, cases)))
        assert loader._from_plain(blob) == (meta, tuple(cases))


def test_toml_is_read_with_tomli_on_every_python() -> None:
    """tomli's compiled wheels parse 2.2x faster than tomllib: tomllib is never loaded."""
    code = (
        "import sys; from gxeco import loader, tomlio; tomlio.read_file(loader.bundled_path()); "
        "print('tomli' in sys.modules, 'tomllib' in sys.modules)"
    )
    r = subprocess_run_code(code)
    assert r == "True False"


def subprocess_run_code(code: str) -> str:
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout.strip()


def test_an_entry_is_written_whole_past_another_runs_temporary_file(tmp_path: Path, monkeypatch) -> None:
    """The temporary file is created anew (never one another run is writing), readable by its owner
    alone, and renamed into place."""
    folder = tmp_path / "gxeco"
    folder.mkdir()
    taken = folder / f"{cache._TMP}{'00' * 8}.marshal"
    taken.write_text("another run's")
    draws = iter([b"\0" * 8, b"\1" * 8])
    monkeypatch.setattr(cache.os, "urandom", lambda n: next(draws))
    entry = folder / "entry.marshal"
    cache.write(str(entry), "key", {"cases": (1, 2)})
    assert taken.read_text() == "another run's"
    assert cache.read(str(entry), "key") == {"cases": (1, 2)} and entry.stat().st_mode & 0o777 == 0o600
    assert sorted(f.name for f in folder.iterdir()) == sorted([taken.name, entry.name])
