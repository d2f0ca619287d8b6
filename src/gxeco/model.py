"""Typed, immutable model of the case data."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from dataclasses import dataclass as record
    from dataclasses import field
    from typing import Any
else:
    from .record import field, record


#: A figure's fields in reading order: the data file's canonical layout (scripts/tomlwriter.py)
#: and the columns of a case's figures in CSV (reports) both follow it.
METRIC_ORDER = (
    "label",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "qualifier_after",
    "as_published",
    "aggregate",
    "year",
    "topic",
    "section",
    "quote",
    "restates",
    "part_of",
    "variant_of",
    "bound",
    "target",
    "stock",
    "stock_of",
    "change_of",
)


@record(frozen=True)
class Part:
    """A run-in subheading the source sets in bold inside a practice or outcome (case 10's
    **维护梯田得奖金。**), as printed with the mark that ends it, and the text under it."""

    title: str
    text: str


# An item read as one text (search's passage, a reader's paragraph marks): its headline, this,
# its body; so the body starts at len(title) + len(ITEM_JOIN).
ITEM_JOIN = "。"


@record(frozen=True)
class Item:
    """A practice or an outcome: its 一是/二是 headline, the text under it up to the first
    run-in subheading (all of it when there is none), and the subheadings with their text."""

    title: str
    text: str
    parts: tuple[Part, ...] = ()

    @property
    def body(self) -> str:
        """Everything under the headline as one text, as printed: the lead, then each
        subheading followed by its text (what search reads and flat formats write)."""
        if not self.parts:
            return self.text
        return "".join([self.text, *(p.title + p.text for p in self.parts)])

    def as_dict(self) -> dict[str, Any]:
        """Keyed as in data/cases.toml: title, text (the lead) and parts, each {title, text}."""
        return {
            "title": self.title,
            "text": self.text,
            "parts": [{"title": p.title, "text": p.text} for p in self.parts],
        }


@record(frozen=True)
class Metric:
    label: str
    value: float
    unit: str
    topic: str
    section: str
    quote: str
    value_max: float | None = None
    qualifier: str | None = None
    year: int | None = None
    # 1-based position, within the case's metrics, of the figure this one states again
    restates: int | None = None
    # 共, 共计, 累计 … before the number in its clause: the text gives it as a total or running total
    aggregate: str | None = None
    # the number exactly as printed, a verbatim part of the quote: 21.70万亩, 26.22亿余元, 全区第一
    as_published: str | None = None
    # 1-based position of the figure this one is a part of (500吨 of 1278.78吨): never added to it
    part_of: int | None = None
    # 1-based position of a figure stating the same fact with another value (首次突破1000亿元 of
    # 1035.61亿元; two counts that disagree): the case's notes say which is which
    variant_of: int | None = None
    # the number is a class bound or threshold (3000亩以上连片基地49个: 3000亩), not an amount
    bound: bool = False
    # the second qualifier where the text gives two: 已达500多家 (qualifier 达, qualifier_after 多)
    qualifier_after: str | None = None
    # a target or plan (目标, 规划, 到2025年实现…), not something achieved
    target: bool = False
    # a level at a date (余额, 储量, 保有量, a place's area, an area planted at a date), not an amount
    # over a period: a sum adds it to other levels only, never to flows
    stock: bool = False
    # 1-based position of the same stock (a level at a date: 耕地保有量, 覆盖率, 林地面积) at another
    # date, or of the level a target sets for it: the two are never added
    stock_of: int | None = None
    # 1-based position of the stock this figure is the change of between two dates (增加5.53万亩)
    change_of: int | None = None

    @property
    def additive(self) -> bool:
        """Whether a sum over a case may add this figure to others of its unit: not a part of
        another figure, not a restatement or variant, not a class bound, not a target, not a
        stock at another date or the change of a stock."""
        return (
            self.part_of is None
            and self.restates is None
            and self.variant_of is None
            and not self.bound
            and not self.target
            and self.stock_of is None
            and self.change_of is None
        )


@record(frozen=True)
class Pinyin:
    """Precomputed toneless pinyin of the names people use: (name, full, initials)."""

    names: tuple[tuple[str, str, str], ...] = ()

    @property
    def full(self) -> tuple[str, ...]:
        return tuple(f for _, f, _ in self.names)

    @property
    def initials(self) -> tuple[str, ...]:
        return tuple(i for _, _, i in self.names if len(i) >= 2)


# A Case's fields built on first use: name -> a function that builds the value
LATER = "_later"


@record(frozen=True)
class Case:
    id: int
    number: str
    slug: str
    title: str
    short_title: str
    page: int
    category: str
    modes: tuple[str, ...]
    resources: tuple[str, ...]
    tags: tuple[str, ...]
    models: tuple[str, ...]
    background: str
    mechanism: str
    practices: tuple[Item, ...]
    outcomes: tuple[Item, ...]
    metrics: tuple[Metric, ...]
    policies: tuple[str, ...]
    notes: tuple[str, ...]
    batch: int = 3
    toc_title: str | None = None
    scope: str | None = None
    city: str | None = None
    county: str | None = None
    town: str | None = None
    village: str | None = None
    adcode: int | None = None
    pinyin: Pinyin = field(default_factory=Pinyin)

    if not TYPE_CHECKING:  # to mypy every field is there; at run time one may come later

        def __getattr__(self, name: str) -> Any:
            """A field the loader left to build on first use (``LATER``: the figures, which most
            commands never print, from the cache), built now and kept."""
            later = self.__dict__.get(LATER)
            if later is None or name not in later:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            value = later.pop(name)()
            self.__dict__[name] = value
            if not later:
                del self.__dict__[LATER]
            return value

    @property
    def place(self) -> str:
        """The most specific place name chain, e.g. 桂林市龙胜各族自治县."""
        parts = [p for p in (self.city, self.county, self.town, self.village) if p]
        return "".join(parts) if parts else (self.scope or "")

    @property
    def ref(self) -> str:
        """A reference that resolves to this case even when several batches are loaded."""
        return f"{self.batch}:{self.id}"

    def summary(self) -> dict[str, Any]:
        """The stable summary keys every command's JSON shares."""
        return {
            "id": self.id,
            "batch": self.batch,
            "number": self.number,
            "slug": self.slug,
            "title": self.title,
            "short_title": self.short_title,
            "scope": self.scope,
            "city": self.city,
            # never empty: the city, else the scope (全区), so that grouping by place counts every case
            "region": self.city or self.scope or "全区",
            "county": self.county,
            "town": self.town,
            "village": self.village,
            "adcode": self.adcode,
            "category": self.category,
            "modes": list(self.modes),
            "resources": list(self.resources),
            "tags": list(self.tags),
            "models": list(self.models),
            "page": self.page,
        }

    def full(self) -> dict[str, Any]:
        """Summary plus every text field, keyed as in data/cases.toml."""
        d = self.summary()
        d["toc_title"] = self.toc_title
        d["background"] = self.background
        d["mechanism"] = self.mechanism
        d["practices"] = [i.as_dict() for i in self.practices]
        d["outcomes"] = [i.as_dict() for i in self.outcomes]
        d["metrics"] = [metric_dict(m) for m in self.metrics]
        d["policies"] = list(self.policies)
        d["notes"] = list(self.notes)
        return d

    def as_dict(self) -> dict[str, Any]:
        """The plain form of the whole case (``full``), as every record of the API has one."""
        return self.full()


def ident(c: Case, multi: bool) -> str:
    """How a case's id is written, in every command, message and view: 10, or 3:10 whenever
    several batches are loaded. With one batch loaded (whichever it is) the plain id is
    enough, and it is what the user types."""
    return c.ref if multi else str(c.id)


def several_batches(cases: Sequence[Case], multi: bool | None = None) -> bool:
    """Whether ids print batch-qualified (``ident``): as ``multi`` says, else whether ``cases``
    come from more than one batch."""
    return len({c.batch for c in cases}) > 1 if multi is None else multi


def metric_dict(m: Metric) -> dict[str, Any]:
    d: dict[str, Any] = {"label": m.label, "value": m.value}
    if m.value_max is not None:
        d["value_max"] = m.value_max
    d["unit"] = m.unit
    if m.qualifier is not None:
        d["qualifier"] = m.qualifier
    if m.qualifier_after is not None:
        d["qualifier_after"] = m.qualifier_after
    if m.year is not None:
        d["year"] = m.year
    d["topic"] = m.topic
    d["section"] = m.section
    d["quote"] = m.quote
    if m.restates is not None:
        d["restates"] = m.restates
    if m.as_published is not None:
        d["as_published"] = m.as_published
    if m.aggregate is not None:
        d["aggregate"] = m.aggregate
    for key in ("part_of", "variant_of"):
        if getattr(m, key) is not None:
            d[key] = getattr(m, key)
    if m.bound:
        d["bound"] = True
    if m.target:
        d["target"] = True
    if m.stock:
        d["stock"] = True
    for key in ("stock_of", "change_of"):
        if getattr(m, key) is not None:
            d[key] = getattr(m, key)
    return d


@record(frozen=True)
class Meta:
    title: str
    publisher: str
    published: str
    batch: int
    source: str
    overview: str
    category_note: str


@record(frozen=True)
class Dataset:
    """Everything loaded: one or more batches, cases in batch then id order."""

    metas: tuple[Meta, ...]
    cases: tuple[Case, ...]
    paths: tuple[str, ...] = ()

    @property
    def meta(self) -> Meta:
        return self.metas[0]

    @property
    def multi(self) -> bool:
        """Several batches are loaded: ids are then written BATCH:ID (model.ident)."""
        return len(self.metas) > 1
