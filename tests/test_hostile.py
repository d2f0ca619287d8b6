"""Files from elsewhere are untrusted: a batch file, a cache entry or an output path someone else made
never takes over a terminal, a spreadsheet or a browser, never crashes gxeco and never serves stale data.

Each class is either refused (validate and the loader name file, line, field and code point) or, for
records built in Python, which no loader checked, rendered safely by every command and format."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gxeco import api, cache, figure_reports, loader, query, reports, safe, search, tomlio
from gxeco.model import Case, Dataset, Item, Meta, Metric, Part
from gxeco.render import SVG, Format, render

from .conftest import ROOT, invoke_main, subprocess_run

BATCH9 = ROOT / "tests" / "data" / "batch9.toml"
FAST = settings()  # examples and derandomization come from the profile loaded in conftest.py

# one of each class: C0 (an OSC window title, a screen clear, an OSC 8 link), C1 (CSI), DEL, bidi
# override, embedding and isolate, invisible format characters, a tag character, the line separator
HOSTILE = {
    "osc-title": "\x1b]0;pwned\x07",
    "clear": "\x1b[2J",
    "osc8-link": "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "c1-csi": "\x9b31m",
    "del": "\x7f",
    "cr": "\r",
    "rlo": "\u202e",
    "embedding": "\u202b",
    "isolate": "\u2066",
    "arabic-mark": "\u061c",
    "zwsp": "\u200b",
    "word-joiner": "\u2060",
    "bom": "\ufeff",
    "tag": "\U000e0041",
    "line-separator": "\u2028",
}
EVERY = "".join(HOSTILE.values())
UNSAFE_CHARS = sorted({ch for s in HOSTILE.values() for ch in s if not safe.clean(ch)})


def _toml_escape(s: str) -> str:
    """s as the inside of a TOML basic string, every unsafe character as an escape."""

    def one(c: str) -> str:
        if c in '\\"':
            return "\\" + c
        if safe.clean(c):
            return c
        return f"\\U{ord(c):08X}" if ord(c) > 0xFFFF else f"\\u{ord(c):04X}"

    return "".join(one(c) for c in s)


def _variant(tmp_path: Path, old: str, new: str, name: str = "hostile.toml") -> Path:
    text = BATCH9.read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / name
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def _no_raw(text: str) -> None:
    """Nothing unsafe left: every such character shown (\\x1b, <U+202E>) or escaped."""
    at = safe.first_unsafe(text)
    assert at is None, repr(text[max(0, at - 20) : at + 20])


# --- 1, 2: validate and the loader refuse them, naming file, line, field and code point ----------


@pytest.mark.parametrize("name", list(HOSTILE))
def test_validate_and_the_loader_refuse_control_and_invisible_characters(tmp_path: Path, name: str) -> None:
    p = _variant(tmp_path, 'short_title = "测试林业碳汇"', f'short_title = "{_toml_escape(HOSTILE[name])}测试"')
    first = next(ch for ch in HOSTILE[name] if not safe.clean(ch))
    r = invoke_main(["validate", str(p)])
    assert r.exit_code == 2
    assert r.stdout == f"{p}:13: case 1: short_title: holds {safe.describe(first)}, a control or invisible " + (
        "character: no text of a case needs one\n"
    )
    r = invoke_main(["--data", str(p), "list"])
    assert r.exit_code == 2 and r.stdout == "" and "short_title: holds U+" in r.stderr
    _no_raw(r.stderr)


def test_refused_in_keys_table_names_and_literal_characters(tmp_path: Path) -> None:
    """A key or a table name is text too, and so is a character written as itself."""
    p = _variant(tmp_path, 'mechanism = "机制。"', 'mechanism = "机制。"\n"x\\u202Ey" = 1')
    r = invoke_main(["validate", str(p)])
    assert r.exit_code == 2 and "case 2: x<U+202E>y: holds U+202E (RIGHT-TO-LEFT OVERRIDE)" in r.stdout
    _no_raw(r.stdout)
    p = _variant(tmp_path, "[meta]", '["\\u001b[2J"]\nx = 1\n\n[meta]')
    r = invoke_main(["validate", str(p)])
    assert r.exit_code == 2 and "\\x1b[2J: holds U+001B (ESCAPE)" in r.stdout
    _no_raw(r.stdout)
    p = _variant(tmp_path, 'background = "测试背景。"', 'background = "测试\u202e背景\x9b。"')
    r = invoke_main(["validate", str(p)])
    assert r.exit_code == 2 and f"{p}:20: case 1: background: holds U+202E" in r.stdout


def test_validate_shows_a_hostile_file_name(tmp_path: Path) -> None:
    p = tmp_path / "a\x1b]0;x\x07\u202eb.toml"
    p.write_bytes(BATCH9.read_bytes())
    r = invoke_main(["validate", str(p)])
    assert r.exit_code == 0 and "a\\x1b]0;x\\x07<U+202E>b.toml: ok" in r.stdout
    _no_raw(r.stdout)


# --- the before-stop check, as a user types it -------------------------------------------------


def test_an_escape_in_a_title_never_reaches_list(tmp_path: Path) -> None:
    text = BATCH9.read_text(encoding="utf-8")
    esc = re.sub(r"^short_title = .*", 'short_title = "\\\\u001b]0;pwned\\\\u0007测试"', text, count=1, flags=re.M)
    p = tmp_path / "esc.toml"
    p.write_text(esc, encoding="utf-8")
    r = invoke_main(["--data", str(p), "list"])
    assert "\x1b" not in r.stdout + r.stderr and r.exit_code == 2


# --- 1: every command and format renders records built in Python safely ------------------------


def _poison_text(s: str, bad: str) -> str:
    return s[:1] + bad + s[1:] if s else s


def _fields(r: Any) -> dict[str, Any]:
    return {f: getattr(r, f) for f in type(r).__record_fields__}


def poisoned(ds: Dataset, bad: str) -> Dataset:
    """Every free-text field of every case and the publication's names with ``bad`` inside (vocabulary
    fields stay as they are: validate refuses anything else there)."""
    p = lambda s: _poison_text(s, bad)  # noqa: E731

    def case(c: Case) -> Case:
        items = {
            k: tuple(Item(p(i.title), p(i.text), tuple(Part(p(x.title), p(x.text)) for x in i.parts)) for i in v)
            for k, v in (("practices", c.practices), ("outcomes", c.outcomes))
        }
        metrics = tuple(Metric(**{**_fields(m), "label": p(m.label), "quote": p(m.quote)}) for m in c.metrics)
        fields = _fields(c)
        for f in ("title", "short_title", "background", "mechanism", "county"):
            if fields[f]:
                fields[f] = p(fields[f])
        for f in ("tags", "models", "policies", "notes"):
            fields[f] = tuple(p(x) for x in fields[f])
        fields.update(items, metrics=metrics)
        return Case(**fields)

    metas = tuple(Meta(**{**_fields(m), "title": p(m.title), "publisher": p(m.publisher)}) for m in ds.metas)
    return Dataset(metas, tuple(case(c) for c in ds.cases), ds.paths)


@pytest.fixture(scope="module")
def hostile_ds() -> Dataset:
    return poisoned(loader.load([str(BATCH9)]), EVERY)


COMMAND_LINES = [
    ["list"],
    ["show", "1"],
    ["related", "1"],
    ["search", "测试"],
    ["compare", "1", "2"],
    ["stats", "--by", "tag"],
    ["figures"],
    ["cite", "1"],
    ["map"],
]


@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_every_command_and_format_shows_what_it_cannot_trust(hostile_ds: Dataset, monkeypatch, fmt: str) -> None:
    monkeypatch.setattr(loader, "load", lambda paths: hostile_ds)
    monkeypatch.setattr(api, "_loaded", {})  # the process's one dataset cache: loaded anew
    for argv in COMMAND_LINES:
        if argv[0] == "map" and fmt == "jsonl":
            continue
        r = invoke_main([*argv, "--format", fmt])
        assert r.exit_code in (0, 1), (argv, r.stderr)
        _no_raw(r.stdout)
        _no_raw(r.stderr)
        if fmt in ("plain", "table") and argv[0] in ("list", "show"):
            assert "\\x1b]0;pwned\\x07" in r.stdout and "<U+202E>" in r.stdout, argv
        if fmt == "md" and argv[0] in ("list", "show"):  # the same, its markup escaped: \x1b]0 … <U+202E>
            assert "\\\\x1b\\]0;pwned\\\\x07" in r.stdout and "\\<U+202E\\>" in r.stdout, argv
        if fmt == "json" and argv[0] == "show":  # JSON escapes them: what it holds is what the data holds
            assert json.loads(r.stdout)["short_title"] == _poison_text("测试林业碳汇", EVERY)


def test_exports_version_and_completion_show_them(hostile_ds: Dataset, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(loader, "load", lambda paths: hostile_ds)
    monkeypatch.setattr(api, "_loaded", {})  # the process's one dataset cache: loaded anew
    for fmt in ("md", "csv", "json", "jsonl"):
        r = invoke_main(["export", "-f", fmt])
        assert r.exit_code == 0
        _no_raw(r.stdout)
    r = invoke_main(["--version"])
    assert "\\x1b]0;pwned" in r.stdout
    _no_raw(r.stdout)
    from gxeco.commands import complete_values

    got = complete_values("CASE", "")
    assert got and all(safe.clean(v) and safe.clean(h) for v, h in got)
    got = complete_values("TAG", "")
    assert any("<U+202E>" in v for v, _ in got)
    assert all(safe.clean(v) and safe.clean(h) and "\n" not in v + h for v, h in got)


def test_the_svg_map_is_well_formed_xml(hostile_ds: Dataset, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(loader, "load", lambda paths: hostile_ds)
    monkeypatch.setattr(api, "_loaded", {})  # the process's one dataset cache: loaded anew
    r = invoke_main(["map", "--format", "svg"])
    assert r.exit_code == 0
    root = ET.fromstring(r.stdout.encode("utf-8"))  # a control character would make this raise
    assert "\\x1b]0;pwned" in "".join(root.itertext())  # the source line names the publication


def test_xlsx_holds_every_text_and_no_formula(hostile_ds: Dataset, monkeypatch, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    monkeypatch.setattr(loader, "load", lambda paths: hostile_ds)

    monkeypatch.setattr(api, "_loaded", {})  # the process's one dataset cache: loaded anew
    out = tmp_path / "x.xlsx"
    r = invoke_main(["export", "-f", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    wb = load_workbook(out)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("\\x1b]0;pwned" in c.value for c in cells)
    assert all(safe.clean(c.value) and c.data_type != "f" for c in cells)


HOSTILE_RUN = """
import sys
from gxeco import loader
from gxeco.model import Case, Dataset
bad = {bad!r}
ds = loader.load([{batch!r}])
def poison(c):
    fields = {{f: getattr(c, f) for f in Case.__record_fields__}}
    for f in ("title", "short_title", "background"):
        fields[f] = fields[f][:1] + bad + fields[f][1:]
    return Case(**fields)
hostile = Dataset(ds.metas, tuple(poison(c) for c in ds.cases), ds.paths)
loader.load = lambda paths: hostile
from gxeco.__main__ import main
main(sys.argv[1:])
"""


def _on_a_terminal(*args: str, marker: bytes | None = None) -> str:
    """What gxeco writes to a real 80x24 pseudo-terminal, the data poisoned in Python (files are refused);
    with a marker, q is typed once it is on the screen (browse)."""
    pty = pytest.importorskip("pty")
    import fcntl
    import select
    import struct
    import termios
    import time

    script = HOSTILE_RUN.format(bad=EVERY, batch=str(BATCH9))
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        os.execve(sys.executable, [sys.executable, "-c", script, *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    out, typed, deadline = b"", False, time.monotonic() + 60
    while time.monotonic() < deadline:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            if marker is not None and not typed and marker in out:
                typed = True
                os.write(fd, b"q")
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, out[-500:]
    return out.decode("utf-8", "replace")


def _only_its_own_sequences(text: str) -> None:
    """No title set, no link planted, no C1 control, no bidi or invisible character: the only OSC is the
    pointer shape Textual itself sets (OSC 22), and every bell ends it."""
    assert "\x9b" not in text and all(ch not in text for ch in "\u202e\u202b\u2066\u061c\u200b\u2060\ufeff\u2028")
    assert "\U000e0041" not in text
    assert set(re.findall(r"\x1b\](\d*)", text)) <= {"22"}
    assert text.count("\x07") == len(re.findall(r"\x1b\]22;[a-z-]*\x07", text))


def test_the_database_shows_them(hostile_ds: Dataset, monkeypatch, tmp_path: Path) -> None:
    """Datasette serves the database as pages."""
    import sqlite3

    monkeypatch.setattr(loader, "load", lambda paths: hostile_ds)

    monkeypatch.setattr(api, "_loaded", {})  # the process's one dataset cache: loaded anew
    out = tmp_path / "x.db"
    r = invoke_main(["export", "-f", "sqlite", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    con = sqlite3.connect(out)
    title = con.execute("SELECT short_title FROM cases WHERE id = 1").fetchone()[0]
    assert title == "测\\x1b]0;pwned\\x07" + title[len("测\\x1b]0;pwned\\x07") :]
    texts = [
        v
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith("cases_")
        for row in con.execute(f'SELECT * FROM "{name}"')
        for v in row
        if isinstance(v, str)
    ]
    con.close()
    assert texts and all(safe.clean(v) for v in texts)
    _no_raw((tmp_path / "metadata.json").read_text(encoding="utf-8"))


def test_rich_on_a_pseudo_terminal_writes_no_foreign_sequence() -> None:
    """A real terminal: rich's own colours only, the data's escapes shown as text."""
    text = _on_a_terminal("--no-pager", "show", "1")  # the pager has tests of its own
    assert "\\x1b]0;pwned\\x07" in text and "<U+202E>" in text
    _only_its_own_sequences(text)
    assert not re.search(r"\x1b(?!\[[0-9;]*m)", text)  # every escape left is one of rich's colours: CSI … m


def test_textual_on_a_pseudo_terminal_writes_no_foreign_sequence() -> None:
    text = _on_a_terminal("browse", marker="编号".encode())
    assert "\\x1b]0;pwned" in text  # shown as text
    _only_its_own_sequences(text)


def test_browse_draws_them_visibly(hostile_ds: Dataset) -> None:
    import asyncio

    from gxeco.browse.app import BrowseApp

    app = BrowseApp(hostile_ds)
    screens: list[str] = []

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            screens.append(app.export_screenshot())

    asyncio.run(main())
    svg = screens[0]
    assert "pwned" in svg
    _no_raw(svg)


# --- hypothesis: random control and invisible characters in every text field --------------------

CONTROL = st.sampled_from([*UNSAFE_CHARS, "\x00", "\x85", "\u2029", "\u2067", "\u200d", "\ufffe", "测", "a", "="])


def _every_report(ds: Dataset) -> list[reports.Report]:
    """Every kind of block: a table, a case's paragraphs and items, snippets, per-field comparison."""
    cases = list(ds.cases)
    return [
        reports.case_list(cases),
        reports.case_detail(cases[0]),
        reports.search_results(search.search(cases, ["测试"])),
        reports.comparison(query.compare(cases[:2]), cases[:2]),
        figure_reports.figures(query.figure_rows(cases)),
    ]


@FAST
@given(bad=st.text(CONTROL, min_size=1, max_size=6))
@example(bad="\x1b]0;pwned\x07")
@example(bad="\u202e\ufeff")
def test_any_control_or_invisible_characters_anywhere(bad: str) -> None:
    base = loader.load([str(BATCH9)])
    ds = poisoned(base, bad)
    for report in _every_report(ds):
        for fmt in Format:
            out = io.StringIO()
            render(report, fmt, out, width=60, color=False)
            _no_raw(out.getvalue())
            if fmt is Format.json:
                json.loads(out.getvalue())
    from gxeco import citymap

    svg = io.StringIO()
    render(reports.city_map(citymap.city_map(ds.cases), ds.metas, {}, False), SVG, svg)
    ET.fromstring(svg.getvalue().encode("utf-8"))


@FAST
@given(ch=st.sampled_from(UNSAFE_CHARS), line=st.integers(0, 60))
@example(ch="\x07", line=11)  # a practice's title: the line is the character's, not the case's first
def test_any_such_character_in_any_text_of_the_file_is_refused(tmp_path_factory: Any, ch: str, line: int) -> None:
    lines = BATCH9.read_text(encoding="utf-8").splitlines()
    texts = [i for i, ln in enumerate(lines) if re.match(r'\s*\w+ = "', ln)]
    i = texts[line % len(texts)]
    lines[i] = lines[i].replace('"', '"' + _toml_escape(ch), 1)
    p = tmp_path_factory.mktemp("h") / "b.toml"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = invoke_main(["validate", str(p)])
    assert r.exit_code == 2 and f"holds U+{ord(ch):04X}" in r.stdout and f"{p}:{i + 1}:" in r.stdout
    _no_raw(r.stdout)


# --- 3: formula-safe spreadsheets -------------------------------------------------------------


FORMULAS = {
    'title = "测试市林业碳汇试点案例"': 'title = "=HYPERLINK(\\"http://evil.example\\",\\"y\\")"',
    'short_title = "测试林业碳汇"': "short_title = \"=cmd|' /C calc'!A0\"",
    'tags = ["碳汇", "林业", "测试", "质押", "试点"]': 'tags = ["+碳汇", "林业", "测试", "质押", "试点"]',
    'background = "测试背景。"': 'background = "@SUM(1+1)"',
    'mechanism = "测试机制。"': 'mechanism = "-2+3"',
}


def test_csv_and_xlsx_never_write_a_formula(tmp_path: Path) -> None:
    import csv

    from openpyxl import load_workbook

    text = BATCH9.read_text(encoding="utf-8")
    for old, new in FORMULAS.items():
        text = text.replace(old, new)
    p = tmp_path / "f.toml"
    p.write_text(text, encoding="utf-8")
    r = invoke_main(["--data", str(p), "export", "-f", "csv"])
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    first = rows[0]
    assert first["title"] == '\'=HYPERLINK("http://evil.example","y")'
    assert first["short_title"] == "'=cmd|' /C calc'!A0"
    assert first["background"] == "'@SUM(1+1)" and first["mechanism"] == "'-2+3"
    assert first["tags"].startswith("'+碳汇")
    assert first["id"] == "1" and first["page"] == "1"  # numbers stay numbers
    r = invoke_main(["--data", str(p), "figures", "-f", "csv"])
    assert "12.5" in r.stdout and "'12.5" not in r.stdout
    out = tmp_path / "f.xlsx"
    r = invoke_main(["--data", str(p), "export", "-f", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    wb = load_workbook(out)
    ws = wb["案例"]
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2], strict=True)}
    title = next(c for h, c in row.items() if h == "标题")
    assert title.value == '=HYPERLINK("http://evil.example","y")' and title.data_type == "s"
    assert all(c.data_type != "f" for ws in wb for line in ws.iter_rows() for c in line)
    assert any(isinstance(c.value, (int, float)) and c.value == 12.5 for line in wb["数据"].iter_rows() for c in line)


# --- 5: bounded numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("id = 1\n", "id = 18446744073709551616\n", "id"),
        ("page = 5\n", "page = 9223372036854775808\n", "page"),
        ("value = 12.5,", "value = 1.7e308,", "metrics[0].value"),
        ("value = 12.5,", "value = inf,", "metrics[0].value"),
        ("value = 12.5,", "value = nan,", "metrics[0].value"),
        ("value = 12.5,", "value = 99999999999999999999,", "metrics[0].value"),
        ('unit = "万元",', 'unit = "万元", year = 99999,', "metrics[0].year"),
        ("batch = 9\n", "batch = -1\n", "meta.batch"),
    ],
)
def test_numbers_beyond_what_exports_hold_are_refused(tmp_path: Path, old: str, new: str, field: str) -> None:
    p = _variant(tmp_path, old, new)
    r = invoke_main(["validate", str(p)])
    assert r.exit_code == 2 and f": {field}: " in r.stdout, r.stdout
    for argv in (["export", "-f", "sqlite", "-o", str(tmp_path / "x.db")], ["figures"]):
        r = invoke_main(["--data", str(p), *argv])
        assert r.exit_code == 2 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1, r.stderr


# --- 6: regular files of bounded size ------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_devices_fifos_and_folders_are_refused_in_one_line(tmp_path: Path, monkeypatch) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        r = invoke_main(["--data", path, "list"])
        refusal = "not a regular file (a device, a pipe or a socket); to read standard input use --data -"
        assert r.exit_code == 2 and r.stderr == f"gxeco: {path}: {refusal}\n"
    r = invoke_main(["list"], env={"GXECO_DATA": "/dev/zero"})
    assert r.exit_code == 2 and "/dev/zero: not a regular file" in r.stderr
    r = invoke_main(["--data", str(tmp_path), "list"])
    assert r.exit_code == 2 and r.stderr == f"gxeco: {tmp_path}: is a folder, not a data file\n"
    p = _variant(tmp_path, "[meta]\n", '[meta]\nsource = "/dev/zero"\n')
    r = invoke_main(["validate", str(p)])
    assert r.exit_code == 2 and "meta.source: source text '/dev/zero': not a regular file" in r.stdout


def test_a_file_over_the_size_cap_is_refused_naming_the_cap(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tomlio, "MAX_BYTES", 2 * 1024 * 1024)
    p = tmp_path / "big.toml"
    p.write_bytes(b"# " + b"x" * (3 * 1024 * 1024) + b"\n")
    r = invoke_main(["--data", str(p), "list"])
    assert r.exit_code == 2 and r.stderr == f"gxeco: {p}: larger than 2 MB, the most a data file may hold\n"


def test_standard_input_is_read_once_and_never_cached(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    env = {"XDG_CACHE_HOME": str(folder)}
    r = subprocess_run("--data", "-", "--data", "-", "list", "-f", "json", env=env, input=BATCH9.read_bytes())
    assert r.returncode == 2 and b"batch 9 is already loaded from -" in r.stderr  # read once: the same batch twice
    r = subprocess_run("--data", "-", "list", "-f", "json", env=env, input=BATCH9.read_bytes())
    assert r.returncode == 0 and [c["id"] for c in json.loads(r.stdout)] == [1, 2]
    assert not folder.exists() or not [f for f in folder.rglob("*") if f.is_file()]


# --- 7: a cache that cannot lie ------------------------------------------------------------------


def test_same_size_and_time_new_content_is_read_anew(tmp_path: Path, monkeypatch) -> None:
    """cp -p, rsync -t, two reproducible archives, coarse FAT/SMB times: the content decides."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    p = tmp_path / "b.toml"
    p.write_bytes(BATCH9.read_bytes())
    st = p.stat()
    assert loader.load_file(p)[1][0].short_title == "测试林业碳汇"
    p.write_bytes(BATCH9.read_bytes().replace("测试林业碳汇".encode(), "测验林业碳汇".encode()))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert p.stat().st_size == st.st_size and p.stat().st_mtime_ns == st.st_mtime_ns
    assert loader.load_file(p)[1][0].short_title == "测验林业碳汇"


def test_an_altered_entry_is_rebuilt_never_served(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    p = tmp_path / "b.toml"
    p.write_bytes(BATCH9.read_bytes())
    loader.load_file(p)
    folder = tmp_path / "c" / "gxeco"
    assert (folder.stat().st_mode & 0o777) == 0o700
    (entry,) = folder.glob("*.marshal")
    raw = entry.read_bytes()
    forged = raw.replace("测试林业碳汇".encode(), "\x1b]0;x\x07林业碳汇".encode()[: len("测试林业碳汇".encode())])
    assert forged != raw and len(forged) == len(raw)
    entry.write_bytes(forged)
    assert loader.load_file(p)[1][0].short_title == "测试林业碳汇"
    assert entry.read_bytes() == raw  # rebuilt


def test_two_installed_versions_keep_their_entries(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    p = tmp_path / "b.toml"
    p.write_bytes(BATCH9.read_bytes())
    loader.load_file(p)
    monkeypatch.setattr(cache, "__version__", "99.0.dev0")  # a dev checkout beside a pipx release
    loader.load_file(p)
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    loader.load_file(p)
    names = sorted(f.name for f in (tmp_path / "c" / "gxeco").iterdir())
    assert len(names) == 2 and any(n.startswith("v99.0.dev0-") for n in names)


# --- 8: outputs whole or not at all ---------------------------------------------------------------


def test_a_dangling_link_at_o_is_refused_without_force(tmp_path: Path) -> None:
    link = tmp_path / "out.csv"
    link.symlink_to(tmp_path / "elsewhere" / "x.csv")
    for argv in (["export", "-f", "csv", "-o", str(link)], ["map", "-o", str(link)]):
        r = invoke_main(argv)
        assert r.exit_code == 2 and r.stderr == f"gxeco: {link} exists; use --force to overwrite\n"
    assert link.is_symlink() and not (tmp_path / "elsewhere").exists()
    r = invoke_main(["export", "-f", "csv", "-o", str(link), "--force"])
    assert r.exit_code == 0 and link.is_file() and not link.is_symlink()


WRITE_ALL = """
import os, resource, sys
sys.path.insert(0, {root!r})
from tests.conftest import invoke_main
resource.setrlimit(resource.RLIMIT_FSIZE, (200, resource.RLIM_INFINITY))
for argv in {argvs!r}:
    r = invoke_main(argv)
    print(r.exit_code, repr(r.stderr))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_failed_write_is_one_line_and_keeps_the_old_file(tmp_path: Path) -> None:
    """A size limit (as a full disk would): every writer says so in one line, exit 2, the old file
    stays as it was and no temporary file is left."""
    outs = {f: tmp_path / f"old.{f}" for f in ("json", "jsonl", "csv", "md", "svg", "xlsx", "db")}
    for p in outs.values():
        p.write_bytes(b"old")
    meta = tmp_path / "meta.json"
    meta.write_bytes(b"old")
    data = ["--data", str(BATCH9)]  # two cases: the limit is met all the same, the workbook built faster
    argvs = [[*data, "export", "-f", f, "-o", str(outs[f]), "--force"] for f in ("json", "jsonl", "csv", "md", "xlsx")]
    argvs += [[*data, "map", "-o", str(outs["svg"]), "--force"]]
    argvs += [[*data, "export", "-f", "sqlite", "-o", str(outs["db"]), "--metadata", str(meta), "--force"]]
    r = subprocess.run(
        [sys.executable, "-c", WRITE_ALL.format(root=str(ROOT), argvs=argvs)],
        capture_output=True,
        timeout=120,
        env={**os.environ, "GXECO_NO_CACHE": "1"},
    )
    assert r.returncode == 0, r.stderr.decode()
    lines = r.stdout.decode().splitlines()
    assert len(lines) == len(argvs) and not r.stderr, r.stderr.decode()
    for argv, line in zip(argvs, lines, strict=True):
        code, err = line.split(" ", 1)
        assert code == "2" and re.fullmatch(r"'gxeco: cannot write [^\n]+\\n'", err), (argv, line)
    assert all(p.read_bytes() == b"old" for p in [*outs.values(), meta])
    assert sorted(f.name for f in tmp_path.iterdir()) == sorted([*(p.name for p in outs.values()), meta.name])


def test_database_and_metadata_land_both_or_neither(tmp_path: Path) -> None:
    db = tmp_path / "pair.db"
    r = invoke_main(["export", "-f", "sqlite", "-o", str(db), "--metadata", str(tmp_path / "missing" / "m.json")])
    assert r.exit_code == 2 and "cannot write" in r.stderr and not db.exists()
    assert list(tmp_path.iterdir()) == []


# --- 9: linear time in the size of a field --------------------------------------------------------


def test_a_long_field_wraps_whole_on_a_terminal() -> None:
    """Each line cut by offsets (never the rest of the text sliced again per line); the lines give the text
    back and none is wider than asked."""
    from gxeco import layout

    text = "碳汇质押贷款，" * 30_000 + "12.5万元"
    lines = layout.wrap_styled([(text[:100_000], None), (text[100_000:], "hit")], 40)
    assert "".join(s for line in lines for s, _ in line) == text
    assert max(layout.width_of("".join(s for s, _ in line)) for line in lines) <= 40
    assert len(lines) == len(layout.wrap(text, 40))
