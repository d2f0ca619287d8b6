"""Units of the figures: parse a published unit, convert to a base, format back.

Every unit in the data must parse here; an unknown unit is a data error, so a
figure is never silently left out of a comparison.
"""

from __future__ import annotations

from .errors import GxecoError
from .vocab import MAGNITUDE_QUALIFIERS, PREFIX_QUALIFIERS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import dataclass as record
    from decimal import Decimal
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
}
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

    num, _, den = text.partition("/")
    return Decimal(num) / Decimal(den) if den else Decimal(num)


def _simple(text: str) -> tuple[str, Decimal, str] | None:
    if text in _BASE and text:
        kind, f = _BASE[text]
        return kind, _dec(f), BASE_UNIT[kind] if kind != "count" else text
    if text and text[0] in _PREFIX and text[1:] in _BASE:
        kind, f = _BASE[text[1:]]
        return kind, _dec(f) * _dec(_PREFIX[text[0]]), BASE_UNIT[kind] if kind != "count" else text[1:]
    return None


def parse_unit(text: str) -> Unit:
    """Parse a published unit such as 万元, 万亩, 万立方米/年 or 元/亩."""
    if "/" in text:
        num, *dens = text.split("/")
        a, bs = _simple(num), [_simple(d) for d in dens]
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
    raise GxecoError(f"unknown unit {text!r}")


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


def format_base(value: float, kind: str, base: str | None = None) -> str:
    """Format a base-unit value the way a Chinese reader expects: 1.2亿元, 3.5万亩."""
    from decimal import Decimal

    unit = base or BASE_UNIT.get(kind, "")
    d = Decimal(repr(value))
    if kind in _SCALABLE and "/" not in unit:
        if abs(d) >= 100_000_000:
            return f"{_num(d / 100_000_000)}亿{unit}"
        if abs(d) >= 10_000:
            return f"{_num(d / 10_000)}万{unit}"
    return f"{_num(d)}{unit}"


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
