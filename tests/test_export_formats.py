"""The binary exports, read back with the tools people open them with: openpyxl, sqlite3, Datasette.

Each file is built once per module (an xlsx takes about half a second) through the
real entry point, and every test reads the same files.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import gxeco
from gxeco.loader import load
from gxeco.model import Dataset
from gxeco.output import sqlite as sqlite_exporter
from gxeco.output import xlsx as xlsx_exporter
from gxeco.output.xlsx import MAX_WIDTH

from .conftest import invoke_main


class Built:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.xlsx = folder / "cases.xlsx"
        self.db = folder / "cases.db"
        self.metadata = folder / "metadata.json"
        self.messages: dict[str, str] = {}
        self.cases: list[dict[str, Any]] = []
        self.figures: list[dict[str, Any]] = []
        self.stats: dict[str, Any] = {}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    b = Built(tmp_path_factory.mktemp("export"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        mp.delenv("GXECO_DATA", raising=False)
        for fmt, path in (("xlsx", b.xlsx), ("sqlite", b.db)):
            r = invoke_main(["export", "-f", fmt, "-o", str(path)])
            assert r.exit_code == 0, r.output
            b.messages[fmt] = r.stderr
        b.cases = json.loads(invoke_main(["list", "--format", "json"]).stdout)
        b.figures = json.loads(invoke_main(["figures", "--format", "json"]).stdout)
        b.stats = json.loads(invoke_main(["stats", "--by", "city", "--format", "json"]).stdout)
    return b


# --- the workbook ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wb(built: Built) -> Any:
    return openpyxl.load_workbook(built.xlsx)


def _rows(ws: Any) -> list[dict[str, Any]]:
    header, *rows = ws.iter_rows(values_only=True)
    return [dict(zip(header, r, strict=True)) for r in rows]


def test_workbook_sheets_and_row_counts(built: Built, wb: Any, ds: Any) -> None:
    assert wb.sheetnames == ["案例", "数据", "政策", "说明"]
    every = sum(len(c.metrics) for c in ds.cases)
    restated = sum(1 for c in ds.cases for m in c.metrics if m.restates or m.variant_of)
    assert len(built.cases) == 15 and len(built.figures) == every - restated and restated >= 20
    assert wb["案例"].max_row - 1 == len(built.cases)
    assert wb["数据"].max_row - 1 == len(built.figures)
    assert wb["政策"].max_row - 1 == sum(len(c.policies) for c in ds.cases)
    n = len(built.figures)
    assert built.messages["xlsx"].strip() == f"gxeco: wrote 15 cases, {n} figures to {built.xlsx}"


def test_workbook_cases_sheet_is_the_data(wb: Any, ds: Any) -> None:
    rows = _rows(wb["案例"])
    assert [r["id"] for r in rows] == [c.id for c in ds.cases]
    ten = rows[9]
    assert ten["标题"] == "桂林市龙胜各族自治县强化梯田保护利用推动“一田生五金”案例" == ds.cases[9].title
    assert ten["编号"] == "十" and ten["地市"] == "桂林市" and ten["县区"] == "龙胜各族自治县"
    assert ten["资源"] == "土地、水" and ten["页码"] == 58
    assert ten["案例背景"] == ds.cases[9].background
    assert ten["具体做法"].split("\n")[0] == f"{ds.cases[9].practices[0].title}。{ds.cases[9].practices[0].text}"
    assert rows[0]["地市"] == "全区"  # the region-wide case, as list and stats show it


def test_workbook_figures_are_numbers_and_match_the_json(built: Built, wb: Any) -> None:
    rows = _rows(wb["数据"])
    for r, f in zip(rows, built.figures, strict=True):
        assert isinstance(r["数值"], (int, float)) and r["数值"] == f["value"]
        assert isinstance(r["折算值"], (int, float)) and r["折算值"] == pytest.approx(f["normalized"])
        assert (r["折算单位"] or "", r["单位"] or "") == (f["normalized_unit"], f["unit"])  # "" reads back as None
        assert r["年份"] == f["year"] and (r["年份"] is None or isinstance(r["年份"], int))
        assert r["上限"] == f["value_max"] and r["限定词"] == f["qualifier"]
        assert (r["案例id"], r["指标"], r["原文"]) == (f["id"], f["label"], f["quote"])
    assert any(r["年份"] for r in rows) and any(r["上限"] for r in rows)
    # 序号 is the figure's position within its case, the number 复述序号 (Metric.restates) refers to;
    # restatements are left out, so positions skip them
    assert [r["序号"] for r in rows] == [f["position"] for f in built.figures]


def test_workbook_figures_carry_qualifiers_targets_stocks_and_changes(built: Built, wb: Any) -> None:
    """The fields a sum reads (docs/schema.md) are columns of 数据, as they are keys of figures' JSON."""
    rows = _rows(wb["数据"])
    for r, f in zip(rows, built.figures, strict=True):
        assert r["第二限定词"] == f["qualifier_after"]
        assert (r["目标"], r["存量"]) == ("是" if f["target"] else None, "是" if f["stock"] else None)
        assert (r["另一时点之第几项"], r["变化之第几项"]) == (f["stock_of"], f["change_of"])
    by = {(r["案例id"], r["原文数值"]): r for r in rows}
    # 耕地面积从2020年的401.49万亩增加至2023年407.02万亩, 增加5.53万亩: the earlier stock and the change
    # point at the later stock, and neither is added
    later = by[12, "407.02万亩"]
    assert later["存量"] == "是" and later["可加总"] == "是"
    assert by[12, "401.49万亩"]["另一时点之第几项"] == later["序号"] and by[12, "401.49万亩"]["可加总"] == "否"
    assert by[12, "5.53万亩"]["变化之第几项"] == later["序号"] and by[12, "5.53万亩"]["可加总"] == "否"
    assert any(r["目标"] == "是" and r["可加总"] == "否" for r in rows)
    assert {"达", "约"} & {r["限定词"] for r in rows if r["第二限定词"]}  # 已达500多家: 达 and 多
    about = dict(wb["说明"].iter_rows(min_row=2, values_only=True))
    assert all(about.get(k) for k in ("第二限定词", "目标", "存量", "另一时点之第几项", "变化之第几项"))


def test_workbook_refuses_a_text_longer_than_a_cell_holds(tmp_path: Path) -> None:
    """Excel holds 32 767 characters in a cell; a longer text is refused, not cut short unseen."""
    text = (Path(__file__).parent / "data" / "batch9.toml").read_text(encoding="utf-8")
    p = tmp_path / "long.toml"
    p.write_text(
        text.replace('background = "测试背景。"', f'background = "{"测试背景。" * 7000}"', 1), encoding="utf-8"
    )
    out = tmp_path / "long.xlsx"
    r = invoke_main(["--data", str(p), "export", "-f", "xlsx", "-o", str(out)])
    assert r.exit_code == 2 and "35000 characters" in r.stderr and "--format csv" in r.stderr, r.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [p]
    assert invoke_main(["--data", str(p), "export", "-f", "csv", "-o", str(tmp_path / "long.csv")]).exit_code == 0


def test_workbook_restates_column_follows_the_model(tmp_path: Path, ds: Any) -> None:
    out = tmp_path / "all.xlsx"
    assert invoke_main(["export", "-f", "xlsx", "--all", "--metrics", "-o", str(out)]).exit_code == 0
    rows = _rows(openpyxl.load_workbook(out)["数据"])
    want = [m.restates for c in ds.cases for m in c.metrics]
    assert [r["复述序号"] for r in rows] == want
    positions = {(r["案例id"], r["序号"]): r for r in rows}
    for r in rows:  # each restatement points at the first statement: same value and unit
        if r["复述序号"]:
            first = positions[r["案例id"], r["复述序号"]]
            assert first["数值"] == r["数值"]
            assert first["单位"] == r["单位"] or {first["单位"], r["单位"]} == {"个", "块"}  # 767个地块, 767块


def test_workbook_column_width_stops_measuring_once_it_wraps() -> None:
    from gxeco.layout import width_of

    values = ["梯田", None, 12.5, "一行\n第二行较长的一行", "a" * 30]
    assert xlsx_exporter._width(values, 58) == max(
        width_of(x) for x in ("梯田", "12.5", "一行", "第二行较长的一行", "a" * 30)
    )
    # past the limit the column wraps at MAX_WIDTH whatever follows: the first line that wide is enough
    assert xlsx_exporter._width(["短", "宽" * 40, "更宽" * 100], 58) == 80


def test_workbook_layout(wb: Any) -> None:
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == ws.dimensions, ws.title
        assert all(c.font.b for c in ws[1]), ws.title
    cases = wb["案例"]
    # the file stores a width with Excel's cell padding (5 pixels of 7 a character): Excel shows it without
    widths = {
        cases.cell(1, i).value: int(cases.column_dimensions[cases.cell(1, i).column_letter].width) for i in (1, 4, 13)
    }
    # id fits in a few columns; the short titles (CJK, counted double) need more; long text is capped and wrapped
    assert widths["id"] < 8 < widths["简称"] < MAX_WIDTH == widths["案例背景"]
    assert cases["M2"].alignment.wrap_text and not cases["A2"].alignment.wrap_text
    assert cases["M2"].alignment.vertical == cases["A2"].alignment.vertical == "top"
    figures = wb["数据"]
    converted = [c.value for c in figures[1]].index("折算值")
    assert figures.cell(2, converted + 1).value == 10000000
    assert figures.cell(2, converted + 1).number_format == "#,##0"  # 10000000 元, not 1E+07
    about = dict(wb["说明"].iter_rows(min_row=2, values_only=True))
    assert about["发布单位"] == "广西壮族自治区自然资源厅" and about["发布时间"] == "2024-09"
    # one citation builder: the book as `gxeco cite` names it as the host of a case, same type tag and imprint
    book = about["引用（GB/T 7714）"]
    assert book == "广西壮族自治区自然资源厅. 广西壮族自治区自然资源生态产品价值实现典型案例（第三批）[M]. " + (
        "[出版地不详]: 广西壮族自治区自然资源厅, 2024."
    )
    cited = invoke_main(["cite", "10"]).stdout.strip()
    host = cited.split("//", 1)[1].rsplit(": ", 1)[0]  # 专著责任者. 专著题名. 出版地: 出版者, 出版年
    assert book == host.replace("（第三批）. ", "（第三批）[M]. ") + "." and "[M]//" in cited
    header = [c.value for c in figures[1]]
    assert "复述序号" not in header and "另一说法之第几项" not in header  # always empty without --all: left out
    assert "--all" in about["复述"] and "--all" in about["另一说法"]
    assert "由整理者依据案例内容归纳" in about["分类说明"] and about["导出工具"].startswith("gxeco ")


def test_workbook_metrics_and_filters_narrow_it(tmp_path: Path) -> None:
    out = tmp_path / "gl.xlsx"
    r = invoke_main(["export", "-f", "xlsx", "--metrics", "--city", "桂林", "-o", str(out)])
    assert r.exit_code == 0, r.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["数据", "说明"]
    ids = {row[0] for row in book["数据"].iter_rows(min_row=2, values_only=True)}
    assert ids == {2, 10}
    n = len(json.loads(invoke_main(["figures", "--case", "2", "--case", "10", "--format", "json"]).stdout))
    assert book["数据"].max_row - 1 == n and f"wrote {n} figures" in r.stderr


def test_workbook_of_several_batches_names_the_batch(ds: Any) -> None:
    nine = load([Path(__file__).parent / "data" / "batch9.toml"])
    both = Dataset(ds.metas + nine.metas, ds.cases + nine.cases)
    rows = gxeco.figures(case=list(both.cases), data=both)  # the writer is handed its rows, as api.export does
    # in memory: the layout matters
    book = openpyxl.load_workbook(io.BytesIO(xlsx_exporter.build(both, both.cases, rows=rows, cites={}, metrics=True)))
    rows = _rows(book["数据"])
    assert {(x["批次"], x["案例id"]) for x in rows} >= {(3, 1), (9, 1)}
    assert [r[0] for r in book["说明"].iter_rows(values_only=True)].count("标题") == 2


# --- the database -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def con(built: Built) -> Any:
    c = sqlite3.connect(f"file:{built.db}?mode=ro", uri=True)
    yield c
    c.close()


def test_database_tables_and_counts(built: Built, con: Any, ds: Any) -> None:
    count = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("cases", "figures", "policies")}
    assert count == {"cases": len(built.cases), "figures": len(built.figures), "policies": 28}
    tags = {t for c in ds.cases for t in c.tags}
    assert con.execute("SELECT count(*) FROM tags").fetchone()[0] == len(tags)
    assert con.execute("SELECT count(*) FROM case_tags").fetchone()[0] == sum(len(c.tags) for c in ds.cases)
    assert built.messages["sqlite"].startswith(f"gxeco: wrote 15 cases, {len(built.figures)} figures to {built.db}")


def test_database_keys_hold(con: Any) -> None:
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    fks = {
        (r[2], r[3]) for t in ("figures", "policies", "case_tags") for r in con.execute(f"PRAGMA foreign_key_list({t})")
    }
    assert {("cases", "batch"), ("cases", "case_id"), ("tags", "tag_id")} <= fks
    pk = [r[1] for r in con.execute("PRAGMA table_info(cases)") if r[5]]
    assert pk == ["batch", "id"]


def test_database_rows_match_the_json(built: Built, con: Any) -> None:
    con.row_factory = sqlite3.Row
    try:
        cases = con.execute("SELECT * FROM cases ORDER BY batch, id").fetchall()
        for row, c in zip(cases, built.cases, strict=True):
            assert row["title"] == c["title"] and row["short_title"] == c["short_title"]
            for k in ("modes", "resources", "tags", "models"):
                assert json.loads(row[k]) == c[k]
        tagged = con.execute(
            "SELECT t.tag FROM case_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.case_id = 10 ORDER BY ct.position"
        ).fetchall()
        assert [r[0] for r in tagged] == built.cases[9]["tags"]
        figures = con.execute("SELECT * FROM figures ORDER BY batch, case_id, position").fetchall()
        for row, f in zip(figures, built.figures, strict=True):
            assert (row["case_id"], row["label"], row["value"], row["unit"], row["quote"]) == (
                f["id"],
                f["label"],
                f["value"],
                f["unit"],
                f["quote"],
            )
            assert row["normalized"] == pytest.approx(f["normalized"]) and row["year"] == f["year"]
            assert row["position"] == f["position"] and row["restates"] == f["restates"]
        # one name per field: every column is a key of the JSON, or named in docs/json.md's SQLite section
        from .test_json_keys import LINES, documented

        keys = {p.split(".")[-1].rstrip("[]") for c in LINES for p in documented(c)} | documented("SQLite")
        tables = ("cases", "figures", "policies", "tags", "case_tags", "about")
        columns = {r[1] for t in tables for r in con.execute(f"PRAGMA table_info({t})")}
        assert columns <= keys, columns - keys
        assert "seq" not in columns and "position" in columns
        assert {r[1] for r in con.execute("PRAGMA table_info(policies)")} == {
            "batch",
            "case_id",
            "position",
            "document",
        }
    finally:
        con.row_factory = None


def _fts(con: Any, query: str, table: str = "cases_fts") -> list[int]:
    sql = f"SELECT c.id FROM {table} JOIN cases c ON c.rowid = {table}.rowid WHERE {table} MATCH ? ORDER BY rank"
    return [r[0] for r in con.execute(sql, (query,))]


def _containing(ds: Any, word: str) -> list[int]:
    """The cases whose indexed text holds the word: what a search must find."""

    def text(c: Any) -> str:
        items = [f"{i.title or ''} {i.text}" for i in (*c.practices, *c.outcomes)]
        return " ".join([c.title, c.short_title, c.place, *c.tags, *c.models, c.background, c.mechanism, *items])

    return sorted(c.id for c in ds.cases if word in text(c))


# words of one, two, three and four or more characters; 碳汇, 梯田 and 陈皮 found nothing with trigrams alone
WORDS = ["碳", "碳汇", "梯田", "陈皮", "红树林", "园博园", "一田生五金", "陈皮产业", "生态产品价值实现"]


@pytest.mark.parametrize("word", WORDS)
def test_database_full_text_search_finds_chinese_words_of_any_length(con: Any, ds: Any, word: str) -> None:
    want = _containing(ds, word)
    assert want, word  # the word is in the data
    assert sorted(_fts(con, word)) == want  # bare, as typed in sqlite3
    assert sorted(_fts(con, f'"{word}"')) == want  # quoted, as Datasette sends it
    if len(word) >= 3:  # the trigram index finds the same, and phrases across punctuation
        assert sorted(_fts(con, word, "cases_trigram")) == want


def test_database_full_text_search_ranks_and_combines(con: Any, ds: Any) -> None:
    assert _fts(con, "一田生五金") == [10]
    assert sorted(_fts(con, "红树林")) == [1, 4, 9]  # tags and text of 4 (北海) and 9 (防城港), case 1's practices
    assert _fts(con, "陈皮产业") == [15]
    assert sorted(_fts(con, "碳汇 质押")) == sorted(set(_containing(ds, "碳汇")) & set(_containing(ds, "质押")))
    assert _fts(con, "title:梯田") == [10]
    assert _fts(con, "不存在的词语") == []
    assert _fts(con, '"碳汇，质押"', "cases_trigram") == []  # no such phrase; the syntax works


@pytest.mark.skipif(not shutil.which("sqlite3"), reason="no sqlite3 command-line shell")
def test_database_opens_in_the_stock_sqlite3_shell(built: Built) -> None:
    sql = "SELECT c.id FROM cases_fts JOIN cases c ON c.rowid = cases_fts.rowid WHERE cases_fts MATCH '碳汇';"
    r = subprocess.run(["sqlite3", "-readonly", str(built.db), sql], capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout.decode().split() == ["1"]


def test_substrings_are_every_term_of_a_run() -> None:
    assert sqlite_exporter.substrings("碳汇，GB/T 7714") == "碳 碳汇 汇 GB T 7714"
    assert sqlite_exporter.substrings("a_b") == "a b"


def _fts_tables(path: Path) -> dict[str, Any]:
    """What a search reads: the schema's statements and every row of cases_fts's shadow tables."""
    c = sqlite3.connect(path)
    try:
        tables = {"schema": c.execute("SELECT type, name, sql FROM sqlite_master ORDER BY rowid").fetchall()}
        for t in ("data", "idx", "docsize", "config"):
            tables[t] = c.execute(f"SELECT * FROM cases_fts_{t} ORDER BY 1, 2").fetchall()
        return tables
    finally:
        c.close()


def test_index_built_with_ascii_is_unicode61s(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """cases_fts is built with the ascii tokenizer where it reads the text as unicode61 does, then declared
    unicode61: the tables are those of a unicode61 build, and a query is read by unicode61."""
    built_with: list[str | None] = []
    index = sqlite_exporter._index
    monkeypatch.setattr(
        sqlite_exporter,
        "_index",
        lambda con, rows, *, tokenizer: built_with.append(tokenizer) or index(con, rows, tokenizer=tokenizer),
    )
    quick, slow, refused = (tmp_path / name / "x.db" for name in ("quick", "slow", "refused"))
    for path in (quick, slow, refused):
        path.parent.mkdir()
    assert invoke_main(["export", "-f", "sqlite", "-o", str(quick), "--city", "桂林"]).exit_code == 0
    with monkeypatch.context() as m:
        m.setattr(sqlite_exporter, "_ascii_reads_as_unicode61", lambda con, texts: False)
        assert invoke_main(["export", "-f", "sqlite", "-o", str(slow), "--city", "桂林"]).exit_code == 0

    def read_only(con: Any) -> None:
        raise sqlite3.OperationalError("table sqlite_master may not be modified")

    with monkeypatch.context() as m:  # a SQLite in defensive mode: built again with unicode61
        m.setattr(sqlite_exporter, "_declare_unicode61", read_only)
        assert invoke_main(["export", "-f", "sqlite", "-o", str(refused), "--city", "桂林"]).exit_code == 0
    assert built_with == ["ascii", None, "ascii", None]
    want = _fts_tables(slow)
    assert (
        want["data"]
        and 'fts5(title, short_title, place, tags, models, background, mechanism, practices, outcomes, content="cases")'
        in str(want["schema"])
    )
    assert _fts_tables(quick) == want
    assert _fts_tables(refused) == want
    c = sqlite3.connect(quick)
    try:
        assert sorted(_fts(c, '"《梯田》"')) == sorted(_fts(c, "梯田")) == [2, 10]  # unicode61 reads the query
    finally:
        c.close()


@pytest.mark.parametrize(
    ("text", "same"),
    [
        ("碳汇，《土地管理法》「一田生五金」—21.70万亩·m³", True),
        ("𠮷野家 GB/T 7714-2015_x", True),  # a character outside the basic block, ASCII punctuation
        ("", True),
        ("Ａ股", False),  # fullwidth: unicode61 folds it to ａ
        ("Ωmega", False),  # unicode61 folds it to ω
        ("café", False),  # unicode61 removes the accent
        ("\ue000e\u0301", True),  # characters Python drops never reach the index
    ],
)
def test_ascii_reads_as_unicode61_only_where_it_does(text: str, same: bool) -> None:
    con = sqlite3.connect(":memory:")
    try:
        assert sqlite_exporter._ascii_reads_as_unicode61(con, [["碳汇", text]]) is same
        # and where it says so, the two tokenizers give the same terms of the substrings
        terms = {}
        for tokenizer in ("ascii", "unicode61"):
            con.execute(f"CREATE VIRTUAL TABLE t_{tokenizer} USING fts5(x, tokenize='{tokenizer}')")
            con.execute(f"INSERT INTO t_{tokenizer} VALUES (?)", (sqlite_exporter.substrings(text),))
            con.execute(f"CREATE VIRTUAL TABLE v_{tokenizer} USING fts5vocab(t_{tokenizer}, instance)")
            terms[tokenizer] = con.execute(f"SELECT term, offset FROM v_{tokenizer} ORDER BY offset").fetchall()
        assert (terms["ascii"] == terms["unicode61"]) is same
    finally:
        con.close()


def test_database_without_trigram_is_still_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_exporter, "FTS_TOKENIZER", "no_such_tokenizer")
    out, meta = tmp_path / "x.db", tmp_path / "meta" / "datasette.json"
    meta.parent.mkdir()
    r = invoke_main(["export", "-f", "sqlite", "-o", str(out), "--metadata", str(meta)])
    assert r.exit_code == 0, r.output
    n = len(json.loads(invoke_main(["figures", "--format", "json"]).stdout))
    assert "no FTS5 trigram tokenizer" in r.stderr and f"wrote 15 cases, {n} figures" in r.stderr
    c = sqlite3.connect(out)
    try:
        names = {n for (n,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"cases", "figures", "policies", "tags", "case_tags", "cases_fts"} <= names
        assert "cases_trigram" not in names
        assert _fts(c, "碳汇") == [1]
    finally:
        c.close()
    assert not (tmp_path / "metadata.json").exists()  # --metadata puts it where asked
    assert json.loads(meta.read_text("utf-8"))["databases"]["x"]["tables"]["cases"]["fts_table"] == "cases_fts"


def test_database_without_fts5_is_still_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_exporter, "fts_available", lambda tokenizer="unicode61": False)
    out, meta = tmp_path / "x.db", tmp_path / "m.json"
    r = invoke_main(["export", "-f", "sqlite", "-o", str(out), "--metadata", str(meta)])
    assert r.exit_code == 0, r.output
    assert "has no FTS5" in r.stderr
    c = sqlite3.connect(out)
    try:
        names = {n for (n,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "cases" in names and not {"cases_fts", "cases_trigram"} & names
    finally:
        c.close()
    assert "fts_table" not in json.loads(meta.read_text("utf-8"))["databases"]["x"]["tables"]["cases"]


# --- Datasette ----------------------------------------------------------------------------------


def _datasette_get(server: Any, *paths: str) -> list[Any]:
    async def get(path: str) -> Any:
        r = await server.client.get(path)
        assert r.status_code == 200, (path, r.status_code)
        return r.json()

    async def main() -> list[Any]:
        return [await get(p) for p in paths]

    return asyncio.run(main())


def test_datasette_serves_the_database_with_its_metadata(built: Built) -> None:
    from datasette.app import Datasette

    metadata = json.loads(built.metadata.read_text("utf-8"))
    assert metadata["title"] == "广西壮族自治区自然资源生态产品价值实现典型案例（第三批）"
    assert metadata["source"] and metadata["license"]
    server = Datasette([str(built.db)], metadata=metadata)
    rows, table, found = _datasette_get(
        server,
        "/cases/cases.json?_shape=array",
        "/cases/cases.json",
        "/cases/cases.json?_search=%E4%B8%80%E7%94%B0%E7%94%9F%E4%BA%94%E9%87%91&_shape=array",
    )
    assert len(rows) == 15 and rows[9]["short_title"] == "龙胜梯田「一田生五金」"
    facets = table["facet_results"]
    assert set(facets) == {"city", "category", "resources"}  # from metadata.json, not asked for in the URL
    by_city = {x["value"]: x["count"] for x in facets["city"]["results"]}
    assert by_city == {k: v for k, v in built.stats["by_city"].items() if v}
    assert [r["id"] for r in found] == [10]


@pytest.mark.parametrize("with_metadata", [True, False], ids=["metadata", "bare"])
def test_datasette_search_box_finds_words_of_any_length(built: Built, ds: Any, with_metadata: bool) -> None:
    """Datasette's ordinary ``_search`` (not raw mode), with and without metadata.json."""
    from urllib.parse import quote

    from datasette.app import Datasette

    metadata = json.loads(built.metadata.read_text("utf-8")) if with_metadata else None
    server = Datasette([str(built.db)], metadata=metadata)
    queries = [*WORDS, "碳汇 质押"]
    answers = _datasette_get(server, *(f"/cases/cases.json?_search={quote(q)}&_shape=array" for q in queries))
    for q, rows in zip(queries, answers, strict=True):
        want = sorted(set.intersection(*(set(_containing(ds, w)) for w in q.split())))
        assert want and sorted(r["id"] for r in rows) == want, q
    (column,) = _datasette_get(server, f"/cases/cases.json?_search_title={quote('梯田')}&_shape=array")
    assert [r["id"] for r in column] == [10]
    # a title typed with its book-title marks, as a reader copies it, finds the word inside them
    (marked,) = _datasette_get(server, f"/cases/cases.json?_search={quote('《土地管理法》')}&_shape=array")
    assert sorted(r["id"] for r in marked) == sorted(_containing(ds, "土地管理法")) != []


# --- the command line -------------------------------------------------------------------------------


def test_binary_formats_refuse_a_terminal_or_a_pipe(run: Any, tmp_path: Path) -> None:
    for fmt in ("xlsx", "sqlite"):
        r = run("export", "-f", fmt, code=2)
        assert r.stdout == "" and "binary file" in r.stderr and "-o FILE" in r.stderr
        r = run("export", "-f", fmt, "-o", "-", code=2)
        assert r.stdout == ""
    assert "--metadata applies to --format sqlite" in run("export", "-f", "csv", "--metadata", "m.json", code=2).stderr
    assert "--metrics does not apply" in run("export", "-f", "sqlite", "--metrics", "-o", "x.db", code=2).stderr
    assert ".xlsx" in run("export", "-f", "xlsx", "-o", str(tmp_path / "cases.xls"), code=2).stderr
    db = str(tmp_path / "x.db")
    assert "use --metadata" in run("export", "-f", "sqlite", "-o", db, "--metadata", db, code=2).stderr
    # a suffix of another format is refused before anything else, naming the formats
    wrong = run("export", "-f", "sqlite", "-o", str(tmp_path / "metadata.json"), code=2).stderr
    assert ".json" in wrong and "sqlite (.db .sqlite .sqlite3)" in wrong
    assert "--excel" in run("export", "-f", "xlsx", "--excel", "-o", str(tmp_path / "c.xlsx"), code=2).stderr
    assert not list(tmp_path.iterdir())


def test_overwrite_needs_force_and_the_mode_follows_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "cases.db"
    old = os.umask(0o027)
    try:
        assert invoke_main(["export", "-f", "sqlite", "-o", str(out)]).exit_code == 0
        first = out.stat()
        assert first.st_mode & 0o777 == 0o640 and (tmp_path / "metadata.json").stat().st_mode & 0o777 == 0o640
        r = invoke_main(["export", "-f", "sqlite", "-o", str(out), "--city", "桂林"])
        assert r.exit_code == 2 and "exists; use --force" in r.stderr
        assert out.stat().st_mtime_ns == first.st_mtime_ns
        os.umask(0o002)
        r = invoke_main(["export", "-f", "sqlite", "-o", str(out), "--city", "桂林", "--force"])
        assert r.exit_code == 0 and "wrote 2 cases" in r.stderr
        assert out.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.db", "metadata.json"]  # no temporary file left
    c = sqlite3.connect(out)
    try:
        assert [r[0] for r in c.execute("SELECT id FROM cases")] == [2, 10]
    finally:
        c.close()
    r = invoke_main(["export", "-f", "sqlite", "-o", str(tmp_path / "no" / "such" / "x.db")])
    assert r.exit_code == 2 and "cannot write" in r.stderr and "Traceback" not in r.stderr


def test_the_cli_offers_every_export_format() -> None:
    from gxeco import output
    from gxeco.cli import ExportFormat, MapFormat

    assert [f.value for f in ExportFormat] == list(output.formats("export"))
    assert [f.value for f in MapFormat] == list(output.formats("map"))


@pytest.mark.parametrize("argv", [["list"], ["show", "10"]])
def test_other_commands_import_no_spreadsheet_or_database_module(argv: list[str]) -> None:
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gxeco", *argv], capture_output=True, timeout=60, text=True
    )
    assert r.returncode == 0, r.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
    assert "gxeco.commands" in imported  # the output really is the import log
    heavy = ("xlsxwriter", "openpyxl", "sqlite3", "_sqlite3", "datasette")
    assert not {m for m in imported if m.split(".")[0] in heavy}
