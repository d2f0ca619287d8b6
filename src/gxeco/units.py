"""Units of the figures: parse a published unit, convert to a base, format back.

Every unit in the data must parse here; an unknown unit is a data error, so a
figure is never silently left out of a comparison.
"""

from __future__ import annotations

from .errors import GxecoError
from .i18n import _
from .vocab import MAGNITUDE_QUALIFIERS, PREFIX_QUALIFIERS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import dataclass as record
    from decimal import Decimal

    from .model import Metric
else:
    from .record import record


# kind, factor to the kind's base unit (as text: decimal is imported only to convert, see _dec)
_BASE: dict[str, tuple[str, str]] = {
    "元": ("money", "1"),
    "亩": ("area", "1"),
    "公顷": ("area", "15"),
    "平方公里": ("area", "1500"),
    "平方千米": ("area", "1500"),
    "平方米": ("area", "0.0015"),
    "m²": ("area", "0.0015"),
    "吨": ("mass", "1"),
    "斤": ("mass", "0.0005"),
    "公斤": ("mass", "0.001"),
    "千克": ("mass", "0.001"),
    "立方米": ("volume", "1"),
    "m³": ("volume", "1"),
    "米": ("length", "1"),
    "公里": ("length", "1000"),
    "千米": ("length", "1000"),
    "人": ("people", "1"),
    # 名 is a place in a ranking (全区第一 → 1 名); people are counted in 人.
    "名": ("rank", "1"),
    "户": ("households", "1"),
    "人次": ("visits", "1"),
    "%": ("percent", "1"),
    "MW": ("power", "1"),
    "摄氏度": ("temperature", "1"),
    "等": ("grade", "1"),
    "年": ("time", "1"),
    "月": ("time", "1/12"),
    "天": ("time", "1/365"),
    "日": ("time", "1/365"),
}
# Words that only ever follow a slash: the denominator of a rate (万元/村: per village). Not
# figure units of their own, so the provenance scanner does not look for them after a number.
_DENOMINATORS: dict[str, tuple[str, str]] = {"村": ("count", "1")}
_COUNT_WORDS = (
    "个",
    "宗",
    "套",
    "座",
    "家",
    "块",
    "条",
    "处",
    "种",
    "栋",
    "类",
    "大类",
    "项",
    "头",
    "只",
    "本",
    "辆",
    "场",
    "份",
    "位",
    "层",
    "所",
    "批",
    "株",
    "棵",
    "台",
    "间",
    "片",
    "次",
    "张",
    "倍",
    "册",
    # 两大陈皮种植带, 八大…国际案例: a count of what follows (the 二十大 of a party congress is excluded)
    "大",
    # rounds, levels and administrative areas: 两轮优化整合, 三级循环水池, 五城区十二县
    "轮",
    "级",
    "城区",
    "县",
)
# A bare multiplier, as published where the text leaves the unit out (20万).
_BASE[""] = ("number", "1")
for _w in _COUNT_WORDS:
    _BASE[_w] = ("count", "1")

_PREFIX = {"万": "10000", "亿": "100000000", "千": "1000", "百": "100"}

# Base units the provenance scanner looks for after a number (years and dates are not figures).
FIGURE_UNITS: tuple[str, ...] = tuple(u for u, (kind, _) in _BASE.items() if kind not in ("time", "number"))

BASE_UNIT = {
    "money": "元",
    "area": "亩",
    "mass": "吨",
    "volume": "立方米",
    "length": "米",
    "people": "人",
    "households": "户",
    "visits": "人次",
    "percent": "%",
    "power": "MW",
    "temperature": "摄氏度",
    "grade": "等",
    "rank": "名",
    "time": "年",
    "count": "个",
    "number": "",
}
KINDS: tuple[str, ...] = (*tuple(BASE_UNIT), "rate")


@record(frozen=True)
class Unit:
    """A parsed unit: its kind, the factor to the base unit, and that base."""

    text: str
    kind: str
    factor: Decimal
    base: str


def _dec(text: str) -> Decimal:
    """A factor of the tables above as a Decimal. decimal costs ~2 ms to import: only
    parsing and converting units need it, and a command that only shows figures does not."""
    from decimal import Decimal

    num, _slash, den = text.partition("/")
    return Decimal(num) / Decimal(den) if den else Decimal(num)


def _simple(text: str, table: dict[str, tuple[str, str]] = _BASE) -> tuple[str, Decimal, str] | None:
    if text in table and text:
        kind, f = table[text]
        return kind, _dec(f), BASE_UNIT[kind] if kind != "count" else text
    if text and text[0] in _PREFIX and text[1:] in table:
        kind, f = table[text[1:]]
        return kind, _dec(f) * _dec(_PREFIX[text[0]]), BASE_UNIT[kind] if kind != "count" else text[1:]
    return None


def _denominator(text: str) -> tuple[str, Decimal, str] | None:
    """A rate's denominator. A period keeps its own word: 每月9.8万元 is 元/月, never turned into
    a yearly amount (that would assert twelve equal months the source does not state)."""
    if text in _BASE and _BASE[text][0] == "time":
        from decimal import Decimal

        return "time", Decimal(1), text
    return _simple(text) or _simple(text, _DENOMINATORS)


# What a rate is per, by its first denominator's kind: `--unit 人均` selects per-person rates.
RATE_FAMILY = {
    "people": "per_person",
    "households": "per_household",
    "area": "per_area",
    "time": "per_period",
    "村": "per_village",
}


def rate_family(unit: str) -> str | None:
    """per_person, per_household, per_village, per_area or per_period for a rate (元/人, 万元/户,
    万元/村, 元/亩, 吨/日); None for a unit that is not a rate or is per something else."""
    if "/" not in unit:
        return None
    den = unit.split("/")[1]
    d = _denominator(den)
    if d is None:
        return None
    return RATE_FAMILY.get(d[2] if d[0] == "count" else d[0])


# Units parsed so far this run: a file spells a few dozen units thousands of times, and a cold load
# reads each figure's several times (its range check, its links, its sum rules). Only units that
# parse are kept, so the table is no larger than the units a file validly spells.
_PARSED: dict[str, Unit] = {}


def parse_unit(text: str) -> Unit:
    """Parse a published unit such as 万元, 万亩, 万立方米/年, 元/亩, 元/人 or 万元/户.

    Anything per something (per 亩, per person, per household, per village, per year or
    month or day) is kind `rate`, with its denominator in its base unit (元/人, 吨/日), so
    no sort or sum puts a rate beside a total."""
    got = _PARSED.get(text)
    if got is None:
        got = _PARSED[text] = _parse_unit(text)
    return got


def _parse_unit(text: str) -> Unit:
    if "/" in text:
        num, *dens = text.split("/")
        a, bs = _simple(num), [_denominator(d) for d in dens]
        if a and all(bs):
            factor, base = a[1], a[2]
            for b in bs:
                assert b is not None
                factor, base = factor / b[1], f"{base}/{b[2]}"
            return Unit(text, "rate", factor, base)
    else:
        s = _simple(text)
        if s:
            return Unit(text, s[0], s[1], s[2])
    from .text import quoted

    raise GxecoError(_("unknown unit {unit}").format(unit=quoted(text)))


_KNOWN: dict[str, bool] = {}


def known(text: str) -> bool:
    """Whether parse_unit reads text; remembered, since a file spells a few dozen units
    thousands of times (a cold load checks every figure's)."""
    got = _KNOWN.get(text)
    if got is None:
        try:
            parse_unit(text)
            got = True
        except GxecoError:
            got = False
        _KNOWN[text] = got
    return got


def to_base(value: float, unit: str) -> float:
    """The value in its kind's base unit (元, 亩, 吨, 立方米, 米, 人 …)."""
    from decimal import Decimal

    u = parse_unit(unit)
    return float(Decimal(repr(value)) * u.factor)


def _num(d: Decimal, places: int = 2) -> str:
    q = round(d, places)
    s = f"{q:f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def number_text(value: float) -> str:
    """A number as published: 94.6 not 94.60000001, 1000 not 1000.0.

    What the data holds (at most four decimals, no exponent) is read off repr as it is:
    rounding to four places would change nothing, and decimal need not be imported."""
    s = repr(value)
    whole, dot, frac = s.partition(".")
    if len(frac) <= 4 and whole.lstrip("-").isdigit() and (not dot or frac.isdigit()):
        return f"{whole}.{frac}".rstrip("0").rstrip(".") if frac else whole
    from decimal import Decimal

    return _num(Decimal(s), 4)


# units that read better scaled by 万/亿 when large
_SCALABLE = {"money", "area", "mass", "volume", "people", "households", "visits", "number"}
_SCALABLE_BASES = {"元", "亩", "吨", "立方米", "人", "户", "人次", ""}


def _exact(d: Decimal) -> str:
    """A Decimal with every digit it has, no exponent: 7.368380 → 7.36838."""
    s = f"{d:f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


exact_text = _exact


def format_base(value: float, kind: str, base: str | None = None) -> str:
    """Format a base-unit value the way a Chinese reader expects: 1.2亿元, 3.5万亩.

    Exact: 73683.8万元 is 7.36838亿元, never 7.37亿元 (rounding would hide published digits);
    only the float noise of the conversion (beyond eight decimals) is dropped."""
    from decimal import Decimal

    unit = base or BASE_UNIT.get(kind, "")
    d = round(Decimal(repr(value)), 8)
    # a rate scales its numerator: 1130000元/年 reads 113万元/年
    head = unit.split("/")[0]
    scalable = (kind in _SCALABLE and "/" not in unit) or (kind == "rate" and head in _SCALABLE_BASES)
    if scalable:
        if abs(d) >= 100_000_000:
            return f"{_exact(d / 100_000_000)}亿{unit}"
        if abs(d) >= 10_000:
            return f"{_exact(d / 10_000)}万{unit}"
    return f"{_exact(d)}{unit}"


# Qualifiers written before the number (约2000万元, 可达1.92万元, 不少于300元); the others
# follow it (13.2万户以上) or sit inside it (1万多亩, 30余万条).
_PREFIX_QUALIFIERS = frozenset(PREFIX_QUALIFIERS)


def format_published(value: float, unit: str, value_max: float | None = None, qualifier: str | None = None) -> str:
    """Value and unit as a reader would write them: 约2000万元, 30%—50%, 1万多亩, 400多户, 上千亩, 第1名."""
    v = number_text(value)
    if qualifier in MAGNITUDE_QUALIFIERS and value == MAGNITUDE_QUALIFIERS[qualifier]:
        return f"{qualifier}{unit}"
    if unit == BASE_UNIT["rank"]:
        core = f"第{v}—{number_text(value_max)}名" if value_max is not None else f"第{v}名"
    elif value_max is not None:
        hi = number_text(value_max)
        core = f"{v}{unit}—{hi}{unit}" if unit == "%" else f"{v}—{hi}{unit}"
    elif qualifier in ("多", "余"):
        if unit[:1] in _PREFIX and len(unit) > 1 and abs(value) < 10:
            core = f"{v}{unit[0]}{qualifier}{unit[1:]}"
        else:
            core = f"{v}{qualifier}{unit}"
        return core
    else:
        core = f"{v}{unit}"
    if qualifier in _PREFIX_QUALIFIERS:
        return f"{qualifier}{core}"
    if qualifier:
        return f"{core}{qualifier}"
    return core


def published(m: Metric) -> str:
    """The figure as the source prints it: its as_published text, or, in a file without it,
    the value written back from its parts (约2000万元, 30%—50%)."""
    if m.as_published is not None:
        return m.as_published
    return format_published(m.value, m.unit, m.value_max, m.qualifier)
