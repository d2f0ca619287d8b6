"""Totals of figures that never count a thing twice.

A total adds the figures of one unit kind (money, area, mass, the people, the visits, the
count of one measure word …) under one topic (investment, output, income … measure different
things), levels at a date (stocks) apart from amounts over a period, in exact decimals. Every
figure of the selection is either added to one total or left out of it for a named reason,
so any total can be checked by hand: a part of a total that is in the same sum, a restatement, a variant (the same fact
with another value), a target or plan, a class bound or threshold, a stock at another date
(or the change between two dates of a stock that is counted), and whatever is not an amount
(a rate, a percentage, a place in a ranking, a grade, a period or a temperature).
"""

from __future__ import annotations

from . import units
from .model import ident

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from dataclasses import dataclass as record
    from decimal import Decimal
    from typing import Any

    from .query import FigureRow
else:
    from .record import record

#: Why a figure is left out of a total, in the order they are tested, with the words people read.
REASONS: dict[str, str] = {
    "restatement": "复述",
    "variant": "另一说法",
    "target": "目标或规划",
    "bound": "分级界限或门槛",
    "rate": "比率",
    "share": "百分比",
    "rank": "排名",
    "grade": "等级",
    "not_amount": "非数量",
    "assorted": "所计之物各不相同",
    "stock": "另一时点的存量",
    "change": "两时点之差",
    "part": "已计总数的一部分",
}

# Kinds that are never amounts, and the reason each is left out for.
_NOT_AMOUNT = {
    "rate": "rate",
    "percent": "share",
    "rank": "rank",
    "grade": "grade",
    "temperature": "not_amount",
    "time": "not_amount",
    "number": "not_amount",
}

#: A total's columns in CSV: the keys of Total.as_dict but its lists of figures (left_out_by_reason as
#: reason=count pairs).
CSV_COLUMNS = [
    "group",
    "topic",
    "kind",
    "unit",
    "stock",
    "total",
    "display",
    "added_count",
    "left_out_count",
    "left_out_by_reason",
]

# Kinds that, under the topic count (数量), count assorted things or groups: never summed there.
_ASSORTED = frozenset({"count", "people", "households"})

#: What --by groups by: case, city (or 全区), topic, year (undated figures in a group of their own).
DIMENSIONS = ("case", "city", "topic", "year")


@record(frozen=True)
class Entry:
    """One figure in a total: added (reason None) or left out for reason, because of the
    figure at position ``because`` of its case (the total it is part of, the stock it restates …)."""

    row: FigureRow
    reason: str | None = None
    because: int | None = None

    def as_dict(self) -> dict[str, Any]:
        r, m = self.row, self.row.metric
        d: dict[str, Any] = {
            "id": r.case.id,
            "batch": r.case.batch,
            "position": r.position,
            "label": m.label,
            "as_published": m.as_published,
            "normalized": r.base_value,
            "normalized_unit": r.base_unit,
            "quote": m.quote,
        }
        if self.reason is not None:
            d["reason"] = self.reason
            d["because"] = self.because
        return d


@record(frozen=True)
class Total:
    """The total of one unit kind in one group (None: every figure selected), the figures added
    and the figures of that kind left out. A kind that is not an amount (rates …) has no total
    (``value`` None) and every figure of it left out."""

    group: str | None
    # figures of one kind under different topics measure different things (investment, output,
    # income …): each topic has totals of its own
    topic: str
    kind: str
    unit: str
    # levels at a date (余额, 储量, 保有量 …) are totalled apart from amounts over a period
    stock: bool
    value: Decimal | None
    added: tuple[Entry, ...]
    left_out: tuple[Entry, ...]

    @property
    def display(self) -> str:
        """The total in the source's magnitudes (亿元, 万亩), every digit kept."""
        if self.value is None:
            return ""
        if self.kind == "length" and self.value >= 1000:  # 813.32公里, as the source writes long lengths
            return units.format_base(float(self.value / 1000), "number", "公里")
        # a count reads 30万只 as the source writes it; format_base leaves counts unscaled
        return units.format_base(float(self.value), "number" if self.kind == "count" else self.kind, self.unit)

    def reasons(self) -> dict[str, int]:
        """How many figures were left out, by reason, in REASONS order."""
        counts = {k: 0 for k in REASONS}
        for e in self.left_out:
            counts[e.reason or ""] = counts.get(e.reason or "", 0) + 1
        return {k: n for k, n in counts.items() if n}

    def heading(self, with_topic: bool = True) -> str:
        """What the total counts, as people read it: 投资 金额, 数量 个数（座）（存量）."""
        from . import vocab

        kind = vocab.UNIT_KIND.names[self.kind][0] if self.kind in vocab.UNIT_KIND.names else self.kind
        unit = "" if self.kind in ("money", "area", "mass", "volume") else f"（{self.unit}）"
        topic = vocab.TOPICS[self.topic][0] + " " if with_topic else ""
        return f"{topic}{kind}{unit}{'（存量）' if self.stock else ''}"

    def csv_row(self) -> list[Any]:
        d = self.as_dict()
        d["left_out_by_reason"] = "；".join(f"{k}={n}" for k, n in d["left_out_by_reason"].items())
        return [d[k] for k in CSV_COLUMNS]

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "topic": self.topic,
            "kind": self.kind,
            "unit": self.unit,
            "stock": self.stock,
            # exact, as a decimal string (a float would round 0.1 + 0.2): "722858607600"
            "total": None if self.value is None else units.exact_text(self.value),
            "display": self.display,
            "added_count": len(self.added),
            "left_out_count": len(self.left_out),
            "left_out_by_reason": self.reasons(),
            "added": [e.as_dict() for e in self.added],
            "left_out": [e.as_dict() for e in self.left_out],
        }


def exact_base(row: FigureRow) -> Decimal:
    """The figure's value in its base unit, exactly (the row's base_value is a float)."""
    from decimal import Decimal

    m = row.metric
    return Decimal(repr(m.value)) * units.parse_unit(m.unit).factor


def group_of(row: FigureRow, by: str | None, multi: bool = False) -> str | None:
    if by is None:
        return None
    c, m = row.case, row.metric
    if by == "case":
        return ident(c, multi)
    if by == "city":
        return c.city or c.scope or ""
    if by == "topic":
        return m.topic
    if by == "year":
        return str(m.year) if m.year is not None else ""
    raise ValueError(by)


def _own_reason(row: FigureRow) -> tuple[str | None, int | None]:
    """Why a figure is never added, whatever else is in the sum."""
    m = row.metric
    if m.restates is not None:
        return "restatement", m.restates
    if m.variant_of is not None:
        return "variant", m.variant_of
    if m.target:
        return "target", None
    if m.bound:
        return "bound", None
    if row.kind in _NOT_AMOUNT:
        return _NOT_AMOUNT[row.kind], None
    if row.kind in _ASSORTED and m.topic == "count":
        # the topic of assorted counts (乡镇, 村, 村民小组 … all in 个; households registered, households
        # growing cane): one measure word, many things
        return "assorted", None
    return None, None


def _canonical(metrics: Sequence[Any], pos: int) -> int:
    """The figure a restatement or variant stands for (its first statement)."""
    seen = set()
    while pos not in seen and 0 < pos <= len(metrics):
        seen.add(pos)
        m = metrics[pos - 1]
        nxt = m.restates or m.variant_of
        if nxt is None:
            break
        pos = nxt
    return pos


def _linked_reason(row: FigureRow, present: set[tuple[int, int, int]]) -> tuple[str | None, int | None]:
    """Why a figure is left out because of another figure in the same sum: its total (up the
    chain of parts), the stock it is an earlier statement of, the stock it is the change of."""
    c, m = row.case, row.metric
    key = (c.batch, c.id)
    for reason, to in (("stock", m.stock_of), ("change", m.change_of)):
        if to is not None and (*key, _canonical(c.metrics, to)) in present:
            return reason, to
    seen, up = {row.position}, m.part_of
    while up is not None and up not in seen and 0 < up <= len(c.metrics):
        seen.add(up)
        if (*key, _canonical(c.metrics, up)) in present:
            return "part", m.part_of
        up = c.metrics[up - 1].part_of
    return None, None


def totals(rows: Iterable[FigureRow], by: str | None = None, multi: bool = False) -> list[Total]:
    """Every figure of rows, grouped (by case, city, topic, year or not at all) and by topic and unit
    kind: one Total per group, topic and kind, in the order the rows come (the data's order). A
    figure that is part of another figure, or an earlier stock or the change of another figure, is
    left out only when that figure is in the same group and counted: then the total holds it."""
    from decimal import Decimal

    groups: dict[str | None, list[FigureRow]] = {}
    for r in rows:
        groups.setdefault(group_of(r, by, multi), []).append(r)
    out: list[Total] = []
    for group, members in groups.items():
        own = {(r.case.batch, r.case.id, r.position): _own_reason(r) for r in members}
        # the figures a total may hold: a part of a target, a bound or a rate is no part of anything counted
        # (587.73亿元 approved of the 2734.49亿元 a planning list holds is counted)
        present = {key for key, (reason, _) in own.items() if reason is None}
        kinds: dict[tuple[str, str, str, bool], tuple[list[Entry], list[Entry]]] = {}
        for r in members:
            reason, because = own[r.case.batch, r.case.id, r.position]
            if reason is None:
                reason, because = _linked_reason(r, present)
            stock = r.metric.stock and r.kind not in _NOT_AMOUNT
            added, left = kinds.setdefault((r.metric.topic, r.kind, r.base_unit, stock), ([], []))
            (added if reason is None else left).append(Entry(r, reason, because))
        for (topic, kind, unit, stock), (added, left) in kinds.items():
            never = kind in _NOT_AMOUNT or (kind in _ASSORTED and topic == "count")
            value = None if never else sum((exact_base(e.row) for e in added), Decimal(0))
            out.append(Total(group, topic, kind, unit, stock, value, tuple(added), tuple(left)))
    return out


class Totals(list[Total]):
    """The totals of one selection, and what they were grouped by (None: not grouped)."""

    by: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"by": self.by, "totals": [t.as_dict() for t in self]}


def select(rows: Iterable[FigureRow], by: str | None = None, multi: bool = False) -> Totals:
    """totals() of rows (every figure of the selection, restatements and variants too, so each
    is named where it is left out), grouped by ``by``, a key of vocab.TOTAL_BY as
    request.one reads it (case, city, topic, year)."""
    out = Totals(totals(rows, by, multi))
    out.by = by
    return out
