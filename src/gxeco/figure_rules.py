"""What a case's figures must satisfy, each against its quote and the source, and taken
together: links that point at a figure of the same kind, parts no larger than their total, a
rate word only before a rate, two stocks and their change never all summed, values every
export can hold. The schema (schema.py) calls these for ``validate`` and the loader."""

from __future__ import annotations

import re

from . import units
from .i18n import _
from .model import Metric

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

# a figure's value: an integer exact as a float (2**53) and its base value a finite float, which
# SQLite (REAL, INTEGER) and Decimal hold
MAX_EXACT = 2**53


def _comparable(a: Metric, b: Metric) -> bool:
    ua, ub = units.parse_unit(a.unit), units.parse_unit(b.unit)
    return (ua.kind, ua.base) == (ub.kind, ub.base)


def links(metrics: list[Metric], j: int, m: Metric) -> Iterable[tuple[str, str]]:
    """Problems of figure j's links to other figures of its case: (message, key)."""
    if m.restates is None and m.part_of is None and m.variant_of is None and m.stock_of is None and m.change_of is None:
        return  # most figures link to none
    n = len(metrics)
    if m.restates is not None:
        if m.restates > j:
            yield _("must be the position (1 to {last}) of an earlier figure of this case").format(last=j), "restates"
            return
        first = metrics[m.restates - 1]
        # the same value in the same unit; a count may change its measure word (767个地块, 767块)
        counts = units.parse_unit(first.unit).kind == units.parse_unit(m.unit).kind == "count"
        if first.value != m.value or (first.unit != m.unit and not counts):
            message = _("restates figure {n} ({value} {unit}), not the same value and unit")
            yield message.format(n=m.restates, value=first.value, unit=first.unit), "restates"
    for key in ("part_of", "variant_of", "stock_of", "change_of"):
        to = getattr(m, key)
        if to is None:
            continue
        if to > n or to == j + 1:
            yield _("must be the position (1 to {last}) of another figure of this case").format(last=n), key
            continue
        other = metrics[to - 1]
        # a count may change its measure word between two dates (767个地块, then 632块)
        counts = key == "stock_of" and units.parse_unit(m.unit).kind == units.parse_unit(other.unit).kind == "count"
        if not counts and not _comparable(m, other):
            message = _("figure {n} is in {unit}, which cannot be compared with {own}")
            yield message.format(n=to, unit=other.unit, own=m.unit), key
        elif key == "part_of" and units.to_base(m.value, m.unit) > units.to_base(other.value, other.unit):
            message = _("is larger than figure {n} ({value} {unit}), its total")
            yield message.format(n=to, value=other.value, unit=other.unit), key
    seen, k = {j}, m.part_of
    while k is not None and 0 < k <= n:  # a part of a part of … never comes back round
        if k - 1 in seen:
            yield _("parts and totals form a loop"), "part_of"
            break
        seen.add(k - 1)
        k = metrics[k - 1].part_of


# Words that make the number after them in its clause an amount per something (a rate): 人均收入,
# 户均增收, 每年, 年均, 年产 (a yearly capacity), 年增收 … 年产值 and 年产量 are one year's output (an
# amount of that year); 活动日接待 is the count of one day, so 日 alone is no rate word here.
RATE_WORDS = re.compile("人均|户均|村均|亩均|每户|每人|每村|每亩|每年|年均|每月|年产(?![值量])|年增收")
_CLAUSE_END = "，。；：！？、"


def _rate_word(m: Metric) -> str | None:
    """A rate word before the number in its clause, in the quote of a figure that is no rate."""
    if RATE_WORDS.search(m.quote) is None:  # none anywhere in the quote: none in the clause
        return None
    shown = m.as_published or ""
    at = m.quote.find(shown.split("…")[-1]) if shown else -1  # 约…28万元: the number after the qualifier
    if at < 0:
        return None
    head = m.quote[:at]
    cut = max(head.rfind(ch) for ch in _CLAUSE_END)
    clause = head[cut + 1 :]
    found = RATE_WORDS.search(clause)
    return found.group() if found else None


def sum_problems(metrics: list[Metric]) -> Iterable[tuple[int, str, str]]:
    """Problems a sum would trip over: (figure index, message, key). Parts that add up to more
    than their total; a rate word before a figure that is not a rate; a figure equal to the
    difference of two others of its unit that are all summed (two stocks and their change)."""
    from decimal import Decimal

    kinds = [units.parse_unit(m.unit) for m in metrics]
    base = [Decimal(repr(m.value)) * u.factor for m, u in zip(metrics, kinds, strict=True)]
    parts: dict[int, list[int]] = {}
    for j, m in enumerate(metrics):
        if m.part_of is not None and m.restates is None and m.variant_of is None and not m.bound:
            parts.setdefault(m.part_of - 1, []).append(j)
    for t, js in parts.items():
        # parts listed together (consecutive figures: 其中…、…、…) are disjoint and must fit their total;
        # parts stated apart may overlap (高标准农田 and 甘蔗种植面积 are both farmland)
        runs: list[list[int]] = []
        for j in js:
            if runs and runs[-1][-1] == j - 1:
                runs[-1].append(j)
            else:
                runs.append([j])
        for run in runs:
            if len(run) > 1 and sum(base[j] for j in run) > base[t] and metrics[t].qualifier not in _LOWER_BOUNDS:
                message = _("its parts (figures {parts}) add up to more than figure {n}, their total")
                yield run[-1], message.format(parts=", ".join(str(j + 1) for j in run), n=t + 1), "part_of"
    for j, (m, u) in enumerate(zip(metrics, kinds, strict=True)):
        if u.kind in ("rate", "percent", "rank", "grade") or m.bound or m.target:
            continue
        word = _rate_word(m)
        if word:
            yield (
                j,
                _("{word} before the number makes it a rate: give the unit its denominator").format(word=word),
                "unit",
            )
    summed = [
        j
        for j, (m, u) in enumerate(zip(metrics, kinds, strict=True))
        if m.additive and u.kind not in ("rate", "percent", "rank", "grade", "time", "temperature", "count")
    ]
    at = {(kinds[j].base, base[j]): j for j in summed}
    alike: dict[str, list[int]] = {}  # only figures of one base unit can be two stocks and their change
    for j in summed:
        alike.setdefault(kinds[j].base, []).append(j)
    for a in summed:
        unit = kinds[a].base
        for b in alike[unit]:
            c = at.get((unit, base[a] - base[b]))
            if c is not None and len({a, b, c}) == 3 and any(w in metrics[c].quote for w in _CHANGE_WORDS):
                message = _("equals figure {a} less figure {b}: two stocks and their change are never all summed")
                yield c, message.format(a=a + 1, b=b + 1), "change_of"


# words that say a figure is a change between two dates or against a level (增加5.53万亩, 比…多5.73万亩)
_CHANGE_WORDS = ("增加", "增长", "减少", "下降", "提高", "提升", "比", "较", "多出")

# qualifiers that make a total a lower bound, whose parts may add up to more (超过, 以上 …)
_LOWER_BOUNDS = frozenset({"超过", "超", "逾", "以上", "多", "余", "突破", "不少于", "不低于"})


def representable(value: float | None, unit: str | None) -> str | None:
    """A value that figures, sums and every export can hold: finite, an integer exact as a float,
    and its value in the base unit (1.7e308 亿元 is 1.7e316 元) finite too."""
    import math

    if value is None:
        return None
    if isinstance(value, int):
        if abs(value) > MAX_EXACT:
            return _("{value} is too large (at most {max})").format(value=value, max=MAX_EXACT)
        return None
    if not math.isfinite(value):
        return _("must be a finite number, not {value}").format(value=value)
    if unit is not None and not _surely_finite(value, unit) and not math.isfinite(units.to_base(value, unit)):
        return _("{value} {unit} is too large to convert to the base unit").format(value=value, unit=unit)
    return None


_FACTORS: dict[str, float] = {}


def _surely_finite(value: float, unit: str) -> bool:
    """Whether value in unit is far enough below the float's limit (1.8e308) that its base value
    needs no exact conversion to tell: nearly every figure, at the cost of one multiplication."""
    factor = _FACTORS.get(unit)
    if factor is None:
        factor = _FACTORS[unit] = float(units.parse_unit(unit).factor)  # inf for a factor past the limit
    return abs(value) * factor < 1e300


def quote_passes(m: dict[str, Any], case_src: str | None, provenance: Any) -> bool:
    """Whether ``quote_problems`` finds nothing, for a table the spec has passed (every key present
    of its kind, the unit known), without building its messages. False leaves the figure to
    ``quote_problems``, which words what is wrong (a value whose base value is not surely finite
    is left to it too)."""
    value, high = m["value"], m.get("value_max")
    for x in (value, high):
        if x is None:
            continue
        if type(x) is int:
            if abs(x) > MAX_EXACT:
                return False
        elif not _surely_finite(x, m["unit"]):  # NaN and infinities fail the comparison too
            return False
    return bool(provenance.quote_passes(m["quote"], value, high, m.get("as_published"), case_src))


def quote_problems(v: dict[str, Any], case_src: str | None, provenance: Any) -> Iterable[tuple[str, str]]:
    """(problem, key) of a figure: a value no export can hold, then against its quote and the
    source; a value found wrong is not compared."""
    if v["quote"] is None:
        return
    unit = v["unit"] if v["unit"] is not None and units.known(v["unit"]) else None
    wrong = set()
    for key in ("value", "value_max"):
        problem = representable(v[key], unit)
        if problem is not None:
            wrong.add(key)
            yield problem, key
    quote = v["quote"]
    flat = provenance.squash(quote)  # once for the three checks against it
    for key in ("value", "value_max"):
        if v[key] is not None and key not in wrong and not provenance.value_in_quote(v[key], quote, flat=flat):
            yield _("{key} {value} does not appear in its quote").format(key=key, value=v[key]), key
    if case_src is not None and not provenance.quote_in_source(quote, case_src, flat=flat):
        yield _("quote not found in the source text of this case"), "quote"
    if v["as_published"] is not None and v["value"] is not None and "value" not in wrong:
        problem = provenance.published_problem(v["as_published"], quote, v["value"], v["value_max"], flat=flat)
        if problem:
            yield problem, "as_published"
