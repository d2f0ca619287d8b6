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

Widths are terminal cells, as ``gxeco.text.width_of`` and rich count them.
Cheap to import: no rich, no typing; its two patterns compile on first use.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from itertools import accumulate

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Iterable
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

_patterns: tuple[Pattern[str], Pattern[str]] | None = None
_punctuation: Pattern[str] | None = None  # for long texts only (LONG)
_units: dict[str, tuple[str, ...]] = {}  # unit words by first character, longest first
_widths: dict[str, int] = {chr(i): 1 for i in range(128)}  # as width_of counts ASCII
_zero_width: set[str] = set()  # combining and format marks met so far
_NO_START_OR_SPACE = NO_START | {" "}
_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

_MORE_UNITS = ("年", "月", "日", "天", "小时", "岁", "平方公里", "m³", "m²", "m3", "m2", "km²", "km", "kg", "kW", "kWh")
_EXTRA_UNITS = "".join(("℃", "‰", "％"))


def _compile() -> tuple[Pattern[str], Pattern[str]]:
    """The digits and Latin-word patterns, built once.

    Unit words are looked up by their first character rather than put in a pattern:
    an alternation of eighty words costs ~5 ms to compile, on every run. The rules on
    punctuation are single characters, tested in glue's loop: a pattern for them cost
    more to compile (~1 ms) than the loop costs over everything a command shows."""
    global _patterns
    if _patterns is None:
        import re

        from .units import FIGURE_UNITS

        words = {*FIGURE_UNITS, *_MORE_UNITS, *_EXTRA_UNITS} - {""}
        for w in sorted(words, key=len, reverse=True):
            _units[w[0]] = (*_units.get(w[0], ()), w)
        digits = r"\d+(?:[.,．]\d+)*"
        word = r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[/\-_.+&'][A-Za-z0-9]+)*(?: \d+(?:[-.:]\d+)*)?"
        _patterns = (re.compile(digits), re.compile(word))
    return _patterns


def _unit_word(text: str, k: int) -> int:
    """The end of the unit word at k, or k."""
    for w in _units.get(text[k : k + 1], ()):
        if text.startswith(w, k):
            return k + len(w)
    return k


def _unit_end(text: str, j: int) -> int:
    """The end of the unit after a number ending at j: 20万, 1万多亩, 400多户, 900余万元,
    12.5万m³, 1000元/亩, 87.2%, 16 个 (one space allowed before it); j if there is none."""
    k = j + 1 if text[j : j + 1] == " " else j
    start = k
    if text[k : k + 1] in ("多", "余"):
        k += 1
    if text[k : k + 1] in ("万", "亿", "千", "百"):
        k += 1
        if text[k : k + 1] in ("多", "余"):
            k += 1
    end = _unit_word(text, k)
    while end > k and text[end : end + 1] == "/":  # a rate: 元/亩, 万立方米/年
        k = end + 1 + (text[end + 1 : end + 2] in ("万", "亿", "千", "百"))
        nxt = _unit_word(text, k)
        if nxt == k:
            break
        end = nxt
    k = max(k, end)
    return k if k > start else j


def number_spans(text: str) -> list[tuple[int, int]]:
    """Numbers with their decimal point, separators, unit and range: 555.19亿元, 2021—2023年, 6%—8%."""
    digits = _compile()[0]
    spans: list[tuple[int, int]] = []
    n = len(text)
    for m in digits.finditer(text):
        a, j = m.span()
        if spans and a < spans[-1][1]:
            continue  # the second number of a range already taken
        while True:
            j = _unit_end(text, j)
            k = j + 2 if text.startswith("——", j) else j + 1 if j < n and text[j] in _DASHES else j
            m2 = digits.match(text, k) if k > j else None
            if m2 is None:
                break
            j = m2.end()
        spans.append((a, j))
    return spans


def _cells(ch: str) -> int:
    w = _widths.get(ch)
    if w is None:
        if "\u4e00" <= ch <= "\u9fff":  # CJK Unified Ideographs: wide, most of the text
            w = 2
        elif ch.isascii():
            w = 1
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            w = 0
            _zero_width.add(ch)
        else:
            w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        _widths[ch] = w
    return w


def _kind(ch: str) -> str:
    return "9" if ch in _DIGITS else "-" if ch in _DASHES else " " if ch == " " else "u"


LONG = 20_000  # characters: a text this long finds its punctuation by a pattern
_RULED = NO_START | NO_END | _PAIRED | {" "}


def _rule_positions(text: str) -> Iterable[int]:
    """Where the characters the punctuation rules are about stand. A short text is read character by
    character; a long one (a 50 MB field) by one pattern, about ten times faster since such
    characters are a tenth of a Chinese text; compiling it (~1 ms) costs more than the loop over all
    a command usually shows."""
    global _punctuation
    if len(text) < LONG:
        return (i for i, ch in enumerate(text) if ch in _RULED)
    if _punctuation is None:
        import re

        _punctuation = re.compile(f"[{re.escape(''.join(sorted(_RULED)))}]")
    return (m.start() for m in _punctuation.finditer(text))


def glue(text: str) -> bytearray:
    """glue[i]: how strongly text[i-1] and text[i] hold together (BREAK … STRONG); glue[0] unused."""
    g = bytearray(len(text) + 1)
    width_of(text)  # learns which characters take no cell
    word = _compile()[1]
    for start, end in number_spans(text):
        for i in range(start + 1, end):
            a, b = _kind(text[i - 1]), _kind(text[i])
            # the digits, the unit and a dash after a number hold tight; their seams less so
            g[i] = WEAK if a == b or (a == "9" and b == "-") else LOOSE
    if not _LATIN.isdisjoint(text):
        for m in word.finditer(text):
            for i in range(m.start() + 1, m.end()):
                g[i] = max(g[i], WEAK if text[i - 1].isalnum() and text[i].isalnum() else LOOSE)
    for i in _rule_positions(text):
        ch = text[i]
        # no break before closing punctuation or a space, nor inside —— and ……
        if ch in _NO_START_OR_SPACE or (ch in _PAIRED and i and text[i - 1] == ch):
            g[i] = STRONG
        if ch in NO_END:  # nor after opening punctuation
            g[i + 1] = STRONG
    if _zero_width and not _zero_width.isdisjoint(text):
        for i, ch in enumerate(text):
            if ch in _zero_width:  # a combining or format mark stays with its base
                g[i] = STRONG
    g[0] = BREAK
    return g


_LEVELS = (b"\x00", b"\x01", b"\x02", b"\x03")  # BREAK, LOOSE, WEAK, STRONG as bytes


def breaks(text: str, width: int) -> list[int]:
    """Where the lines start (0 first) when text is set in lines of at most width cells.

    Per line, not per character: the furthest end that fits is found by bisecting the
    running widths, the break by searching the glue backwards from there."""
    width = max(width, 2)  # a wide character needs two cells
    width_of(text)  # learns the width of every character
    cells = _widths.__getitem__
    g = glue(text)
    n = len(text)
    starts = [0]
    start = 0
    while True:
        # the furthest end that fits: the running widths of the line so far, a line's worth at a
        # time (every character but a zero-width one takes a cell), so memory and time stay linear
        end, used = start, 0
        while end < n:
            chunk = text[end : end + width + 1]
            cum = list(accumulate(map(cells, chunk), initial=used))
            fit = bisect_right(cum, width) - 1  # chunk[:fit] fits, one more does not
            end += fit
            if fit < len(chunk):
                break
            used = cum[-1]
        end = max(end, start + 1)
        if end >= n:
            return starts
        # the last break in (start, end] at the weakest glue level that has one
        cut = next(k for k in (g.rfind(level, start + 1, end + 1) for level in _LEVELS) if k > start)
        starts.append(cut)
        start = cut


def wrap(text: str, width: int) -> list[str]:
    """One paragraph (no newlines) as lines of at most width cells; joined they give text back."""
    if width_of(text) <= max(width, 2):
        return [text]
    b = breaks(text, width)
    return [text[a:z] for a, z in zip(b, [*b[1:], len(text)], strict=True)]


def clip(text: str, width: int, mark: str = "…") -> str:
    """text in at most width cells: whole when it fits, else cut where a line may break
    (clreq: never after an opening bracket, never inside a number with its unit) and
    marked with …, so a cut label reads as cut (the browser's 数据 column)."""
    if width_of(text) <= width:
        return text
    first = breaks(text, max(width - width_of(mark), 2))[1:2]
    return text[: first[0] if first else 0] + mark


def wrap_styled(text: list[Segment], width: int) -> list[list[Segment]]:
    """wrap for styled segments (search highlights): the same breaks, each piece keeps its style."""
    flat = "".join(s for s, _ in text)
    if width_of(flat) <= max(width, 2):
        return [[seg for seg in text if seg[0]]]
    b = breaks(flat, width)
    ends = [*b[1:], len(flat)]
    lines: list[list[Segment]] = [[] for _ in b]
    pos = 0  # where in the flat text
    k = 0
    for s, style in text:
        start = pos
        end = pos + len(s)
        while pos < end:  # offsets into s, never the rest of s sliced again: linear in the text
            while ends[k] <= pos:
                k += 1
            stop = min(end, ends[k])
            lines[k].append((s[pos - start : stop - start], style))
            pos = stop
    return lines


_measured: dict[str, int] = {}  # texts measured lately: a table measures each cell more than once


def width_of(text: str) -> int:
    """Terminal cells of text (the same count as gxeco.text.width_of)."""
    if text.isascii():
        return len(text)
    w = _measured.get(text)
    if w is None:
        try:
            w = sum(map(_widths.__getitem__, text))
        except KeyError:
            for ch in set(text):
                _cells(ch)
            w = sum(map(_widths.__getitem__, text))
        if len(_measured) > 4096:
            _measured.clear()
        _measured[text] = w
    return w
