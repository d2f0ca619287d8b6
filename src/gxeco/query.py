"""Filters, counts, comparisons and figure tables over a dataset."""

from __future__ import annotations

from collections import Counter

from . import units, vocab
from .errors import GxecoError, NotFound
from .i18n import _
from .model import Case, Metric
from .units import published

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from dataclasses import dataclass as record
    from typing import Any
else:
    from .record import record


def pick(key: str, v: vocab.Vocab) -> str:
    """``resolve.pick`` (the matcher and its tables), imported only for a value that is not a key as
    typed: a key is itself under the rule (tests/test_vocab.py), and the defaults are keys."""
    if key in v.names:
        return key
    from .resolve import pick as by_rule

    return by_rule(key, v)


# --- list order ---------------------------------------------------------------


def sort_cases(cases: list[Case], key: str, reverse: bool = False) -> list[Case]:
    k = pick(key, vocab.LIST_SORT)
    fn: dict[str, Any] = {
        "id": lambda c: (c.batch, c.id),
        "city": lambda c: (vocab.CITIES.get(c.city or "", 0), c.batch, c.id),
        "category": lambda c: (vocab.CATEGORIES.index(c.category), c.batch, c.id),
        "page": lambda c: (c.batch, c.page),
        "title": lambda c: (c.short_title, c.id),
        "metrics": lambda c: (-len(c.metrics), c.id),
    }
    return sorted(cases, key=fn[k], reverse=reverse)


# --- stats ----------------------------------------------------------------------

DIMENSIONS = tuple(vocab.DIMENSION.names)


def stats(cases: Sequence[Case]) -> dict[str, Any]:
    """Counts by every dimension; every city and vocabulary value is shown, zeros too."""
    by_city: dict[str, int] = {c: 0 for c in vocab.CITIES}
    by_city[vocab.REGION_WIDE] = 0
    for c in cases:
        key = c.city or c.scope or vocab.REGION_WIDE
        by_city[key] = by_city.get(key, 0) + 1

    def ranked(values: Counter[str]) -> dict[str, int]:
        return dict(sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))

    return {
        "total": len(cases),
        "by_city": by_city,
        "by_category": {k: sum(c.category == k for c in cases) for k in vocab.CATEGORIES},
        "by_mode": {k: sum(k in c.modes for c in cases) for k in vocab.MODES},
        "by_resource": {k: sum(k in c.resources for c in cases) for k in vocab.RESOURCES},
        "by_tag": ranked(Counter(t for c in cases for t in c.tags)),
        "by_model": ranked(Counter(m for c in cases for m in c.models)),
    }


# --- figures ----------------------------------------------------------------------


@record(frozen=True)
class FigureRow:
    case: Case
    metric: Metric
    kind: str
    base_value: float
    base_unit: str
    position: int = 0  # 1-based, within the case's figures: what `restates` refers to

    def as_dict(self) -> dict[str, Any]:
        m = self.metric
        return {
            "id": self.case.id,
            "batch": self.case.batch,
            "position": self.position,
            "slug": self.case.slug,
            "short_title": self.case.short_title,
            "label": m.label,
            "value": m.value,
            "value_max": m.value_max,
            "unit": m.unit,
            "qualifier": m.qualifier,
            "as_published": m.as_published,
            "display": published(m),
            "aggregate": m.aggregate,
            "normalized": self.base_value,
            "normalized_unit": self.base_unit,
            "normalized_display": units.format_base(self.base_value, self.kind, self.base_unit),
            "kind": self.kind,
            "per": units.rate_family(m.unit),
            "year": m.year,
            "topic": m.topic,
            "section": m.section,
            "quote": m.quote,
            "restates": m.restates,
            "part_of": m.part_of,
            "variant_of": m.variant_of,
            "bound": m.bound,
            "qualifier_after": m.qualifier_after,
            "target": m.target,
            "stock": m.stock,
            "stock_of": m.stock_of,
            "change_of": m.change_of,
            "additive": m.additive and self.kind not in NOT_ADDITIVE,
        }

    @property
    def converted(self) -> str:
        """The base-unit value when it tells the reader something the published text does not:
        empty for 7178.44亿元 (already in its unit), exact otherwise (73683.8万元 → 7.36838亿元)."""
        m = self.metric
        if m.value_max is not None:
            return ""
        text = units.format_base(self.base_value, self.kind, self.base_unit)
        shown = published(m).replace("m³", "立方米").replace("m²", "平方米")
        if "/" in m.unit and "/" not in shown:
            return text  # 人均可支配收入33893元: the text leaves the per-person to its words; 33893元/人 says it
        if self.base_unit == m.unit or text == units.format_published(m.value, m.unit):
            return ""  # nothing converted (99.0%, 全区第一, 六大), or only the qualifier dropped (4万多亩)
        return "" if text in shown else text


# Kinds no sum adds up: rates, shares, places in a ranking, grades, temperatures, periods.
NOT_ADDITIVE = frozenset({"rate", "percent", "rank", "grade", "temperature", "time"})

# Topics whose figures are sums of money: there a bare 万/亿 (项目总投资额约13亿) is yuan.
MONEY_TOPICS = frozenset({"investment", "finance", "transaction", "output", "fiscal", "income"})


def figure_rows(
    cases: Sequence[Case], topics: Sequence[str] = (), kinds: Sequence[str] = (), all_: bool = False
) -> list[FigureRow]:
    """Figures as rows with base values: of any of ``topics`` and unit ``kinds`` (keys of
    vocab.TOPIC and vocab.UNIT_KIND, as request.resolved gives them; none: every one);
    restatements of an earlier figure only with all_."""
    topics = (topics,) if isinstance(topics, str) else tuple(topics)
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    rows = []
    for c in cases:
        for position, m in enumerate(c.metrics, start=1):
            if (topics and m.topic not in topics) or ((m.restates or m.variant_of) and not all_):
                continue
            u = units.parse_unit(m.unit)
            ukind, base = u.kind, u.base
            if ukind == "number" and m.topic in MONEY_TOPICS:
                ukind, base = "money", units.BASE_UNIT["money"]
            elif ukind == "rate" and base.startswith("/") and m.topic in MONEY_TOPICS:
                base = units.BASE_UNIT["money"] + base  # 每年分红为20万: 元/年
            if kinds and ukind not in kinds and (units.rate_family(m.unit) or "") not in kinds:
                continue
            rows.append(FigureRow(c, m, ukind, units.to_base(m.value, m.unit), base, position))
    return rows


# --sort value: like is compared with like, in this order of kinds; other kinds follow in units.KINDS order.
VALUE_KIND_ORDER = ("money", "area", "mass", "volume", "count", "percent")


def _kind_rank(kind: str) -> int:
    order = (*VALUE_KIND_ORDER, *(k for k in units.KINDS if k not in VALUE_KIND_ORDER))
    return order.index(kind) if kind in order else len(order)


# Keys sort_figures knows; label and position are browse's (its 指标 and 序号 columns), not `--sort` values.
FIGURE_KEYS = ("value", "year", "case", "topic", "label", "position")


def sort_figures(rows: list[FigureRow], key: str | None, descending: bool = True) -> list[FigureRow]:
    """Figures in the order of one key, in either direction, for every face (`figures --sort`,
    `--asc`; browse's 数据 tab). Equal rows keep their order (the data's), in both directions.

    value: one group per comparable unit (kind, then base unit: units.py says which units
    compare), groups in a fixed order (money first) whatever the direction, base values
    within a group: a sum of money never sits between areas. year: undated figures last
    in both directions. topic: the vocabulary's order (投资 first when ascending). case:
    batch and id."""
    if not key:
        return rows
    k = key if key in FIGURE_KEYS else pick(key, vocab.FIGURE_SORT)
    sign = -1.0 if descending else 1.0
    if k == "value":
        return sorted(rows, key=lambda r: (_kind_rank(r.kind), r.base_unit, sign * r.base_value))
    if k == "year":
        return sorted(rows, key=lambda r: (r.metric.year is None, sign * (r.metric.year or 0)))
    order: dict[str, Any] = {
        "topic": lambda r: _TOPIC_RANK.get(r.metric.topic, len(_TOPIC_RANK)),
        "case": lambda r: (r.case.batch, r.case.id),
        "label": lambda r: r.metric.label,
        "position": lambda r: (r.case.batch, r.case.id, r.position),
    }
    return sorted(rows, key=order[k], reverse=descending)


_TOPIC_RANK = {t: i for i, t in enumerate(vocab.TOPICS)}


# --- compare ----------------------------------------------------------------------


def compare(cases: Sequence[Case], topics: Sequence[str] | None = None, all_: bool = False) -> dict[str, Any]:
    """Rows aligned across cases: profile fields, headlines, then figures by topic (keys of
    vocab.TOPIC; none: every topic; restatements and variants of another figure only with all_)."""
    distinct = {(c.batch, c.id) for c in cases}
    if len(distinct) < 2:
        raise GxecoError(_("compare needs at least two different cases, e.g. gxeco compare 7 8"))
    chosen = list(topics) if topics else list(vocab.TOPICS)
    rows: list[dict[str, Any]] = []

    def row(field: str, values: list[Any]) -> None:
        rows.append({"field": field, "values": values})

    row("place", [c.place for c in cases])
    row("category", [c.category for c in cases])
    row("modes", [list(c.modes) for c in cases])
    row("resources", [list(c.resources) for c in cases])
    row("tags", [list(c.tags) for c in cases])
    row("models", [list(c.models) for c in cases])
    row("mechanism", [c.mechanism for c in cases])
    row("practices", [[i.title for i in c.practices] for c in cases])
    row("outcomes", [[i.title for i in c.outcomes] for c in cases])
    for t in chosen:
        vals = [
            [_fig(m) for m in c.metrics if m.topic == t and (all_ or not (m.restates or m.variant_of))] for c in cases
        ]
        if any(vals):
            row(f"figures.{t}", vals)
    return {"cases": [c.summary() for c in cases], "rows": rows}


def _fig(m: Metric) -> dict[str, Any]:
    return {
        "label": m.label,
        "display": published(m),
        "as_published": m.as_published,
        "value": m.value,
        "unit": m.unit,
        "year": m.year,
        "restates": m.restates,
        "part_of": m.part_of,
        "variant_of": m.variant_of,
    }


def require(cases: list[Case], what: str | None = None) -> list[Case]:
    if not cases:
        raise NotFound(what or _("no case matches these filters"))
    return cases
