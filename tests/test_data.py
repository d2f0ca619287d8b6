"""The data is the product: every figure traceable, every sentence kept."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from gxeco import numerals, units, vocab
from gxeco import provenance as pv
from gxeco.model import metric_dict

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "data" / "source" / "guangxi-epvr-batch3.md").read_text(encoding="utf-8")
CASES = pv.split_cases(SOURCE)


# Test-only readers of the source: the data's overview and notes are checked against them.
def footnotes(source: str) -> dict[str, list[str]]:
    """Footnote definitions of each case, cleaned."""
    heads = list(pv._CASE_HEAD.finditer(source))
    out: dict[str, list[str]] = {}
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(source)
        found = re.findall(r"^<sup>\d+</sup>\s*(.*)$", source[m.end() : end], re.M)
        out[m.group(1)] = [pv.clean_markup(f).strip() for f in found]
    return out


def overview_text(source: str) -> str:
    """The 第一部分 总体情况 section, cleaned."""
    start = source.index("\n", source.index("## 第一部分")) + 1
    end = source.index("## 第二部分")
    return pv.clean_markup(source[start:end]).strip()


# SHA-256 of the publication's text as converted from the PDF (the shared source): the repo's copy
# is checked against it in every clone, and against the shared file too where that is beside it.
SOURCE_SHA256 = "4c0570bb8adc498a0171c86915d9b03f28d784818763265e026244c1e8d16494"


def test_source_copy_is_unchanged() -> None:
    import hashlib

    copy = (ROOT / "data/source/guangxi-epvr-batch3.md").read_bytes()
    assert hashlib.sha256(copy).hexdigest() == SOURCE_SHA256


def test_source_copy_equals_the_shared_source() -> None:
    shared = ROOT.parent / "shared" / "source" / "guangxi-epvr-batch3.md"
    if not shared.exists():
        pytest.skip(f"no shared source at {shared}; the repo copy is checked by its SHA-256 instead")
    assert shared.read_bytes() == (ROOT / "data/source/guangxi-epvr-batch3.md").read_bytes()


def test_fifteen_cases_in_order(ds) -> None:
    assert [c.id for c in ds.cases] == list(range(1, 16))
    assert [c.number for c in ds.cases] == list(CASES)
    pages = [c.page for c in ds.cases]
    assert pages == sorted(pages) and pages[0] == 3 and pages[-1] == 86
    assert len({c.slug for c in ds.cases}) == 15


def test_titles_are_the_body_headings_and_toc_differs_only_for_case_1(ds) -> None:
    for c in ds.cases:
        assert f"{c.number}、{c.title}" in SOURCE
    assert [c.id for c in ds.cases if c.toc_title] == [1]
    assert "一、" + ds.cases[0].toc_title in SOURCE


def test_every_quote_is_verbatim_and_holds_its_value(ds) -> None:
    n = 0
    for c in ds.cases:
        for m in c.metrics:
            assert pv.quote_in_source(m.quote, CASES[c.number]), (c.id, m.quote)
            assert pv.value_in_quote(m.value, m.quote), (c.id, m.value, m.quote)
            if m.value_max is not None:
                assert pv.value_in_quote(m.value_max, m.quote)
            n += 1
    assert n >= 600


def test_every_sentence_of_each_case_is_kept(ds) -> None:
    for c in ds.cases:
        missing, total = pv.uncovered_sentences(c.full() | {"number": c.number}, CASES[c.number])
        assert total > 10
        assert len(missing) <= total * 0.01, (c.id, missing[:3])


def test_every_figure_of_the_source_is_carried_by_a_metric(ds) -> None:
    # Deliberate exclusions live in provenance.EXCLUDED_FIGURES with their reason;
    # years, dates and Chinese-numeral quantities are not scanned as figures.
    for c in ds.cases:
        d = c.full() | {"number": c.number}
        missing = pv.uncarried_figures(d, CASES[c.number])
        assert not missing, (c.id, [f.text for f in missing])


def test_every_chinese_numeral_figure_and_ranking_is_carried(ds) -> None:
    # 近万元, 上千亩, 十八座, 全区第一 …; what is not a figure is in provenance.EXCLUDED_CN with its reason.
    for c in ds.cases:
        assert not pv.uncarried_cn_figures(c.full() | {"number": c.number}, CASES[c.number]), c.id
    for number, text in pv.EXCLUDED_CN:
        assert text in pv.squash(CASES[number]), (number, text)


def test_chinese_numeral_scanner() -> None:
    flat = "亩产增收近万元，上千亩的花木，十八座丘陵，建设一批项目，“五个金融”，万亩茶园，连续4年全区第一、全国第3位"
    found = [(t, int(v)) for _, _, t, v in pv._numeral_spans(flat)]
    assert found[:3] == [("近万元", 10000), ("上千亩", 1000), ("十八座", 18)]
    assert [v for t, v in found[3:]] == [1, 3] and found[3][0].startswith("第一")
    assert [numerals.value(s) for s in ("十八", "二十一", "一百零五", "三万五千", "两")] == [18, 21, 105, 35000, 2]


def test_restatements_point_at_an_earlier_same_figure(ds) -> None:
    n = 0
    for c in ds.cases:
        for j, m in enumerate(c.metrics, 1):
            if m.restates is None:
                continue
            first = c.metrics[m.restates - 1]
            assert m.restates < j and first.restates is None, (c.id, j)
            assert first.value == m.value, (c.id, j, m.label, first.label)
            # the same unit; a count may change its measure word (767个地块, then 767块)
            same = first.unit == m.unit or units.parse_unit(first.unit).kind == units.parse_unit(m.unit).kind == "count"
            assert same, (c.id, j, first.unit, m.unit)
            n += 1
    assert n >= 20
    by_quote = {(c.id, m.quote): m for c in ds.cases for m in c.metrics}
    # the examples: 那良芋蒙 500亩/1200亩 (case 7), 516个 and 4.69万户 (case 11), 767块 and 1158亩 (case 8)
    assert by_quote[(7, "那良芋蒙种植产业由2021年的500亩发展至2024年的1200亩")].restates
    assert _metric(ds, 11, "打造516个百亩以上连片特色水果基地").restates
    assert _metric(ds, 11, "隆安县4.69万户参与土地流转").restates
    assert _metric(ds, 8, "地块由原来的767块", 767).restates
    assert _metric(ds, 8, "建成集中连片高标准农田1158亩").restates


def test_scanner_finds_figures_and_skips_years() -> None:
    figs = pv.scan_figures("2023年，达成2024年1031万立方米的交易，1万多亩，30%—50%，237.2万 m<sup>3</sup>/年")
    want = [("1031万立方米", "万立方米"), ("1万多亩", "万亩"), ("30%", "%"), ("50%", "%"), ("237.2万m³", "万m³")]
    assert [(f.text, f.unit) for f in figs] == want


def test_vocabularies_and_units(ds) -> None:
    for c in ds.cases:
        assert c.category in vocab.CATEGORIES
        assert set(c.modes) <= set(vocab.MODES) and c.modes
        assert set(c.resources) <= set(vocab.RESOURCES) and c.resources
        assert 5 <= len(c.tags) <= 15
        assert (c.city in vocab.CITIES and c.adcode == vocab.CITIES[c.city]) or c.scope == "全区"
        for m in c.metrics:
            assert m.topic in vocab.TOPICS and m.section in vocab.SECTIONS
            assert units.known(m.unit), m.unit
            assert m.qualifier is None or m.qualifier in vocab.QUALIFIERS


def test_policies_are_cited_in_their_case(ds) -> None:
    for c in ds.cases:
        flat = pv.squash(CASES[c.number])
        for p in c.policies:
            assert f"《{p}》" in flat, (c.id, p)
    assert "中华人民共和国民法典" in ds.cases[0].policies


def test_meta_overview_is_the_sources(ds) -> None:
    assert ds.meta.overview == overview_text(SOURCE)
    assert ds.meta.overview.startswith("近年来，为贯彻落实习近平生态文明思想")


def test_footnote_and_outcome_heading_artefacts(ds) -> None:
    notes = footnotes(SOURCE)
    assert notes["十二"] == ["榨季：是指一个生产期，甘蔗的榨季指当年的11月份至次年的3月份。"]
    for c in ds.cases:
        assert set(notes[c.number]) <= set(c.notes), c.id
    c12 = ds.cases[11]
    assert "<sup>" not in c12.outcomes[2].text and "**" not in c12.outcomes[2].text
    c4 = ds.cases[3]
    assert [o.title for o in c4.outcomes][1] == "向海经济持续向好，推动海洋生态产品价值实现"
    c3 = ds.cases[2]
    # the publication prints m³ (m<sup>3</sup> in the conversion): text and quotes hold m³
    assert "237.2万 m³/年" in c3.outcomes[1].text and "立方米/年" not in c3.outcomes[1].text


def _metric(ds, cid: int, quote_part: str, value: float | None = None):
    ms = [
        m for m in ds.cases[cid - 1].metrics if quote_part in pv.squash(m.quote) and (value is None or m.value == value)
    ]
    assert ms, (cid, quote_part)
    return ms[0]


# Facts checked by hand against the source, one or more per case.
HAND = [
    (1, "1000万元的广西首笔取水权质押贷款", 1000, "万元", "finance"),
    (1, "11.72公顷红树林", 11.72, "公顷", None),
    (2, "2734.49亿元", 2734.49, "亿元", "investment"),
    (3, "提升至1882万m³/年", 1882, "万立方米/年", None),
    (4, "10.58公顷", 10.58, "公顷", None),
    (5, "30%—50%", 30, "%", None),
    (6, "900", 900, "万元/年", None),
    (7, "由625吨增长至2500吨", 625, "吨", "production"),
    (8, "1158亩", 1158, "亩", None),
    (9, "1035.61亿元", 1035.61, "亿元", "output"),
    (10, "1011.13万人次", 1011.13, "万人次", "tourism"),
    (11, "38.69万亩", 38.69, "万亩", "land"),
    (12, "蔗农直接收入50.53亿元", 50.53, "亿元", "income"),
    (13, "99.2%", 99.2, "%", None),
    (14, "1800亩", 1800, "亩", None),
    (15, "990万元", 990, "万元", None),
]


@pytest.mark.parametrize(("cid", "quote", "value", "unit", "topic"), HAND)
def test_hand_checked_facts(ds, cid: int, quote: str, value: float, unit: str, topic: str | None) -> None:
    m = _metric(ds, cid, quote, value)
    assert m.unit == unit
    if topic:
        assert m.topic == topic
    assert quote in pv.squash(CASES[ds.cases[cid - 1].number])


def test_ranges_qualifiers_and_years_as_published(ds) -> None:
    m = _metric(ds, 5, "30%—50%")
    assert (m.value, m.value_max) == (30, 50)
    m = _metric(ds, 10, "1000多万元")
    assert (m.value, m.unit, m.qualifier, m.year) == (1000, "万元/年", "多", 2023)  # 年均分红
    assert metric_dict(m)["qualifier"] == "多"
    assert "restates" not in metric_dict(m)
    # qualifiers kept, per-mu units, Chinese numerals and ranks
    m = _metric(ds, 14, "可达1.92万元")
    assert (m.value, m.unit, m.qualifier) == (1.92, "万元/亩/年", "可达")  # 年亩产值: per mu per year
    m = _metric(ds, 14, "年纯收入达1.12万元", 1.12)
    assert (m.value, m.unit, m.qualifier) == (1.12, "万元/亩/年", "达")
    assert _metric(ds, 14, "不少于300元").qualifier == "不少于"
    assert _metric(ds, 14, "最高获补助3000元").qualifier == "最高"
    m = _metric(ds, 7, "亩产增收近万元")
    assert (m.value, m.unit, m.qualifier) == (10000, "元/亩", "近万")
    assert units.format_published(m.value, m.unit, None, m.qualifier) == "近万元/亩"
    m = _metric(ds, 11, "上千亩的花木")
    assert (m.value, m.unit, m.qualifier) == (1000, "亩", "上千")
    ranks = {m.label: m.value for m in ds.cases[3].metrics if m.unit == "名"}
    assert ranks["北海市红树林总面积全区排名"] == 1 and ranks["北海市红树林总面积全国排名"] == 2
    assert _metric(ds, 4, "用海期限为50年").unit == "年"


def test_pinyin_is_current() -> None:
    pytest.importorskip("pypinyin")
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "regen_pinyin.py"), "--check"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_generated_tables_are_current() -> None:
    """Traditional->simplified (OpenCC) and vocabulary pinyin are generated offline, never at run time."""
    pytest.importorskip("opencc")
    pytest.importorskip("pypinyin")
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "regen_tables.py"), "--check"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_city_pinyin() -> None:
    from gxeco._tables import PINYIN

    assert PINYIN["桂林"] == ("guilin", "gl") and PINYIN["防城港"] == ("fangchenggang", "fcg")
    assert all(c[:-1] in PINYIN for c in vocab.CITIES)
