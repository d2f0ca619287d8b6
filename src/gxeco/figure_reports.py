"""Reports of figures: the figures table (``gxeco figures``, a case's 数据 section) and the
totals of ``gxeco figures --sum``, with the note a label carries of a figure's links."""

from __future__ import annotations

from . import labels, vocab
from .model import ident, several_batches
from .render.blocks import Block, Bullets, Para, Report, Styled, Table, plain

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from .model import Metric
    from .query import FigureRow


def published_text(m: Metric) -> str:
    """units.published, importing units only for a figure its file gives no as_published text
    (no bundled figure): show and search, which print figures, stay off units."""
    if m.as_published is not None:
        return m.as_published
    from .units import published

    return published(m)


def fig_row(position: int, m: Metric) -> list[Styled | str]:
    return [
        str(position),  # what 「第21项的一部分」 and 「复述第24项」 refer to
        m.label + link_note(m),
        published_text(m),
        str(m.year or ""),
        vocab.TOPICS[m.topic][0],
    ]


def link_note(m: Metric) -> str:
    """What a label says of a figure's place among its case's figures, so no reader adds it twice:
    （复述第4项）, （第59项的另一说法）, （第13项的一部分）, （分级界限）. Every figure table uses it."""
    out = ""
    if m.restates:
        out += f"（复述第{m.restates}项）"
    if m.variant_of:
        out += f"（第{m.variant_of}项的另一说法）"
    if m.part_of:
        out += f"（第{m.part_of}项的一部分）"
    if m.bound:
        out += "（分级界限）"
    if m.target:
        out += "（目标或规划）"
    if m.stock_of:
        out += f"（第{m.stock_of}项另一时点的存量）"
    if m.change_of:
        out += f"（第{m.change_of}项两时点之差）"
    return out


FIGURE_CSV = [
    "id",
    "batch",
    "slug",
    "short_title",
    "label",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "display",
    "normalized",
    "normalized_unit",
    "kind",
    "year",
    "topic",
    "section",
    "quote",
    "as_published",
    "aggregate",
    "per",
    "restates",
    "part_of",
    "variant_of",
    "bound",
    "additive",
    "qualifier_after",
    "target",
    "stock",
    "stock_of",
    "change_of",
    "position",  # within the case's figures: what restates, part_of and variant_of refer to
]


def figures(rows: Sequence[FigureRow], multi: bool | None = None) -> Report:
    multi = several_batches([r.case for r in rows], multi)
    trows: list[list[Styled | str]] = []
    data = [r.as_dict() for r in rows]
    for r, d in zip(rows, data, strict=True):
        trows.append(
            [
                ident(r.case, multi),
                str(r.position),  # the figure's place in its case: what 「第21项的一部分」 refers to
                d["short_title"],
                d["label"] + link_note(r.metric),
                d["display"],
                r.converted,
                str(d["year"] or ""),
                vocab.TOPICS[d["topic"]][0],
                d["quote"],
            ]
        )
    header = ["编号", labels.zh("position"), "案例"]
    header += [labels.zh(k) for k in ("label", "display", "converted", "year", "topic", "quote")]
    t = Table(header, trows, wide={3, 8}, keep={0, 1}, drop=(2, 5, 7))
    return Report([t], data, FIGURE_CSV, [[d.get(k) for k in FIGURE_CSV] for d in data])


_TOTAL_BY = {"case": "案例", "city": "地市", "topic": "主题", "year": "年份"}


def _cite(e: Any, multi: bool) -> str:
    """A figure in a sum: case and position (10-4), as printed."""
    return f"{ident(e.row.case, multi)}-{e.row.position} {published_text(e.row.metric)}"


def totals(found: Sequence[Any], by: str | None, explain: bool = False, multi: bool = False) -> Report:
    """figures --sum: one row per group and unit kind, the total, how many figures it adds and
    what it left out by reason; with explain, the arithmetic and every figure left out."""
    from .totals import CSV_COLUMNS, REASONS

    data = [t.as_dict() for t in found]
    rows: list[list[Styled | str]] = []
    blocks: list[Block] = []
    for t in found:
        group = vocab.TOPICS[t.group][0] if by == "topic" and t.group else (t.group or "—")
        what = t.heading(with_topic=by != "topic")
        left = "，".join(f"{REASONS[k]}{n}" for k, n in t.reasons().items())
        rows.append([group, what, t.display or "不相加", str(len(t.added)), left][0 if by else 1 :])
        if explain:
            sums = " + ".join(_cite(e, multi) for e in t.added)
            line = f"{sums} = {t.display}" if t.value is not None and t.added else "（无相加项）"
            blocks.append(Para(plain(line), label=f"{group} {what}" if by else what))
            why = [
                f"{_cite(e, multi)}：{REASONS[e.reason or '']}" + (f"（第{e.because}项）" if e.because else "")
                for e in t.left_out
            ]
            blocks += [Bullets(why)] if why else []
    columns = [_TOTAL_BY.get(by or "", ""), "种类", "合计", "相加项数", "未计入"][0 if by else 1 :]
    n = len(columns)  # a narrow terminal loses the count of figures added before the rows become blocks
    table = Table(columns, rows, wide={n - 1}, keep=set(range(n - 2)), drop=(n - 2,))
    return Report([table, *blocks], {"by": by, "totals": data}, CSV_COLUMNS, [t.csv_row() for t in found])
