"""Filters, counts, comparisons and figure tables over a dataset."""

from __future__ import annotations

from collections import Counter

from . import units, vocab
from .errors import GxecoError, NotFound
from .model import Case, Dataset, Metric
from .resolve import pick

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from dataclasses import dataclass as record
    from typing import Any
else:
    from .record import record

# --- list filters -------------------------------------------------------------


@record(frozen=True)
class Filters:
    city: str | None = None
    category: str | None = None
    resource: str | None = None
    mode: str | None = None
    tag: str | None = None

    def any(self) -> bool:
        return any((self.city, self.category, self.resource, self.mode, self.tag))


def _city_choices(ds: Dataset) -> dict[str, list[str]]:
    choices: dict[str, list[str]] = {c: [c[:-1], *vocab.CITY_PINYIN.get(c, ())] for c in vocab.CITIES}
    choices[vocab.REGION_WIDE] = ["广西", "全广西", "quanqu", "guangxi"]
    return choices


def _tag_choices(ds: Dataset) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in ds.cases:
        for t in (*c.tags, *c.models):
            out.setdefault(t, [])
    return out


def apply_filters(ds: Dataset, f: Filters) -> list[Case]:
    cases = list(ds.cases)
    if f.city:
        city = pick(f.city, _city_choices(ds), "city")
        cases = [c for c in cases if (c.city or c.scope) == city]
    if f.category:
        cat = pick(f.category, {k: [] for k in vocab.CATEGORIES}, "category")
        cases = [c for c in cases if c.category == cat]
    if f.resource:
        res = pick(f.resource, {k: [] for k in vocab.RESOURCES}, "resource")
        cases = [c for c in cases if res in c.resources]
    if f.mode:
        mode = pick(f.mode, {k: [] for k in vocab.MODES}, "mode")
        cases = [c for c in cases if mode in c.modes]
    if f.tag:
        tag = pick(f.tag, _tag_choices(ds), "tag")
        cases = [c for c in cases if tag in c.tags or tag in c.models]
    return cases


SORT_KEYS = ("id", "city", "category", "page", "title", "metrics")


def sort_cases(cases: list[Case], key: str, reverse: bool = False) -> list[Case]:
    k = pick(key, {s: [] for s in SORT_KEYS}, "sort key")
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

DIMENSIONS = ("city", "category", "mode", "resource", "tag")


def stats(cases: Sequence[Case]) -> dict[str, Any]:
    """Counts by every dimension; every city and vocabulary value is shown, zeros too."""
    by_city: dict[str, int] = {c: 0 for c in vocab.CITIES}
    by_city[vocab.REGION_WIDE] = 0
    for c in cases:
        key = c.city or c.scope or vocab.REGION_WIDE
        by_city[key] = by_city.get(key, 0) + 1
    tags: Counter[str] = Counter(t for c in cases for t in c.tags)
    return {
        "total": len(cases),
        "by_city": by_city,
        "by_category": {k: sum(c.category == k for c in cases) for k in vocab.CATEGORIES},
        "by_mode": {k: sum(k in c.modes for c in cases) for k in vocab.MODES},
        "by_resource": {k: sum(k in c.resources for c in cases) for k in vocab.RESOURCES},
        "by_tag": dict(sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def pick_dimension(value: str) -> str:
    aliases = {
        "city": ["地市", "城市", "市"],
        "category": ["类别", "类型"],
        "mode": ["模式", "modes"],
        "resource": ["资源", "resources"],
        "tag": ["标签", "tags", "关键词"],
    }
    return pick(value, aliases, "dimension")


# --- figures ----------------------------------------------------------------------

TOPIC_ALIASES: dict[str, list[str]] = {
    k: [p for p in d.split("：")[1].split("、")] + [d.split("：")[0]] for k, d in vocab.TOPICS.items()
}


def pick_topic(value: str) -> str:
    return pick(value, TOPIC_ALIASES, "topic")


SHOW_PART_ALIASES: dict[str, list[str]] = {
    "header": ["概况", "标题"],
    "background": ["背景", "案例背景"],
    "mechanism": ["机制", "核心机制"],
    "practices": ["做法", "具体做法"],
    "outcomes": ["成效", "主要成效"],
    "metrics": ["数据", "figures", "指标"],
    "policies": ["政策", "文件"],
    "notes": ["注", "备注"],
}


def pick_part(value: str) -> str:
    """A part of a case for `show --section`."""
    return pick(value, SHOW_PART_ALIASES, "section")


def pick_section(value: str) -> str:
    return pick(value, {k: [v] for k, v in vocab.SECTION_NAMES.items()} | {"title": ["标题", "名称"]}, "section")


UNIT_KIND_ALIASES: dict[str, list[str]] = {
    "money": ["金额", "元", "钱"],
    "area": ["面积", "亩"],
    "mass": ["重量", "吨"],
    "volume": ["体积", "立方米"],
    "length": ["长度", "米", "公里"],
    "people": ["人数", "人"],
    "households": ["户数", "户"],
    "visits": ["人次"],
    "percent": ["百分比", "%", "比例"],
    "count": ["个数", "数量"],
    "rate": ["比率", "单价"],
    "power": ["功率"],
    "temperature": ["温度"],
    "grade": ["等级", "等别"],
    "rank": ["排名", "名次", "位次"],
    "number": ["数"],
    "time": ["时间"],
}


@record(frozen=True)
class FigureRow:
    case: Case
    metric: Metric
    kind: str
    base_value: float
    base_unit: str

    def as_dict(self) -> dict[str, Any]:
        m = self.metric
        return {
            "id": self.case.id,
            "batch": self.case.batch,
            "slug": self.case.slug,
            "short_title": self.case.short_title,
            "label": m.label,
            "value": m.value,
            "value_max": m.value_max,
            "unit": m.unit,
            "qualifier": m.qualifier,
            "display": units.format_published(m.value, m.unit, m.value_max, m.qualifier),
            "normalized": self.base_value,
            "normalized_unit": self.base_unit,
            "normalized_display": units.format_base(self.base_value, self.kind, self.base_unit),
            "kind": self.kind,
            "year": m.year,
            "topic": m.topic,
            "section": m.section,
            "quote": m.quote,
            "restates": m.restates,
        }


# Topics whose figures are sums of money: there a bare 万/亿 (项目总投资额约13亿) is yuan.
MONEY_TOPICS = frozenset({"investment", "finance", "transaction", "output", "fiscal", "income"})


def figure_rows(
    cases: Sequence[Case], topic: str | None = None, kind: str | None = None, all_: bool = False
) -> list[FigureRow]:
    """Figures as rows with base values; restatements of an earlier figure only with all_."""
    t = pick_topic(topic) if topic else None
    k = pick(kind, UNIT_KIND_ALIASES, "unit kind") if kind else None
    rows = []
    for c in cases:
        for m in c.metrics:
            if (t and m.topic != t) or (m.restates and not all_):
                continue
            u = units.parse_unit(m.unit)
            ukind, base = u.kind, u.base
            if ukind == "number" and m.topic in MONEY_TOPICS:
                ukind, base = "money", units.BASE_UNIT["money"]
            if k and ukind != k:
                continue
            rows.append(FigureRow(c, m, ukind, units.to_base(m.value, m.unit), base))
    return rows


# --sort value: like is compared with like, in this order of kinds; other kinds follow in units.KINDS order.
VALUE_KIND_ORDER = ("money", "area", "mass", "volume", "count", "percent")


def _kind_rank(kind: str) -> int:
    order = (*VALUE_KIND_ORDER, *(k for k in units.KINDS if k not in VALUE_KIND_ORDER))
    return order.index(kind) if kind in order else len(order)


def sort_figures(rows: list[FigureRow], key: str | None, descending: bool = True) -> list[FigureRow]:
    if not key:
        return rows
    k = pick(
        key, {"value": ["数值", "normalized"], "year": ["年份"], "case": ["id", "案例"], "topic": ["主题"]}, "sort key"
    )
    if k == "value":
        # Compare only like with like: one group per unit kind in a fixed order (money first), base
        # values within it; rates also by their base unit (元/亩 apart from 吨/亩), counts across words.
        return sorted(
            rows,
            key=lambda r: (
                _kind_rank(r.kind),
                r.base_unit if r.kind == "rate" else "",
                -r.base_value if descending else r.base_value,
            ),
        )
    if k == "year":
        return sorted(rows, key=lambda r: r.metric.year or 0, reverse=descending)
    if k == "topic":
        return sorted(rows, key=lambda r: (list(vocab.TOPICS).index(r.metric.topic), r.case.id))
    return sorted(rows, key=lambda r: (r.case.batch, r.case.id))


# --- compare ----------------------------------------------------------------------


def compare(cases: Sequence[Case], topics: Sequence[str] | None = None, all_: bool = False) -> dict[str, Any]:
    """Rows aligned across cases: profile fields, headlines, then figures by topic
    (restatements of an earlier figure only with all_)."""
    distinct = {(c.batch, c.id) for c in cases}
    if len(distinct) < 2:
        raise GxecoError("compare needs at least two different cases, e.g. gxeco compare 7 8")
    chosen = [pick_topic(t) for t in topics] if topics else list(vocab.TOPICS)
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
        vals = [[_fig(m) for m in c.metrics if m.topic == t and (all_ or not m.restates)] for c in cases]
        if any(vals):
            row(f"figures.{t}", vals)
    return {"cases": [c.summary() for c in cases], "rows": rows}


def _fig(m: Metric) -> dict[str, Any]:
    return {
        "label": m.label,
        "display": units.format_published(m.value, m.unit, m.value_max, m.qualifier),
        "value": m.value,
        "unit": m.unit,
        "year": m.year,
        "restates": m.restates,
    }


def require(cases: list[Case], what: str = "no case matches these filters") -> list[Case]:
    if not cases:
        raise NotFound(what)
    return cases
