"""Chinese line breaking for the terminal (W3C clreq, GB/T 15834 practice).

rich breaks lines at spaces and folds anywhere else, which starts lines with
``，`` and cuts ``555.19亿元`` in half. gxeco breaks lines itself and hands
rich finished lines. Between two characters a break is

- forbidden (*strong glue*) before closing and middle punctuation (a line never
  starts with ``，。、；：？！）」』》〉】〕”’％…`` or ``,.;:?!)]}%``), after opening
  punctuation (a line never ends with ``（「『《〈【〔“‘([{``), inside ``——`` and
  ``……``, and before a space or a zero-width mark;
- avoided (*weak glue*) inside a number with its decimal point, thousands
  separator, range dash and the unit right after it (``555.19亿元``,
  ``1000元/亩``, ``2021—2023年``, ``6%—8%``, ``12.5万m³``) and inside a Latin
  word or an id (``GB/T 7714``);
- allowed everywhere else (between Han characters, after a space).

Lines are filled greedily; when a character does not fit, the line ends at the
last allowed break, so a closing mark pulls the character before it down to the
next line (push-out) and an opening mark moves down with what it opens. A run
with no allowed break that is wider than the line is folded at its last weak
break, and only failing that at the width: no line is ever wider than asked.
Nothing is dropped or added: the lines joined give the text back.

Widths are terminal cells, as ``gxeco.text.cell_width`` and rich count them.
Cheap to import: no rich, no typing; the two patterns compile on first use.
"""

from __future__ import annotations

import unicodedata

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from re import Pattern

    Segment = tuple[str, str | None]

# A line never starts with these (closing and middle punctuation, GB/T 15834 / clreq).
NO_START = frozenset("，。、；：？！）」』》〉】〕〗〙〛”’％…‥·・‧〃々,.;:?!)]}%．］｝｠｡､﹐﹑﹒﹔﹕﹖﹗")
# A line never ends with these (opening punctuation).
NO_END = frozenset("（「『《〈【〔〖〘〚“‘([{（［｛｟")
# Marks that come in inseparable pairs: ——, ……
_PAIRED = frozenset("—…")

# How strongly two characters hold together, weakest first. A run too wide for the line
# is folded at its weakest point: between a number and its unit (LOOSE) before inside
# the digits (WEAK), and inside the digits before at a punctuation rule (STRONG).
BREAK, LOOSE, WEAK, STRONG = 0, 1, 2, 3
_DIGITS = frozenset("0123456789.,．")
_DASHES = frozenset("—-~～至")

_patterns: tuple[Pattern[str], Pattern[str], Pattern[str], Pattern[str]] | None = None
_widths: dict[str, int] = {chr(i): 1 for i in range(128)}  # as cell_width counts ASCII


def _compile() -> tuple[Pattern[str], Pattern[str], Pattern[str], Pattern[str]]:
    """The number-with-unit, Latin-word, no-break-before and no-break-after patterns, built once."""
    global _patterns
    if _patterns is None:
        import re

        from .units import FIGURE_UNITS

        words = set(FIGURE_UNITS) | {
            "年",
            "月",
            "日",
            "天",
            "小时",
            "岁",
            "立方米",
            "平方米",
            "平方公里",
            "m³",
            "m²",
            "m3",
            "m2",
            "km²",
            "km",
            "kg",
            "kW",
            "kWh",
            "℃",
            "‰",
            "％",
        }
        alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        unit = f"(?:{alt})"
        rate = f"{unit}(?:/[万亿千百]?{unit})*"
        # 20万, 1万多亩, 400多户, 900余万元, 12.5万m³, 1000元/亩, 87.2%
        after = f"(?:[多余]?[万亿千百][多余]?(?:{rate})?|[多余]?{rate}|[多余])"
        num = r"\d+(?:[.,．]\d+)*"
        one = f"{num}(?: ?{after})?"
        number = f"{one}(?:(?:——|[—\\-~～至]){one})*"
        word = r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[/\-_.+&'][A-Za-z0-9]+)*(?: \d+(?:[-.:]\d+)*)?"
        before = "[" + re.escape("".join(sorted(NO_START))) + " ]|(?<=—)—|(?<=…)…"
        after = "[" + re.escape("".join(sorted(NO_END))) + "]"
        _patterns = (re.compile(number), re.compile(word), re.compile(before), re.compile(after))
    return _patterns


def _cells(ch: str) -> int:
    w = _widths.get(ch)
    if w is None:
        if ch.isascii():
            w = 1
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            w = 0
        else:
            w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        _widths[ch] = w
    return w


def _kind(ch: str) -> str:
    return "9" if ch in _DIGITS else "-" if ch in _DASHES else " " if ch == " " else "u"


def glue(text: str) -> bytearray:
    """glue[i]: how strongly text[i-1] and text[i] hold together (BREAK … STRONG); glue[0] unused."""
    g = bytearray(len(text) + 1)
    number, word, before, after = _compile()
    for m in number.finditer(text):
        for i in range(m.start() + 1, m.end()):
            a, b = _kind(text[i - 1]), _kind(text[i])
            # the digits, the unit and a dash after a number hold tight; their seams less so
            g[i] = WEAK if a == b or (a == "9" and b == "-") else LOOSE
    for m in word.finditer(text):
        for i in range(m.start() + 1, m.end()):
            g[i] = max(g[i], WEAK if text[i - 1].isalnum() and text[i].isalnum() else LOOSE)
    for m in before.finditer(text):
        g[m.start()] = STRONG
    for m in after.finditer(text):
        g[m.end()] = STRONG
    if not text.isascii():
        for i, ch in enumerate(text):
            if not _widths[ch] and not ch.isspace():  # a combining or format mark stays with its base
                g[i] = STRONG
    g[0] = BREAK
    return g


def breaks(text: str, width: int) -> list[int]:
    """Where the lines start (0 first) when text is set in lines of at most width cells."""
    width = max(width, 2)  # a wide character needs two cells
    width_of(text)  # learns the width of every character
    cells = _widths
    g = glue(text)
    starts = [0]
    start, used = 0, 0
    last = [-1, -1, -1, -1]  # the last break after the line's start at each glue level
    i = 0
    n = len(text)
    while i < n:
        if i > start:
            last[g[i]] = i
        cw = cells[text[i]]
        if used + cw <= width or i == start:
            used += cw
            i += 1
            continue
        cut = next((k for k in last if k > start), i)
        starts.append(cut)
        start = cut
        last = [-1, -1, -1, -1]
        used = 0
        i = cut
    return starts


def wrap(text: str, width: int) -> list[str]:
    """One paragraph (no newlines) as lines of at most width cells; joined they give text back."""
    if width_of(text) <= max(width, 2):
        return [text]
    b = breaks(text, width)
    return [text[a:z] for a, z in zip(b, [*b[1:], len(text)], strict=True)]


def wrap_styled(text: list[Segment], width: int) -> list[list[Segment]]:
    """wrap for styled segments (search highlights): the same breaks, each piece keeps its style."""
    flat = "".join(s for s, _ in text)
    if width_of(flat) <= max(width, 2):
        return [[seg for seg in text if seg[0]]]
    b = breaks(flat, width)
    ends = [*b[1:], len(flat)]
    lines: list[list[Segment]] = [[] for _ in b]
    pos = 0
    k = 0
    for s, style in text:
        end = pos + len(s)
        while s and pos < end:
            while ends[k] <= pos:
                k += 1
            take = min(end, ends[k]) - pos
            lines[k].append((s[:take], style))
            s = s[take:]
            pos += take
    return lines


def width_of(text: str) -> int:
    """Terminal cells of text (the same count as gxeco.text.cell_width)."""
    if text.isascii():
        return len(text)
    try:
        return sum(map(_widths.__getitem__, text))
    except KeyError:
        for ch in set(text):
            _cells(ch)
        return sum(map(_widths.__getitem__, text))
