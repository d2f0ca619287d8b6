"""The commands as a user drives them; JSON for structure, text for layout."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from gxeco import query

from .conftest import subprocess_run

REFS = [
    ("10", 10),
    ("十", 10),
    ("第十", 10),
    ("longsheng-terraces", 10),
    ("龙胜", 10),
    ("园博园", 6),
    ("北流", 5),
    ("永仁", 8),
    ("梯田", 10),
    ("一田生五金", 10),
    ("陈皮", 15),
    ("农地入市", 5),
    ("longsheng", 10),
    ("chenpi", 15),
    ("lstt", 10),
    ("园搏园", 6),
    ("龙胜悌田", 10),
    ("１０", 10),
    ("  龙胜 ", 10),
    ("LongSheng", 10),
    ("碳酸钙", 3),
    ("点石成金", 3),
    ("hezhou", 3),
    ("3:10", 10),
    ("那良", 7),
    ("十五", 15),
    ("titian", 10),
    ("来宾干蔗", 12),
]


@pytest.mark.parametrize(("ref", "want"), REFS)
def test_show_resolves_every_reference_form(run, ref: str, want: int) -> None:
    assert run.json("show", ref)["id"] == want


@pytest.mark.parametrize(("ref", "ids"), [("防城港", [7, 9]), ("桂林", [2, 10])])
def test_ambiguous_reference_lists_candidates(run, ref: str, ids: list[int]) -> None:
    r = run("show", ref, code=1)
    assert r.stdout == ""
    first, hint = r.stderr.splitlines()  # one line and one hint, never a list
    assert first.startswith(f"gxeco: '{ref}' matches {len(ids)} cases: ")
    assert [int(x.split()[0]) for x in first.split(" cases: ")[1].split("; ")] == ids
    assert hint.strip() == "be more specific, or use the id"


def test_not_found_suggests(run) -> None:
    r = run("show", "北流沉皮", code=1)
    assert r.stderr.splitlines() == [
        "gxeco: no case matches '北流沉皮'",
        "  did you mean: 5 北流「农地入市」; 15 浦北陈皮产业?",
    ]
    r = run("show", "火星殖民", code=1)
    assert r.stderr.splitlines() == ["gxeco: no case matches '火星殖民'", "  try `gxeco list`"]


@pytest.mark.parametrize("ref", ["0", "16", "-1", "1000000000", "1e9"])
def test_out_of_range_ids(run, ref: str) -> None:
    r = run("show", "--", ref, code=1)
    assert "Traceback" not in r.output and r.stderr.startswith("gxeco:")


@pytest.mark.parametrize("ref", ["", "   "])
def test_empty_reference_is_usage_error(run, ref: str) -> None:
    r = run("show", ref, code=2)
    assert "empty case reference" in r.stderr


def test_list_json_keys_and_filters(run, ds) -> None:
    rows = run.json("list")
    assert [r["id"] for r in rows] == list(range(1, 16))
    for k in ("id", "slug", "title", "short_title", "city", "county", "category", "modes", "resources", "tags", "page"):
        assert k in rows[0]
    assert [r["id"] for r in run.json("list", "--city", "桂林")] == [2, 10]
    assert [r["id"] for r in run.json("list", "--city", "guilin")] == [2, 10]
    assert [r["id"] for r in run.json("list", "--resource", "海域")] == [
        c.id for c in ds.cases if "海域海岛" in c.resources
    ]
    assert [r["id"] for r in run.json("list", "--category", "修复")] == [
        c.id for c in ds.cases if c.category == "生态保护修复及价值提升"
    ]
    assert [r["id"] for r in run.json("list", "--tag", "陈皮")] == [15]
    r = run("list", "--city", "柳州", "--format", "json", code=1)
    assert json.loads(r.stdout) == []
    assert "no case matches these filters" in r.stderr
    run("list", "--category", "不存在的类别", code=2)  # close to no value: a usage error


def test_list_plain_when_piped_and_formats(run) -> None:
    plain = run("list").stdout
    assert "─" not in plain and "\x1b[" not in plain
    assert plain.splitlines()[0].split()[:3] == ["编号", "简称", "地市"]
    assert "龙胜梯田「一田生五金」" in plain
    rows = list(csv.reader(io.StringIO(run("list", "-f", "csv").stdout)))
    assert rows[0][:4] == ["id", "batch", "slug", "short_title"] and len(rows) == 16
    md = run("list", "-f", "md").stdout
    assert md.startswith("| 编号 | 简称 |") and md.count("\n|") >= 16


@pytest.mark.parametrize("width", ["40", "80", "200"])
def test_table_keeps_names_whole_at_any_width(run, width: str) -> None:
    from rich.cells import cell_len

    out = run("list", "-f", "table", env={"COLUMNS": width}).stdout
    assert "…" not in out
    for name in ("防城港「海边山」综合开发", "龙胜梯田「一田生五金」", "那良镇全域土地综合整治"):
        assert any(name in line for line in out.splitlines()), (width, name)
    assert max(cell_len(line) for line in out.splitlines()) <= int(width)


def test_show_sections_and_formats(run) -> None:
    d = run.json("show", "10")
    for k in ("background", "mechanism", "practices", "outcomes", "metrics", "policies", "notes"):
        assert k in d
    assert d["practices"][2]["title"] == "高效利用梯田资源，实现“一田生五金”"
    assert {"label", "value", "unit", "topic", "section", "quote"} <= set(d["metrics"][0])
    only = run.json("show", "10", "--section", "做法")
    assert "practices" in only and "background" not in only
    text = run("show", "10").stdout
    for h in ("案例背景", "核心机制", "具体做法", "主要成效", "引用文件"):
        assert h in text
    assert "1. 实行梯田资源开发有偿使用制度" in text
    md = run("show", "10", "-f", "md").stdout
    assert "## 具体做法" in md and "1. **实行梯田资源开发有偿使用制度" in md
    rows = list(csv.reader(io.StringIO(run("show", "10", "-f", "csv", "--section", "metrics").stdout)))
    assert rows[0][:3] == ["id", "label", "value"] and len(rows) > 50
    run("show", "10", "--section", "nonsense", code=1)  # refused naming 注 (notes), its closest


def test_bad_format_is_usage_error(run) -> None:
    r = run("list", "--format", "xml", code=2)
    assert "xml" in r.output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["list", "--bogus"], "No such option"),
        (["show", "10", "--sectoin", "metrics"], "No such option"),
        (["search", "碳汇", "--limit", "0"], "--limit"),
        (["search", "碳汇", "--limit", "many"], "--limit"),
        (["figures", "-n", "-3"], "-n"),
        (["list", "--format"], "--format"),
    ],
)
def test_usage_errors_exit_2_and_name_the_culprit(run, args: list[str], says: str) -> None:
    r = run(*args, code=2)
    assert says in r.output and "Traceback" not in r.output


@pytest.mark.parametrize(
    ("args", "says", "code"),
    [
        # close to nothing: a usage error (2), naming what there is to choose from
        (["stats", "--by", "weather"], "weather", 2),
        (["figures", "--topic", "天气"], "天气", 2),
        (["show", "10", "--section", "结尾"], "结尾", 2),
        # close to a value: refused naming it (1), as a case reference is; never taken
        (["list", "--tag", "红树临"], "红树林", 1),
        (["list", "--city", "guiling"], "桂林", 1),
        (["list", "-c=桂林"], "桂林", 1),  # click reads the value as '=桂林'
    ],
)
def test_values_that_match_no_value_are_refused(run, args: list[str], says: str, code: int) -> None:
    """An option's value is never guessed: a value close to one is refused naming it (exit 1,
    like a case that does not exist); one close to nothing is a usage error (exit 2)."""
    r = run(*args, code=code)
    assert says in r.stderr and "Traceback" not in r.output
    assert r.stdout == ""


def test_version(run) -> None:
    out = run("--version").stdout
    assert "gxeco 0.1.0" in out and "第三批" in out and "2024-09" in out


# --- search ---------------------------------------------------------------------

RANKING = [
    (["碳汇", "质押"], 1),
    (["立体分层设权"], 4),
    (["撂荒"], 14),
    (["陈皮"], 15),
    (["一田生五金"], 10),
    (["芋蒙"], 7),
    (["农地入市"], 5),
    (["碳酸钙"], 3),
    (["甘蔗", "蔗渣"], 12),
    (["红色旅游"], 13),
    (['"取水权质押"'], 1),
    (["chenpi"], 15),
    (["titian"], 10),
    (["矿坑"], 6),
]


@pytest.mark.parametrize(("query", "first"), RANKING)
def test_search_ranking(run, query: list[str], first: int) -> None:
    res = run.json("search", *query)
    assert res[0]["id"] == first
    assert res[0]["match"] == "exact"
    scores = [r["score"] for r in res]
    assert scores == sorted(scores, reverse=True)


def test_search_and_means_all_terms(run, ds) -> None:
    res = run.json("search", "碳汇", "质押")
    ids = {r["id"] for r in res}
    for c in ds.cases:
        text = c.background + c.mechanism + "".join(i.title + i.text for i in c.practices + c.outcomes)
        assert (c.id in ids) == ("碳汇" in text and "质押" in text)


def test_search_snippet_highlight(run) -> None:
    res = run.json("search", "立体分层设权")
    hit = res[0]["hits"][0]
    a, b = hit["highlights"][0]
    assert hit["snippet"][a:b] == "立体分层设权"
    plain = run("search", "立体分层设权").stdout
    assert "【立体分层设权】" in plain
    md = run("search", "立体分层设权", "-f", "md").stdout
    assert "**立体分层设权**" in md


@pytest.mark.parametrize(
    ("typed", "meant", "ids"),
    [
        ("立体分层设全", "立体分层设权", {4, 9}),
        ("园搏园", "园博园", {6}),
        ("稻鱼", "稻渔", {14}),
        ("碳汇 质鸭", "碳汇 质押", {1}),
    ],
)
def test_search_corrects_one_character_typos(run, typed: str, meant: str, ids: set[int]) -> None:
    r = run("search", *typed.split(), "-f", "json")
    res = json.loads(r.stdout)
    assert {x["id"] for x in res} == ids and {x["match"] for x in res} == {"corrected"}
    assert {x["corrected"] for x in res} == {meant}
    assert r.stderr == f"gxeco: no exact match; showing results for {meant}\n"
    run("search", *typed.split(), "--exact", "-f", "json", code=1)


def test_search_falls_back_to_near_sentences(run) -> None:
    r = run("search", "创新海域立体分曾设全保障", "-f", "json")  # two characters off: no one-character neighbour
    res = json.loads(r.stdout)
    assert res and {x["match"] for x in res} == {"near"} and res[0]["id"] in (4, 9)
    assert "near matches" in r.stderr
    r = run("search", "火星殖民", "-f", "json", code=1)  # nothing near: exit 1, not 0
    assert json.loads(r.stdout) == []


def test_search_markup_is_text(run) -> None:
    r = run("search", "[/]", "-f", "json", code=1)
    assert json.loads(r.stdout) == []
    r = run("search", "[bold]", code=1)
    assert "Traceback" not in r.output


def test_search_empty_is_usage_error(run) -> None:
    r = run("search", "", code=2)
    assert "empty search query" in r.stderr


def test_search_options(run) -> None:
    res = run.json("search", "梯田", "--case", "10", "--section", "outcomes", "--snippets", "1")
    assert [r["id"] for r in res] == [10]
    assert all(h["section"] == "outcomes" for h in res[0]["hits"]) and len(res[0]["hits"]) == 1
    assert len(run.json("search", "生态", "--limit", "2")) == 2
    rows = list(csv.reader(io.StringIO(run("search", "陈皮", "-f", "csv").stdout)))
    assert rows[0] == ["id", "slug", "short_title", "score", "match", "section", "title", "snippet"]


# --- compare, stats, figures ---------------------------------------------------------


def test_compare(run) -> None:
    d = run.json("compare", "7", "8")
    assert [c["id"] for c in d["cases"]] == [7, 8]
    fields = [r["field"] for r in d["rows"]]
    assert fields[:3] == ["place", "category", "modes"] and "figures.investment" in fields
    inv = next(r for r in d["rows"] if r["field"] == "figures.investment")
    assert any(f["value"] == 200 for f in inv["values"][0])
    only = run.json("compare", "7", "8", "--topic", "投资")
    assert [r["field"] for r in only["rows"] if r["field"].startswith("figures.")] == ["figures.investment"]
    assert run("compare", "7", "8", "-f", "csv").stdout.startswith("field,7:naliang")
    assert "| 地点 |" in run("compare", "7", "8", "-f", "md").stdout
    run("compare", "7", code=2)
    run("compare", "7", "第七", code=2)
    run("compare", "7", "8", "--topic", "天气", code=2)


def test_stats_counts_match_the_data(run, ds) -> None:
    d = run.json("stats")
    assert d["total"] == 15
    assert len(d["by_city"]) == 15 and d["by_city"]["柳州市"] == 0 and d["by_city"]["全区"] == 1
    for city, n in d["by_city"].items():
        assert n == sum((c.city or c.scope) == city for c in ds.cases)
    assert sum(d["by_category"].values()) == 15
    for r, n in d["by_resource"].items():
        assert n == sum(r in c.resources for c in ds.cases)
    assert set(run.json("stats", "--by", "资源")) == {"total", "by_resource"}
    assert "#" in run("stats", "--by", "city").stdout
    assert run("stats", "-f", "csv").stdout.startswith("dimension,key,count")
    run("stats", "--by", "weather", code=2)


def test_figures_sorted_by_normalised_value(run) -> None:
    rows = run.json("figures", "--topic", "investment", "--sort", "value")
    assert rows and all(r["topic"] == "investment" for r in rows)
    money = [r for r in rows if r["kind"] == "money"]
    assert [r["normalized"] for r in money] == sorted((r["normalized"] for r in money), reverse=True)
    assert money[0]["display"] == "2734.49亿元"
    assert all(r["quote"] for r in rows)
    one = run.json("figures", "--case", "陈皮", "--unit", "area")
    assert {r["id"] for r in one} == {15} and all(r["kind"] == "area" for r in one)
    assert run("figures", "--topic", "tourism", "-f", "csv").stdout.startswith("id,batch,slug")
    run("figures", "--topic", "weather", code=2)


def test_query_layer_without_cli(ds) -> None:
    rows = query.figure_rows(ds.cases, "land", "area")
    assert rows and all(r.kind == "area" and r.metric.topic == "land" for r in rows)


# --- cite, export ---------------------------------------------------------------------


def test_cite_styles(run) -> None:
    r = run("cite", "10")
    assert r.stdout.strip().endswith("（第三批）. [出版地不详]: 广西壮族自治区自然资源厅, 2024: 58-63.")
    assert "一田生五金”案例[M]//广西壮族自治区自然资源厅. " in r.stdout
    r = run("cite", "15")
    assert r.stdout.strip().endswith("2024: 86.") and "end page unknown" in r.stderr
    assert "@incollection{" in run("cite", "10", "--style", "bibtex").stdout
    assert "SP  - 58\nEP  - 63" in run("cite", "10", "--style", "ris").stdout
    d = run.json("cite", "10", "15")
    assert [(x["page_start"], x["page_end"]) for x in d] == [(58, 63), (86, None)]


def test_export(run, tmp_path) -> None:
    data = json.loads(run("export").stdout)
    assert len(data) == 15 and data[9]["metrics"]
    lines = run("export", "-f", "jsonl", "--city", "桂林").stdout.splitlines()
    assert [json.loads(x)["id"] for x in lines] == [2, 10]
    out = tmp_path / "f.csv"
    run("export", "-f", "csv", "--metrics", "--excel", "-o", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    r = run("export", "-f", "csv", "-o", str(out), code=2)
    assert "exists" in r.stderr
    run("export", "-f", "csv", "-o", str(out), "--force")
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    run("export", "-f", "xml", code=2)


def test_export_is_what_list_and_figures_say(run, tmp_path) -> None:
    """Export writes through the same reports and renderers: it cannot disagree with them."""
    assert run("export", "-f", "md").stdout == run("list", "-f", "md").stdout
    assert run("export", "-f", "md", "--metrics").stdout == run("figures", "-f", "md").stdout
    assert run("export", "-f", "csv", "--metrics").stdout == run("figures", "-f", "csv").stdout
    assert [json.loads(x) for x in run("export", "-f", "jsonl", "--metrics").stdout.splitlines()] == run.json("figures")


def test_export_file_mode_follows_umask_and_the_message_counts(run, tmp_path) -> None:
    import os

    old = os.umask(0o022)
    try:
        out = tmp_path / "f.csv"
        r = run("export", "-f", "csv", "--metrics", "-o", str(out))
        assert r.stderr == f"gxeco: wrote {len(run.json('figures'))} figures to {out}\n"
        assert out.stat().st_mode & 0o777 == 0o644
        r = run("export", "-f", "json", "--city", "桂林", "-o", str(tmp_path / "c.json"))
        assert r.stderr.endswith("wrote 2 cases to " + str(tmp_path / "c.json") + "\n")
    finally:
        os.umask(old)


# --- real processes ----------------------------------------------------------------------


def test_subprocess_list_and_show_plain() -> None:
    r = subprocess_run("list")
    assert r.returncode == 0 and "龙胜梯田「一田生五金」" in r.stdout.decode("utf-8")
    r = subprocess_run("show", "北流", "--format", "json")
    assert json.loads(r.stdout)["id"] == 5


@pytest.mark.parametrize("enc", ["gbk", "cp936"])
def test_chinese_consoles_show_the_chinese(enc: str) -> None:
    """GBK consoles (Chinese Windows) print every command as on UTF-8; a character GBK lacks is
    replaced in a message, never a traceback."""
    expected = {
        ("show", "10"): (0, "龙胜各族自治县"),
        ("list", "-f", "table"): (0, "龙胜梯田「一田生五金」"),
        ("search", "梯田"): (0, "梯田"),
        ("stats",): (0, "桂林"),
        ("show", "x²₂•"): (1, ""),
    }
    for args, (code, shown) in expected.items():
        r = subprocess_run(*args, env={"PYTHONIOENCODING": enc, "COLUMNS": "80"})
        assert r.returncode == code, (args, r.stderr)
        assert shown in r.stdout.decode(enc), args
        assert b"Traceback" not in r.stderr and b"UnicodeEncodeError" not in r.stderr
    assert "no case matches 'x22" in r.stderr.decode(enc)


def test_an_ascii_console_refuses_text_in_one_line() -> None:
    """An ASCII console is told in one ASCII line why the text is not shown (exit 2), never
    '?' for every character with exit 0; a case that is not there is still exit 1, its echo
    without '?'."""
    for args in (["show", "10"], ["list", "-f", "table"], ["search", "梯田"], ["stats"]):
        r = subprocess_run(*args, env={"PYTHONIOENCODING": "ascii", "COLUMNS": "80"})
        assert r.returncode == 2 and r.stdout == b"", args
        assert b"cannot show Chinese" in r.stderr and b"PYTHONIOENCODING=utf-8" in r.stderr, args
        assert b"Traceback" not in r.stderr and b"?" not in r.stderr, args
    r = subprocess_run("show", "x²₂•", env={"PYTHONIOENCODING": "ascii"})
    assert r.returncode == 1 and b"no case matches 'x22" in r.stderr and b"?" not in r.stderr


def test_broken_pipe_is_quiet() -> None:
    import subprocess
    import sys

    # figures --all: without it, figures notes on stderr what it left out (that note is no broken-pipe noise)
    for args in ("list | head -1", "show 10 | head -3", "figures --all | head -2", "search 生态 | head -1"):
        p = subprocess.run(f"{sys.executable} -m gxeco {args}", shell=True, capture_output=True, timeout=60)
        assert p.stderr == b"", p.stderr


@pytest.mark.parametrize(
    "env", [{"TERM": "dumb"}, {"NO_COLOR": "1"}, {"FORCE_COLOR": "1"}, {"COLUMNS": "20"}, {"COLUMNS": "300"}]
)
def test_terminal_environments(run, env: dict[str, str]) -> None:
    out = run("list", "-f", "table", env=env).stdout
    assert "龙胜梯田" in out.replace("\n", "").replace(" ", "")
    if "NO_COLOR" in env:
        assert "\x1b[3" not in out


def test_control_characters_are_not_echoed_raw(run) -> None:
    r = run("show", "\x1b[31mred", code=1)
    assert "\x1b" not in r.stderr


def test_error_lines_never_carry_raw_escapes_or_forged_lines(run) -> None:
    """Review bug 4: a message holding the user's newline was written without escaping."""
    r = run("search", "--exact", "\x1b[31mRED\nzzqq", code=1)
    assert "\x1b" not in r.stderr
    assert r.stderr.splitlines() == ["gxeco: no case matches '\\x1b[31mRED\\x0azzqq'"]
    r = run("search", "\x1b[31mRED\nzzqq", code=1)  # without --exact, the escape is set aside, and said
    assert r.stderr.splitlines() == [
        "gxeco: no case matches '\\x1b[31mRED\\x0azzqq'",
        "  set aside '\\x1b[' (not a letter or digit)",
    ]


def test_long_arguments_are_refused_with_a_short_message(run) -> None:
    r = run("show", "梯" * 100_000, code=1)
    assert r.stderr.strip() == "gxeco: no case matches '梯梯梯梯梯梯梯梯梯梯梯梯梯梯梯梯梯梯梯梯…' (100 000 characters)"
    r = run("search", "梯" * 100_000, code=2)
    assert r.stderr.strip() == "gxeco: query too long (100000 characters; at most 500)"


def test_misspelled_subcommand(run) -> None:
    r = run("lsit", code=2)
    assert "No such command" in r.output


def test_cite_every_format_and_completion(run) -> None:
    from types import SimpleNamespace

    from gxeco.cli import _complete_case

    ctx = SimpleNamespace(meta={})  # what the completion function reads of typer's context

    assert run("cite", "10", "-f", "csv").stdout.startswith("id,slug,style,citation\n10,longsheng-terraces")
    assert "58-63" in run("cite", "10", "-f", "md").stdout
    assert ("10", "10 龙胜梯田「一田生五金」") in _complete_case(ctx, "1")
    assert [c for c, _ in _complete_case(ctx, "longsheng")] == ["longsheng-terraces"]
    assert [c for c, _ in _complete_case(ctx, "龙")] == ["龙胜梯田「一田生五金」", "龙圩「稻渔」模式"]


@pytest.mark.parametrize("section", ["header", "background", "practices", "metrics", "notes"])
def test_show_section_is_the_same_part_in_every_format(run, section: str) -> None:
    """Review bug 5: --section header printed the header, but its JSON held the whole case."""
    d = run.json("show", "10", "--section", section)
    text_parts = {"background", "mechanism", "practices", "outcomes", "metrics", "policies", "notes"}
    assert text_parts & set(d) == ({section} if section != "header" else set())
    plain = run("show", "10", "--section", section, "-f", "plain").stdout
    header_shown = plain.startswith("十、")
    assert header_shown == (section == "header")
    rows = list(csv.reader(io.StringIO(run("show", "10", "--section", section, "-f", "csv").stdout)))
    if section == "header":
        assert rows[0][:3] == ["id", "batch", "slug"] and len(rows) == 2
    elif section == "metrics":
        assert len(rows) == 1 + len(d["metrics"])
    else:
        assert all(r[0] == "10" for r in rows[1:]) and len(rows) > 1


def test_top_level_help_shows_every_summary_whole() -> None:
    """click cuts a summary longer than the line with "..."; each command's must fit at 80 columns."""
    from typer.testing import CliRunner

    from gxeco.cli import app
    from gxeco.layout import width_of as cell_width

    r = CliRunner().invoke(app, ["--help"], prog_name="gxeco", terminal_width=80, env={"COLUMNS": "80"})
    commands = r.stdout.split("Commands:", 1)[1]
    assert "..." not in commands and len(commands.strip().splitlines()) >= 10
    assert all(cell_width(line) <= 80 for line in commands.splitlines())


def test_search_says_what_it_found_not_a_bare_score(run: Any) -> None:
    out = run("search", "碳汇", "质押", "--format", "plain").stdout
    assert "score" not in out and "title match, " in out.splitlines()[0]
    # in Chinese: 标题命中，正文 N 处 (tests/test_i18n.py, case "found")
    near = run("search", "生物多样鸭", "--format", "plain").stdout
    assert "score" not in near
    assert "score" in run("search", "-h").stdout  # --help explains the JSON's score
