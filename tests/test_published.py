"""Figures exactly as published, with what they are per; parts, totals, restatements;
qualifiers over lists; the source's run-in subheadings kept as structure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gxeco import figure_reports, query, units
from gxeco import provenance as pv
from gxeco.text import squash
from gxeco.units import published

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "data" / "source" / "guangxi-epvr-batch3.md").read_text(encoding="utf-8")
CASES = pv.split_cases(SOURCE)


def _all(ds):
    return [(c, j, m) for c in ds.cases for j, m in enumerate(c.metrics, 1)]


def _fig(ds, cid: int, as_published: str, value: float | None = None):
    found = [
        (j, m)
        for j, m in enumerate(ds.cases[cid - 1].metrics, 1)
        if m.as_published == as_published and (value is None or m.value == value)
    ]
    assert found, (cid, as_published)
    return found[0]


# --- properties over every figure ------------------------------------------------------


def test_every_figure_has_its_published_text_verbatim_in_its_quote(ds) -> None:
    n = 0
    for c, j, m in _all(ds):
        assert m.as_published, (c.id, j)
        assert pv.published_problem(m.as_published, m.quote, m.value, m.value_max) is None, (c.id, j, m.as_published)
        # the qualifier is never dropped from what people read
        if m.qualifier and m.qualifier not in ("多", "余"):
            assert m.qualifier in m.as_published or m.qualifier in ("数十", "上百", "上千", "近万"), (c.id, j)
        n += 1
    assert n >= 730


# 人均, 户均, 每户, 每人, 每村, 平均每村, 每年, 年均, 每月, 日 (日处理量, 日出水量, 日接待; not a date's 日)
# 年产 alone is a yearly capacity (年产蔗梢青储饲料40万吨以上); 年产值 and 年产量 are one year's output.
# 活动日接待 is the count of one event day, not a daily rate.
RATE_WORDS = re.compile(
    r"人均|户均|每户|每人|每村|每年|年均|每月|月均|年产(?![值量能])|年增收|(?<![\d月号动])日(?=[处出接产供均])"
)


def _clause_before(m) -> str:
    q = squash(m.quote)
    number = squash(m.as_published or "").split("…")[-1]
    return re.split(r"[，；。]", q[: q.find(number)])[-1]


def test_a_figure_per_person_household_village_or_period_has_a_rate_unit(ds) -> None:
    rates = 0
    for c, j, m in _all(ds):
        if RATE_WORDS.search(_clause_before(m)):
            kind = units.parse_unit(m.unit).kind
            assert kind in ("rate", "percent"), (c.id, j, m.unit, m.quote)  # a share per year stays a share
            rates += kind == "rate"
    assert rates >= 40


def test_no_part_is_summed_with_its_total(ds) -> None:
    parts = 0
    for c, j, m in _all(ds):
        if m.part_of is None:
            continue
        parts += 1
        total = c.metrics[m.part_of - 1]
        assert not m.additive, (c.id, j)
        assert units.to_base(m.value, m.unit) <= units.to_base(total.value, total.unit)
    assert parts >= 40
    for r in query.figure_rows(ds.cases, all_=True):
        d = r.as_dict()
        assert not (d["additive"] and (d["part_of"] or d["restates"] or d["variant_of"] or d["bound"]))
        assert not (d["additive"] and d["kind"] in ("rate", "percent", "rank"))
    # a sum over a case of what is additive counts 1278.78吨 once: not 500吨 nor 140吨 beside it
    c1 = [r for r in query.figure_rows([ds.cases[0]], all_=True) if r.kind == "mass" and r.as_dict()["additive"]]
    assert sum(r.base_value for r in c1) == pytest.approx(1278.78 + 1_800_000)


def _list_numbers(q: str) -> tuple[str, str]:
    """A 分别 list's qualifier (the words between 分别 and its first number) and the list."""
    k = q.index("分别")
    m = re.search(r"\d", q[k:])
    assert m
    return q[k + 2 : k + m.start()], q[k + m.start() :]


def test_a_qualifier_is_spread_over_its_list(ds) -> None:
    lists = 0
    for c in ds.cases:
        by_quote: dict[str, list] = {}
        for m in c.metrics:
            if "分别" in m.quote:
                by_quote.setdefault(m.quote, []).append(m)
        for q, ms in by_quote.items():
            lead, _ = _list_numbers(squash(q))
            quals = {m.qualifier for m in ms}
            assert len(quals) == 1, (c.id, q, quals)
            qual = quals.pop()
            if qual:
                assert qual in lead, (c.id, q)
            else:
                assert not any(w in lead for w in ("约", "达", "超")), (c.id, q)
            lists += 1
    assert lists >= 3


def test_aggregate_words_are_kept_consistently(ds) -> None:
    """共, 共计, 累计 … before a number in its clause: the first figure after the word carries it."""
    kept = 0
    for c, j, m in _all(ds):
        clause = _clause_before(m)
        # not the 共 of 公共 or of 共享, 共同, 共建 (but 共建成 is 共 + 建成)
        word = re.search(r"(共计|累计|合计|总计|(?<!公)共)(?!享|同|建(?!成))[^\d]*$", clause)
        if word:
            assert m.aggregate == word.group(1) or (word.group(1) == "共" and m.aggregate == "共计"), (c.id, j)
            kept += 1
        elif m.aggregate:
            assert m.aggregate in clause, (c.id, j)
    assert kept >= 30


# --- the source's run-in subheadings ------------------------------------------------------

# Bold runs inside a sentence: emphasis, not subheadings (they stay in the text).
EMPHASIS = {
    ("一", "其中，在水权交易方面"): "bold inside the sentence after 其中，",
    (
        "五",
        "其中，按工业、仓储、公益性用地入市的，调节金计提比例为20%；按商服、文旅用地入市的，",
    ): "bold inside a sentence",
}


def bold_subheadings(body: str) -> list[tuple[str, str]]:
    """The bold runs of a case's body as (kind, title): 'part' for a run-in subheading (with the
    words from its sentence's start and the mark that ends it), 'emphasis' for bold inside a
    sentence. Item headlines (一是…) are skipped; a run cut by a page break is joined."""
    body = re.sub(r"<sup>\d+</sup>", "", body)
    runs: list[tuple[int, int, str]] = []
    for b in re.finditer(r"\*\*(.*?)\*\*", body, re.S):
        a, z, t = b.start(), b.end(), b.group(1).strip()
        if runs and not body[runs[-1][1] : a].strip() and not re.search(r"[。，；：,]$", runs[-1][2]):
            runs[-1] = (runs[-1][0], z, runs[-1][2] + t)
        else:
            runs.append((a, z, t))
    out = []
    for a, z, t in runs:
        if re.match(r"[（(]", t):
            continue  # a section heading
        before = re.sub(r"\*\*", "", body[:a])
        before = re.sub(r"(?<=[^\s。，；：！？”」）])\s*\n\s*\n\s*(?=\S|$)", "", before)  # a page break mid-sentence
        lead = squash(re.split(r"[。：；]|\n\s*\n", before)[-1])
        t = squash(t)
        if re.match(r"[一二三四五六七八九十]是", lead + t):
            rest = (lead + t).partition("。")[2]
            if not rest:
                continue
            t, lead = rest, ""
        if "，" in lead or "," in lead:
            out.append(("emphasis", lead + t))
            continue
        title = lead + t
        if not re.search(r"[。，；,]$", title):
            after = squash(re.sub(r"\*\*", "", body[z : z + 6]))
            if after[:1] and after[0] in "。，；,":
                title += after[0]
        out.append(("part", title))
    return out


def _bodies() -> dict[str, str]:
    heads = list(pv._CASE_HEAD.finditer(SOURCE))
    return {
        m.group(1): SOURCE[m.end() : heads[i + 1].start() if i + 1 < len(heads) else len(SOURCE)]
        for i, m in enumerate(heads)
    }


def test_every_bold_run_in_of_the_source_is_a_part(ds) -> None:
    bodies = _bodies()
    total = 0
    for c in ds.cases:
        found = bold_subheadings(bodies[c.number])
        want = [t for k, t in found if k == "part"]
        have = [p.title for i in (*c.practices, *c.outcomes) for p in i.parts]
        assert have == want, (c.id, set(want) ^ set(have))
        for k, t in found:
            if k == "emphasis":
                assert (c.number, t) in EMPHASIS, (c.id, t)
                assert any(t in squash(i.body) for i in (*c.practices, *c.outcomes))
        total += len(have)
    assert total >= 80


def test_parts_join_back_to_the_items_text(ds) -> None:
    for c in ds.cases:
        for i in (*c.practices, *c.outcomes):
            assert i.body == i.text + "".join(p.title + p.text for p in i.parts)
            flat = squash(pv.clean_markup(CASES[c.number]))
            for p in i.parts:  # each subheading where the source sets it: followed by its own text
                assert squash(p.title) + squash(p.text)[:12] in flat, (c.id, p.title)


# --- gold: every example of the issue -------------------------------------------------------


@pytest.mark.parametrize(
    ("cid", "text", "value", "unit"),
    [
        (2, "21.70万亩", 21.7, "万亩"),
        (3, "99.0%", 99, "%"),
        (2, "4.0%", 4, "%"),
        (13, "26.22亿余元", 26.22, "亿元"),
        (5, "3万—6万元", 3, "万元/亩"),
        (9, "全区第一", 1, "名"),
        (11, "约…9.47亿元", 9.47, "亿元"),
        (12, "1/6左右", 16.6667, "%"),
    ],
)
def test_gold_published_text(ds, cid: int, text: str, value: float, unit: str) -> None:
    _, m = _fig(ds, cid, text, value)
    assert (m.value, m.unit) == (value, unit) and published(m) == text


def test_gold_converted_column_adds_only_what_is_new(ds) -> None:
    rows = {(r.case.id, r.metric.as_published): r for r in query.figure_rows(ds.cases, all_=True)}
    assert rows[1, "7178.44亿元"].converted == ""  # not 7178.44亿元 twice
    assert rows[2, "达73683.8万元"].converted == "7.36838亿元"  # exact: no digit rounded away
    assert rows[1, "11.72公顷"].converted == "175.8亩"
    assert rows[3, "99.0%"].converted == ""  # never 99%: that would hide the published 0
    assert rows[9, "33893元"].converted == "3.3893万元/人"  # the per-person the words say, in the unit
    assert rows[2, "约…1310.55亩"].converted == ""
    rep = figure_reports.figures(query.figure_rows([ds.cases[1]]))
    assert rep.data[0]["display"] == rep.data[0]["as_published"]


def test_gold_rates(ds, run) -> None:
    assert _fig(ds, 9, "33893元")[1].unit == "元/人"
    assert _fig(ds, 15, "2万多元")[1].unit == "万元/人/年"
    _, m = _fig(ds, 10, "达500吨")
    assert (m.unit, m.qualifier) == ("吨/日", "达")
    assert _fig(ds, 6, "9.8万元")[1].unit == "万元/月"
    assert _fig(ds, 10, "1万多元")[1].unit == "万元/户"
    assert _fig(ds, 5, "超100万元")[1].unit == "万元/村"
    assert units.parse_unit("万元/月").base == "元/月" and units.parse_unit("万元/年").base == "元/年"
    per_person = run.json("figures", "--unit", "人均")
    assert per_person and all(r["per"] == "per_person" and r["kind"] == "rate" for r in per_person)
    assert any(r["id"] == 9 and r["as_published"] == "33893元" for r in per_person)
    income = run.json("figures", "--topic", "收入", "--unit", "rate")
    assert income and all(r["kind"] == "rate" for r in income)
    money = run.json("figures", "--unit", "money")
    assert not any("/" in r["unit"] for r in money)


def test_gold_counts_are_separate_groups() -> None:
    bases = {u: (units.parse_unit(u).kind, units.parse_unit(u).base) for u in ("家", "个", "人", "人次", "万人次")}
    assert len({bases[u] for u in ("家", "个", "人", "人次")}) == 4
    assert bases["人次"] == bases["万人次"]


def test_gold_parts_restatements_variants_bounds(ds) -> None:
    c1 = ds.cases[0].metrics
    j500, m500 = _fig(ds, 1, "500吨")
    assert c1[m500.part_of - 1].value == 1278.78
    assert figure_reports.link_note(m500) == "（第13项的一部分）"  # every figure table says so in the label
    assert _fig(ds, 1, "140吨")[1].part_of == j500
    j42, _ = _fig(ds, 15, "42亿元")
    assert _fig(ds, 15, "达14亿元")[1].part_of == j42 and _fig(ds, 15, "达28亿元")[1].part_of == j42
    j15, _ = _fig(ds, 12, "15万吨", 15)
    assert _fig(ds, 12, "15万吨以上")[1].restates == j15
    j12, _ = _fig(ds, 15, "12家")
    assert [m for m in ds.cases[14].metrics if m.restates == j12]
    j280, _ = _fig(ds, 15, "2.80万亩")
    assert _fig(ds, 15, "3.52万亩")[1].variant_of == j280
    j1035, _ = _fig(ds, 9, "1035.61亿元")
    assert _fig(ds, 9, "突破1000亿元")[1].variant_of == j1035
    _, bound = _fig(ds, 12, "3000亩以上")
    assert bound.bound and not bound.additive and _fig(ds, 12, "49个")[1].additive
    for cid in (9, 15):  # the notes say which is which
        assert any("另一说法" in n for n in ds.cases[cid - 1].notes)


def test_gold_qualifiers_and_missed_quantities(ds) -> None:
    four = [m for m in ds.cases[11].metrics if "四个榨季" in m.quote]
    assert len(four) == 4 and all(m.qualifier == "达到" for m in four)
    assert _fig(ds, 9, "八大")[1].value == 8
    assert _fig(ds, 15, "两大")[1].value == 2 and _fig(ds, 15, "三大")[1].value == 3
    assert _fig(ds, 8, "767个")[1].unit == "个"
    assert _fig(ds, 1, "10.31万元")[1].aggregate == "共"
    assert _fig(ds, 3, "44座")[1].aggregate == "累计"


def test_gold_run_in_subheadings_of_cases_6_and_10(ds, run) -> None:
    c6 = [p.title for i in ds.cases[5].practices for p in i.parts]
    assert c6[:2] == ["规划功能分区、开展矿坑修复。", "实施水系治理。"]
    golds = [p.title for p in ds.cases[9].practices[2].parts]
    assert golds == [
        "维护梯田得奖金。",
        "流转梯田得租金。",
        "入股梯田享股金。",
        "农户务工得薪金。",
        "开发梯田旅游挣现金。",
    ]
    out = run("show", "6", "--section", "做法", "-f", "plain").stdout.splitlines()
    assert "   规划功能分区、开展矿坑修复。" in out and "   实施水系治理。" in out
    md = run("show", "10", "--section", "做法", "-f", "md").stdout
    assert "   **维护梯田得奖金。**" in md
    data = run.json("show", "10", "--section", "做法")
    assert data["practices"][2]["parts"][0]["title"] == "维护梯田得奖金。"


def test_validate_checks_the_published_text(tmp_path: Path, run) -> None:
    example = (ROOT / "tests" / "data" / "batch9.toml").read_text(encoding="utf-8")
    good = example.replace('quote = "发放贷款12.5万元"', 'as_published = "12.5万元", quote = "发放贷款12.5万元"')
    assert good != example
    (tmp_path / "ok.toml").write_text(good, encoding="utf-8")
    run("validate", str(tmp_path / "ok.toml"))
    for bad, why in (("12.50万元", "is not part of its quote"), ("2.5万元", "does not state the value")):
        (tmp_path / "bad.toml").write_text(good.replace('"12.5万元"', f'"{bad}"'), encoding="utf-8")
        r = run("validate", str(tmp_path / "bad.toml"), code=2)
        assert "as_published" in r.stdout and why in r.stdout, r.stdout


def test_browse_shows_each_run_in_subheading_on_its_own_line_and_finds_inside_parts(ds) -> None:
    from gxeco.browse.casetext import HEADING, case_blocks, case_hits

    c10 = ds.cases[9]
    tabs = case_blocks(c10)
    heads = [b.text for b in tabs["practices"] if b.role == HEADING]
    assert heads.index("维护梯田得奖金。") < heads.index("开发梯田旅游挣现金。")
    # what the tab shows is the item's text, subheadings included, in order
    shown = "".join(b.text for b in tabs["practices"] if b.key and b.key[1] == c10.practices[2].title)
    assert shown.replace("\n", "") == (c10.practices[2].title + c10.practices[2].body).replace("\n", "")
    # a search hit inside a part's text is marked in that part's block
    hits = case_hits(c10, "周家村", tabs)
    assert hits and any("周家村" in b.text and b.marks for b in tabs["practices"])


def test_xlsx_and_sqlite_carry_the_published_text_links_and_parts(tmp_path: Path, ds) -> None:
    import json
    import sqlite3

    import openpyxl

    from .conftest import invoke_main

    assert invoke_main(["export", "-f", "xlsx", "--all", "-o", str(tmp_path / "a.xlsx")]).exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    header, *rows = wb["数据"].iter_rows(values_only=True)
    figs = [dict(zip(header, r, strict=True)) for r in rows]
    by = {(f["案例id"], f["原文数值"]): f for f in figs}
    assert by[2, "21.70万亩"]["数值"] == 21.7
    assert by[1, "500吨"]["属于第几项"] == 13 and by[1, "500吨"]["可加总"] == "否"
    assert by[12, "3000亩以上"]["分级界限"] == "是"
    head, *cases = wb["案例"].iter_rows(values_only=True)
    c10 = dict(zip(head, cases[9], strict=True))
    assert "\n    维护梯田得奖金。" in c10["具体做法"]

    assert invoke_main(["export", "-f", "sqlite", "--all", "-o", str(tmp_path / "a.db")]).exit_code == 0
    con = sqlite3.connect(tmp_path / "a.db")
    got = con.execute(
        "SELECT as_published, part_of, additive FROM figures WHERE case_id = 1 AND as_published = '140吨'"
    ).fetchall()
    assert got == [("140吨", 14, 0)]
    practices = json.loads(con.execute("SELECT practices FROM cases WHERE id = 10").fetchone()[0])
    assert practices[2]["parts"][0] == {"title": "维护梯田得奖金。", "text": ds.cases[9].practices[2].parts[0].text}
    con.close()


def test_validate_accepts_parts_and_names_a_wrong_key_in_one(tmp_path: Path, run) -> None:
    example = (ROOT / "tests" / "data" / "batch9.toml").read_text(encoding="utf-8")
    first = example.index('text = "发放贷款12.5万元。"') + len('text = "发放贷款12.5万元。"')
    part = '\n\n[[case.practices.parts]]\ntitle = "测试小标题。"\ntext = "小标题下的文字。"\n'
    (tmp_path / "ok.toml").write_text(example[:first] + part + example[first:], encoding="utf-8")
    run("validate", str(tmp_path / "ok.toml"))
    shown = run.json("--data", str(tmp_path / "ok.toml"), "show", "1", "--section", "做法")
    assert shown["practices"][0]["parts"] == [{"title": "测试小标题。", "text": "小标题下的文字。"}]
    bad = part.replace("title =", "titel =")
    (tmp_path / "bad.toml").write_text(example[:first] + bad + example[first:], encoding="utf-8")
    r = run("validate", str(tmp_path / "bad.toml"), code=2)
    assert "practices[0].parts[0].titel" in r.stdout, r.stdout
