"""Provenance: the source text of each case, and checks of data against it.

A figure is trusted only if its quote stands verbatim in the source text of
its case and its value stands in its quote; a scanner finds every
number-with-unit in the source so that none is silently left out.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from . import numerals, units
from .i18n import _
from .text import clean_markup, quoted, squash

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import dataclass as record
else:
    from .record import record


_CASE_HEAD = re.compile(rf"^#+\s*([{numerals.ORDINALS}]+)、(.+?)\s*$", re.M)


_FOOTNOTE_DEF = re.compile(r"^<sup>\d+</sup>.*$|^-{3,}\s*$", re.M)
_HEADING_MARK = re.compile(r"^#+\s*", re.M)


def split_cases(source: str) -> dict[str, str]:
    """Map each case numeral (一 … 十五) to its body text.

    Footnote definitions and rules (which the PDF drops mid-sentence) and
    heading marks are removed, so a quote may run across a page break.
    """
    heads = list(_CASE_HEAD.finditer(source))
    out: dict[str, str] = {}
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(source)
        body = _FOOTNOTE_DEF.sub("", source[m.end() : end])
        out[m.group(1)] = _HEADING_MARK.sub("", body)
    return out


# --- figures -----------------------------------------------------------------

_UNIT_ALT = "|".join(re.escape(u) for u in sorted(units.FIGURE_UNITS, key=len, reverse=True))
_FIGURE = (
    r"(?<![\d.A-Za-z])(\d+(?:\.\d+)?)"
    r"(?:\s*[—\-~～至]\s*(\d+(?:\.\d+)?))?"
    r"\s*(万|亿)?\s*(余|多)?\s*(万|亿)?\s*"
    rf"({_UNIT_ALT})"
)
# The two patterns over every unit are kept as strings and compiled by re's own cache on first use
# (each is costly to compile): loading a file needs the one of Chinese numerals only for a figure
# written in them, and the scanner of figures in digits only ``gxeco validate``'s completeness check.


@record(frozen=True)
class Figure:
    """A number with a unit as it stands in the source."""

    text: str
    value: Decimal
    value_max: Decimal | None
    unit: str


def number(s: str) -> Decimal:
    try:
        return Decimal(s).normalize()
    except InvalidOperation as exc:  # pragma: no cover - regex guarantees digits
        raise ValueError(s) from exc


def _plain(s: str) -> str | None:
    """A number written in ASCII digits (2023, 21.70, 0.5) in one form for each value (2023, 21.7,
    .5), so that two such numbers are equal exactly when their forms are; None for anything else
    (an exponent, a sign, digits of another script), which only Decimal compares."""
    if not s.isascii() or not s.replace(".", "", 1).isdigit():
        return None
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s.lstrip("0")


def _plain_value(v: float | int) -> str | None:
    return _plain(repr(v) if isinstance(v, float) else str(v))


def scan_figures(text: str) -> list[Figure]:
    """Every number-with-unit in text (markup removed, white space dropped)."""
    flat = squash(text)
    out = []
    for m in re.finditer(_FIGURE, flat):
        mult = (m.group(3) or "") + (m.group(5) or "")
        hi = m.group(2)
        out.append(
            Figure(
                text=m.group(0),
                value=number(m.group(1)),
                value_max=number(hi) if hi else None,
                unit=mult + m.group(6),
            )
        )
    return out


def value_in_quote(value: float | int, quote: str, *, flat: str | None = None) -> bool:
    """True when the published number of value appears in quote (94.6 matches 94.60),
    in Arabic digits or as a figure in Chinese numerals (十八座, 上千亩, 全区第一; not the 一 of 一批).
    flat: squash(quote), when the caller has it already."""
    if flat is None:
        flat = squash(quote)
    # a float comparison first (the numbers of a quote are few and short), confirmed in
    # decimal: Decimal for every number of every quote was most of this check's cost
    digits = _FRACTION.sub("", flat) if "/" in flat else flat
    target = None
    plain = _plain_value(value)
    for n in _DIGITS.findall(digits):
        if float(n) == value:
            if plain is not None and _plain(n) == plain:  # equal without Decimal
                return True
            if target is None:
                target = number(repr(value) if isinstance(value, float) else str(value))
            if number(n) == target:
                return True
    if target is None:
        target = number(repr(value) if isinstance(value, float) else str(value))
    return target in _numbers_in_flat(flat)  # Chinese numerals, fractions as percentages


_FRACTION = re.compile(r"(?<![\d.])(\d+)/(\d+)(?![\d.])")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str) -> set[Decimal]:
    """Every number text states: in digits (94.60 as 94.6), in Chinese numerals (十八座, 上千亩,
    全区第一), and a fraction as the percentage it is (1/6 → 16.6667, to four places)."""
    return _numbers_in_flat(squash(text))


# Characters one of which every number but one in digits needs: a fraction's slash or 分之, a numeral
# other than a bare round 万 or 亿 (which counts nothing: 万亩茶园), 上/近/数 before one (上千亩, 数万),
# a ranking's 第. A text with none of them states only its numbers in digits.
_NUMERAL_HINTS = frozenset("/零一二两三四五六七八九十百千上近数第分")


def _numbers_in_flat(flat: str) -> set[Decimal]:
    if _NUMERAL_HINTS.isdisjoint(flat):
        return {number(n) for n in _DIGITS.findall(flat)}
    return _numbers_in_full(flat)


def _numbers_in_full(flat: str) -> set[Decimal]:
    out = {number(str(round(Decimal(a) * 100 / Decimal(b), 4))) for a, b in _FRACTION.findall(flat) if int(b)}
    flat = _FRACTION.sub("", flat)
    for den, num in _CN_FRACTION.findall(flat):  # 八分之一 → 12.5
        out.add(number(str(round(Decimal(numerals.value(num)) * 100 / Decimal(numerals.value(den)), 4))))
    flat = _CN_FRACTION.sub("", flat)
    out |= {number(n) for n in _DIGITS.findall(flat)}
    out |= {v for _, _, _, v in _numeral_spans(flat)}
    out |= {Decimal(numerals.value(n)) for n in _CN_PERIOD.findall(flat)}
    return out


# a fraction in words (约占全国大理石资源总量的八分之一), read as the percentage it is
_CN_FRACTION = re.compile(r"([一二三四五六七八九十百]+)分之([一二三四五六七八九十]+)")
# a period in words (运营一年多后): a figure of unit 年, though not one the scanner looks for
_CN_PERIOD = re.compile(r"(?<![\d.第])([一二两三四五六七八九十]+)(?=个?(?:年|月)(?:多|余))")


def published_problem(
    text: str, quote: str, value: float, value_max: float | None, *, flat: str | None = None
) -> str | None:
    """Why a figure's as_published text is wrong, or None: it must stand verbatim in the quote
    and state the value (and upper end), and no other number. flat: squash(quote), when the
    caller has it already."""
    # a qualifier the text sets apart from the number (分别约为17.91亿元、9.47亿元) leads it: 约…9.47亿元
    if flat is None:
        flat = squash(quote)
    shown = squash(text)
    if not _pieces_in(shown, flat):
        return _("{text} is not part of its quote").format(text=quoted(text))
    if _NUMERAL_HINTS.isdisjoint(shown):  # digits alone: compared as written, without Decimal
        wanted = {_plain_value(v) for v in (value, value_max) if v is not None}
        if None not in wanted and {_plain(n) for n in _DIGITS.findall(shown)} == wanted:
            return None  # the value (and upper end) and no other number; anything else is worded below
    found = _numbers_in_flat(shown)
    want = {number(repr(v) if isinstance(v, float) else str(v)) for v in (value, value_max) if v is not None}
    if not want <= found:
        missing = ", ".join(f"{w}" for w in sorted(want - found))
        return _("{text} does not state the value {missing}").format(text=quoted(text), missing=missing)
    extra = found - want
    if extra:
        others = ", ".join(str(e) for e in sorted(extra))
        return _("{text} states other numbers than the value: {others}").format(text=quoted(text), others=others)
    return None


def quote_passes(
    quote: str, value: float, value_max: float | None, published: str | None, case_source: str | None
) -> bool:
    """Whether value_in_quote (of the value and its upper end), quote_in_source and
    published_problem all find the figure right, in one pass: the quote squashed once, and numbers
    in ASCII digits compared as written, each check falling back to its own exact reading only
    where that short cut does not settle it (a figure in Chinese numerals, a fraction)."""
    flat = squash(quote)
    if case_source is not None:
        source = _SQUASHED.get(case_source)
        if source is None:
            source = _SQUASHED[case_source] = squash(case_source)
        if flat not in source:
            return False
    digits = _DIGITS.findall(_FRACTION.sub("", flat) if "/" in flat else flat)
    wanted: set[str | None] = set()  # each value as written plainly (None: found otherwise)
    written: set[str] = set()  # … and as the quote writes it
    for x in (value, value_max):
        if x is None:
            continue
        as_text = repr(x) if isinstance(x, float) else str(x)
        plain = _plain(as_text)
        if plain is not None:
            for n in digits:
                if float(n) == x and (n == as_text or _plain(n) == plain):
                    written.add(n)
                    break
            else:
                plain = None
        if plain is None and not value_in_quote(x, quote, flat=flat):
            return False
        wanted.add(plain)
    if published is None:
        return True
    shown = squash(published)
    if None not in wanted and _NUMERAL_HINTS.isdisjoint(shown) and ("…" in shown or shown in flat):
        numbers = set(_DIGITS.findall(shown))
        # written as in the quote (the usual case), or in other digits of the same values
        if (numbers == written or {_plain(n) for n in numbers} == wanted) and (
            "…" not in shown or _pieces_in(shown, flat)
        ):
            return True
    return published_problem(published, quote, value, value_max, flat=flat) is None


def _pieces_in(shown: str, flat: str) -> bool:
    """Whether the published text stands in the quote, its pieces in order (约…9.47亿元)."""
    at = 0
    for piece in shown.split("…"):
        at = flat.find(piece, at) if piece else -1
        if at < 0:
            return False
        at += len(piece)
    return True


_SQUASHED: dict[str, str] = {}


def quote_in_source(quote: str, case_source: str, *, flat: str | None = None) -> bool:
    """Whether quote stands in the case's source text (white space and markup aside).
    flat: squash(quote), when the caller has it already."""
    # a case's source is squashed once, not once per figure (~700 figures)
    source = _SQUASHED.get(case_source)
    if source is None:
        source = _SQUASHED[case_source] = squash(case_source)
    return (squash(quote) if flat is None else flat) in source


# --- whole-case checks ---------------------------------------------------------


def reconstruct(case: dict) -> str:  # type: ignore[type-arg]
    """The case's text fields joined back in reading order, ordinals restored."""
    parts = [str(case.get("background", "")), str(case.get("mechanism", ""))]
    for key in ("practices", "outcomes"):
        for i, item in enumerate(case.get(key, [])):
            subs = "".join(str(p.get("title", "")) + str(p.get("text", "")) for p in item.get("parts", ()))
            parts.append(f"{numerals.ORDINALS[i]}是{item.get('title', '')}。{item.get('text', '')}{subs}")
    return "\n".join(parts)


def uncovered_sentences(case: dict, case_source: str) -> tuple[list[str], int]:  # type: ignore[type-arg]
    """Source sentences of the case body that its text fields do not hold verbatim."""
    body = case_source.split("\n", 1)[1] if "\n" in case_source else case_source
    body = re.sub(r"^[（(][一二三四][）)].*$", "", clean_markup(body), flags=re.M)
    have = squash(reconstruct(case))
    flat = squash(body)
    sents = [s for s in re.split(r"(?<=[。！？；])", flat) if s]
    missing = [s for s in sents if s not in have]
    return missing, len(sents)


def _spans(needle: str, hay: str) -> list[tuple[int, int]]:
    out, i = [], hay.find(needle)
    while needle and i >= 0:
        out.append((i, i + len(needle)))
        i = hay.find(needle, i + 1)
    return out


# Number-with-unit strings that are not figures of the case, with the reason.
EXCLUDED_FIGURES: dict[tuple[str, str], str] = {
    ("九", "100MW"): "part of a project's name: 东兴市三期100MW光伏发电项目",
}


def uncarried_figures(case: dict, case_source: str) -> list[Figure]:  # type: ignore[type-arg]
    """Figures of the source that no metric of the case carries (by position and value)."""
    flat = squash(case_source)
    number_ = str(case.get("number", ""))
    covered: list[tuple[int, int, Decimal, Decimal | None]] = []
    for m in case.get("metrics", []):
        v = number(str(m.get("value")))
        vmax = number(str(m["value_max"])) if "value_max" in m else None
        for a, b in _spans(squash(str(m.get("quote", ""))), flat):
            covered.append((a, b, v, vmax))
    missing = []
    for m in re.finditer(_FIGURE, flat):
        f = Figure(m.group(0), number(m.group(1)), number(m.group(2)) if m.group(2) else None, "")
        ok = any(a <= m.start() and m.end() <= b and f.value in (v, vmax) for a, b, v, vmax in covered)
        if not ok and (number_, f.text) not in EXCLUDED_FIGURES:
            missing.append(f)
    return missing


# --- figures in Chinese numerals, and rankings ----------------------------------

_CN_FIGURE = r"(?<![\d.第])(上|近|数)?([零一二两三四五六七八九十百千万亿]+)(余|多)?" rf"(?=({_UNIT_ALT}))"
RANK_RE = re.compile(r"第([一二三四五六七八九十]+|\d+)")
_QUOTED = re.compile(r"“[^”]*”")
_ROUND = set("十百千万亿")

# Chinese-numeral quantities and ordinals of the source that are not figures, with the reason.
EXCLUDED_CN: dict[tuple[str, str], str] = {
    ("三", "两个大理石矿山"): "counts the two mines just named (牛塘、高乐)",
    ("十一", "三项特色水果"): "counts the three fruits just named (火龙果、香蕉、柑橘类)",
    ("十二", "四个榨季"): "counts the four seasons just listed with their figures",
    ("五", "第二次分配"): "a step of a process, not a ranking",
    ("五", "第一轮改革"): "a round of the national trial, not a ranking",
    ("五", "第二轮深化"): "a round of the national trial, not a ranking",
    ("五", "第二轮试点"): "a round of the national trial, not a ranking",
    ("六", "第一个在少数"): "the first of its kind, not a place in a ranking",
    ("六", "第十二届中国"): "the edition of an event",
    ("十三", "第一湾"): "part of a place name (红水河第一湾)",
    ("十三", "第一批红色"): "the batch of a designation",
    ("五", "二级市场转让"): "the secondary market (二级市场), a name, not a count of levels",
    ("五", "两级政府"): "counts the two levels just named (市、镇)",
}


def _numeral_spans(flat: str) -> list[tuple[int, int, str, Decimal]]:
    """Chinese-numeral quantities and ordinals (start, end, text, value) that should be figures.

    Not counted: a bare 一 (the article: 一批, 一次性), a bare round magnitude (万亩茶园,
    千亿元产业: a size class, not a count), and anything inside “…” (names and slogans).
    """
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(flat)]
    out = []
    for m in re.finditer(_CN_FIGURE, flat):
        prefix, num = m.group(1), m.group(2)
        if not prefix and (num == "一" or set(num) <= _ROUND):
            continue
        if any(a <= m.start() < b for a, b in quoted):
            continue
        out.append((m.start(), m.end() + len(m.group(4)), m.group(0) + m.group(4), Decimal(numerals.value(num))))
    for m in RANK_RE.finditer(flat):
        n = m.group(1)
        value = Decimal(n) if n.isdigit() else Decimal(numerals.value(n))
        out.append((m.start(), m.end() + 4, flat[m.start() : m.end() + 4], value))
    return out


def uncarried_cn_figures(case: dict, case_source: str) -> list[str]:  # type: ignore[type-arg]
    """Chinese-numeral figures and rankings of the source that no metric carries."""
    flat = squash(case_source)
    number_ = str(case.get("number", ""))
    covered: list[tuple[int, int, Decimal]] = []
    for m in case.get("metrics", []):
        v = number(str(m.get("value")))
        for a, b in _spans(squash(str(m.get("quote", ""))), flat):
            covered.append((a, b, v))
    excluded = [span for (n, t) in EXCLUDED_CN if n == number_ for span in _spans(t, flat)]
    missing = []
    for start, _end, text, value in _numeral_spans(flat):
        ok = any(a <= start < b and value == v for a, b, v in covered)
        if not ok and not any(a <= start < b for a, b in excluded):
            missing.append(text)
    return missing


def completeness(case: dict, case_source: str) -> list[str]:  # type: ignore[type-arg]
    """What of the source a case's data leaves out: sentences its text fields do not hold,
    figures (in digits or Chinese numerals, rankings too) no metric carries. `gxeco validate`
    reports each; the bundled data has none."""
    missing, _covered = uncovered_sentences(case, case_source)
    from .i18n import _

    out = [_("sentence of the source not in the text fields: {text}").format(text=s[:60]) for s in missing]
    uncarried = _("figure of the source carried by no metric: {text}")
    out += [uncarried.format(text=f.text) for f in uncarried_figures(case, case_source)]
    out += [uncarried.format(text=t) for t in uncarried_cn_figures(case, case_source)]
    return out
