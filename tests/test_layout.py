"""The Chinese line breaker on hand-made strings, one rule at a time, and on random text."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gxeco.layout import NO_END, NO_START, number_spans, wrap, wrap_styled
from gxeco.layout import width_of as cell_width


def lines_ok(lines: list[str], width: int) -> None:
    assert all(cell_width(ln) <= width for ln in lines), lines
    assert all(ln[:1] not in NO_START for ln in lines[1:]), lines
    assert all(ln[-1:] not in NO_END for ln in lines[:-1]), lines


@pytest.mark.parametrize(
    ("text", "width", "want"),
    [
        # a closing mark pulls the character before it down (push-out), never starts a line
        ("一二，三四", 4, ["一", "二，", "三四"]),
        ("他说：“好的”。", 6, ["他说：", "“好", "的”。"]),
        ("甲乙丙）。丁", 6, ["甲乙", "丙）。", "丁"]),
        ("ab,cd", 2, ["a", "b,", "cd"]),
        ("一二三%", 6, ["一二", "三%"]),
        # an opening mark moves down with what it opens
        ("一二《三》", 6, ["一二", "《三》"]),
        ("一二(三)", 5, ["一二", "(三)"]),
        ("一“二”", 4, ["一", "“二”"]),
        # —— and …… stay whole
        ("一二——三", 5, ["一二", "——三"]),
        ("一二……三", 5, ["一", "二……", "三"]),
        # numbers stay whole with decimal point, thousands separator, range dash and unit
        ("龙胜县投入555.19亿元建成", 16, ["龙胜县投入", "555.19亿元建成"]),
        ("价格1000元/亩，好", 12, ["价格", "1000元/亩，", "好"]),
        ("在2021—2023年间", 12, ["在", "2021—2023年", "间"]),
        ("增长6%—8%。", 10, ["增长", "6%—8%。"]),
        ("共12.5万m³水", 9, ["共", "12.5万m³", "水"]),
        ("投资约1000万元", 10, ["投资约", "1000万元"]),
        ("共1,200.5吨", 10, ["共", "1,200.5吨"]),
        ("约 900 余万元，", 12, ["约 ", "900 余万元，"]),
        ("1万多亩地", 8, ["1万多亩", "地"]),
        # Latin words and ids
        ("按GB/T 7714著录", 10, ["按", "GB/T 7714", "著录"]),
        ("EOD模式", 4, ["EOD", "模式"]),
        ("the quick fox", 10, ["the quick ", "fox"]),
        # runs wider than the line fold at their weakest seam, never past the width
        ("投入555.19亿元", 8, ["投入", "555.19", "亿元"]),
        ("2021—2023年", 8, ["2021—", "2023年"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("一二三四五", 2, ["一", "二", "三", "四", "五"]),
        # nothing to break
        ("", 10, [""]),
        ("短", 10, ["短"]),
    ],
)
def test_rules(text: str, width: int, want: list[str]) -> None:
    assert wrap(text, width) == want


def test_styled_keeps_styles_and_breaks_alike() -> None:
    segs = [("碳汇", None), ("质押", "hit"), ("贷款，很好", None)]
    lines = wrap_styled(segs, 6)
    assert ["".join(s for s, _ in ln) for ln in lines] == wrap("碳汇质押贷款，很好", 6)
    assert lines[0] == [("碳汇", None), ("质", "hit")]
    assert lines[1][0] == ("押", "hit")
    assert wrap_styled([], 5) == [[]]
    assert wrap_styled([("", "hit"), ("一二", None)], 2) == [[("一", None)], [("二", None)]]


CHARS = st.sampled_from("龙胜梯田，。、；：？！）」》”（「《“0123456789.%—元亩万亿年 abGB/T-…·")


@settings(max_examples=300, deadline=None)
@given(st.text(CHARS, max_size=60), st.integers(2, 30))
@example("一（（（（（二", 4)
@example("1111111111。", 4)
def test_random_text(text: str, width: int) -> None:
    """Joined lines give the text back; no line is too wide; the marks hold where a break exists."""
    lines = wrap(text, width)
    assert "".join(lines) == text
    assert all(cell_width(ln) <= width for ln in lines)
    assert all(lines) or text == ""
    if _mark_runs(text) <= width - 4:
        # with room for any run held by the punctuation rules, those rules always hold
        lines_ok(lines, width)
    styled = wrap_styled([(text[: len(text) // 2], "hit"), (text[len(text) // 2 :], None)], width)
    assert ["".join(s for s, _ in ln) for ln in styled] == lines


def _mark_runs(text: str) -> int:
    """Cells of the widest run held together by punctuation rules alone."""
    best = cur = 0
    prev = ""
    for ch in text:
        w = cell_width(ch)
        cur = cur + w if (ch in NO_START or prev in NO_END or ch == " ") else w
        best = max(best, cur)
        prev = ch
    return best


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("投入555.19亿元，", ["555.19亿元"]),
        ("每亩1000元/亩的", ["1000元/亩"]),
        ("2021—2023年间", ["2021—2023年"]),
        ("增长6%—8%。", ["6%—8%"]),
        ("12.5万m³水", ["12.5万m³"]),
        ("约 900 余万元", ["900 余万元"]),
        ("1万多亩、400多户", ["1万多亩", "400多户"]),
        ("3.5万立方米/年", ["3.5万立方米/年"]),
        ("共1,200户", ["1,200户"]),
        ("第3批 16 ", ["3批", "16"]),
    ],
)
def test_number_spans(text: str, numbers: list[str]) -> None:
    assert [text[a:z] for a, z in number_spans(text)] == numbers


def test_widths_agree_with_rich_and_text(ds) -> None:
    """The breaker counts cells as rich and gxeco.text do, on every character of the data."""
    import json

    from rich.cells import cell_len

    chars = {ch for c in ds.cases for ch in json.dumps(c.full(), ensure_ascii=False) if ch != "\n"}
    chars |= {chr(cp) for cp in [*range(0x3000, 0x302E), *range(0xFF01, 0xFF5F), 0x4E00, 0x9FA5, 0x301]}
    assert [ch for ch in sorted(chars) if cell_width(ch) != cell_len(ch)] == []
    text = "".join(sorted(chars))
    assert cell_width(text) == cell_len(text)


UNIT_CHARS = st.sampled_from(
    [
        *("1", "5", "34", ".", ",", "—", "——", "-", "至", " ", "多", "余", "万", "千", "百", "亿", "/", "元"),
        *("亩", "年", "吨", "千克", "m", "m3", "m³", "km", "km²", "平方公里", "%", "％", "个", "批", "一", "，"),
        *("a", "\u0301"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(UNIT_CHARS, max_size=30).map("".join))
@example("—9万元/年/千克米")  # a magnitude after / is taken even when a unit would start with it
@example("场5m341kg")  # digits inside a unit do not start a number
@example("一二\u0301三4万")  # a combining mark
def test_long_text_path_agrees(text: str) -> None:
    """A long text (a 50 MB field) finds its numbers by one pattern and measures by bytes operations:
    the same spans, widths and breaks as the per-number, per-character reading of a short one."""
    from gxeco import layout

    short = (layout.number_spans(text), layout.width_of(text), layout.breaks(text, 7))
    saved = layout.LONG
    layout.LONG = 0
    try:
        layout._measured.clear()
        assert (layout.number_spans(text), layout.width_of(text), layout.breaks(text, 7)) == short
    finally:
        layout.LONG = saved
        layout._measured.clear()
