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

_patterns: tuple[Pattern[str], Pattern[str]] | None = None
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


_tail: Pattern[str] | None = None  # for long texts only (LONG)


def _tail_pattern() -> Pattern[str]:
    """What follows a number's digits, as _unit_end and number_spans's range loop read it, in one
    pattern: ~5 ms to compile, which only a long text (a 50 MB field: 400 000 numbers) repays."""
    global _tail
    if _tail is None:
        import re

        _compile()
        words = sorted({w for ws in _units.values() for w in ws}, key=len, reverse=True)
        unit = "(?:" + "|".join(map(re.escape, words)) + ")"
        mag, more = "[万亿千百]", "[多余]"
        taken = f"(?:{mag}|(?!{mag}))"  # a magnitude after / is always taken, as _unit_end does: never given back
        core = f"{more}?(?:{mag}{more}?)?(?:{unit}(?:/{taken}{unit})*(?:/{taken})?)?"
        end = f"(?: ?(?={more}|{mag}|{unit}){core})?"
        _tail = re.compile(rf"{end}(?:(?:——|[—\-~～至])\d+(?:[.,．]\d+)*{end})*")
    return _tail


def number_spans(text: str) -> list[tuple[int, int]]:
    """Numbers with their decimal point, separators, unit and range: 555.19亿元, 2021—2023年, 6%—8%."""
    digits = _compile()[0]
    if len(text) >= LONG:
        tail = _tail_pattern().match
        spans: list[tuple[int, int]] = []
        last = 0
        for m in digits.finditer(text):
            if m.start() >= last:  # else the second number of a range already taken
                last = tail(text, m.end()).end()  # type: ignore[union-attr]  # it matches the empty string
                spans.append((m.start(), last))
        return spans
    spans = []
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


class _Classes(dict[int, str]):
    """str.translate's table from a code point to what the rules need of its character, as one
    character: its cells (bits 0-1), no line starts with it or a space (4), no line ends with it (8),
    its kind inside a number (bits 4-5: digit, dash, space, other). A character met for the first
    time is looked up once (__missing__)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        c = _cells(ch) | (4 if ch in _NO_START_OR_SPACE else 0) | (8 if ch in NO_END else 0)
        c |= _KIND.get(ch, 3) << 4
        self[code] = out = chr(c)
        return out


_classes = _Classes()
_KIND = {**dict.fromkeys(_DIGITS, 0), **dict.fromkeys(_DASHES, 1), " ": 2}  # else 3: a unit or another character
# bytes.translate tables over the classes: cells; STRONG before a character (closing punctuation, a
# space, a zero-width mark); STRONG after one (opening punctuation); the kind in a number
_CELLS = bytes(c & 3 for c in range(256))
_BEFORE = bytes(STRONG if c & 4 or not c & 3 else 0 for c in range(256))
_AFTER = bytes(STRONG if c & 8 else 0 for c in range(256))
_KINDS = bytes(c >> 4 & 3 for c in range(256))
# glue between two characters of a number with its unit: the digits, the unit and a dash after a
# number hold tight (WEAK), their seams less so (LOOSE); by (kind before) * 4 + (kind after)
_NUMBER_SEAM = bytes(WEAK if c >> 2 == c & 3 or c == 1 else LOOSE for c in range(16)).ljust(256, b"\x00")


_last: tuple[str, bytes] = ("", b"")  # a long text's classes: measured, then broken into lines


def _classes_of(text: str) -> bytes:
    """Every character's class, one byte each: the rules are then applied and a line's width counted
    by bytes operations in C, not per character in Python (a 50 MB field has 17 million characters)."""
    global _last
    if _last[0] is text:
        return _last[1]
    classes = text.translate(_classes).encode("latin-1")
    if len(text) >= LONG:
        _last = (text, classes)
    return classes


LONG = 4096  # characters: a text this long is measured by its classes, which breaking it needs anyway


def _or(a: bytes | bytearray, b: bytes) -> bytes:
    """Byte by byte a | b, for byte strings of one length."""
    n = len(a)
    return (int.from_bytes(a, "little") | int.from_bytes(b, "little")).to_bytes(n, "little")


def _seams(kinds: bytes) -> bytes:
    """seams[i]: the glue of a number's characters i and i + 1, by their kinds (each 0-3)."""
    if len(kinds) < 2:
        return b""
    # (kind before) * 4 + (kind after) for every pair at once: kinds fit in two bits, so shifting the
    # whole string by two bits moves each kind within its own byte
    pairs = (int.from_bytes(kinds[:-1], "big") << 2 | int.from_bytes(kinds[1:], "big")).to_bytes(len(kinds) - 1, "big")
    return pairs.translate(_NUMBER_SEAM)


def glue(text: str, classes: bytes | None = None) -> bytearray:
    """glue[i]: how strongly text[i-1] and text[i] hold together (BREAK … STRONG); glue[0] unused.
    classes: _classes_of(text), when the caller has it."""
    if classes is None:
        classes = _classes_of(text)
    g = bytearray(len(text) + 1)
    spans = number_spans(text)
    if spans:
        seams = _seams(classes.translate(_KINDS))
        for start, end in spans:
            g[start + 1 : end] = seams[start : end - 1]
    if not _LATIN.isdisjoint(text):
        word = _compile()[1]
        for m in word.finditer(text):
            for i in range(m.start() + 1, m.end()):
                g[i] = max(g[i], WEAK if text[i - 1].isalnum() and text[i].isalnum() else LOOSE)
    # no break before closing punctuation, a space or a zero-width mark, nor after opening punctuation:
    # STRONG is 3, the highest level, so OR-ing it in is taking the stronger glue
    strong = _or(classes.translate(_BEFORE) + b"\x00", b"\x00" + classes.translate(_AFTER))
    g = bytearray(_or(g, strong))
    for pair in ("——", "……"):  # nor inside —— and ……
        i = text.find(pair)
        while i >= 0:
            g[i + 1] = STRONG
            i = text.find(pair, i + 1)
    g[0] = BREAK
    return g


_LEVELS = (b"\x00", b"\x01", b"\x02", b"\x03")  # BREAK, LOOSE, WEAK, STRONG as bytes


def breaks(text: str, width: int) -> list[int]:
    """Where the lines start (0 first) when text is set in lines of at most width cells.

    Per line, not per character: the furthest end that fits is found from counts of narrow and
    zero-width characters over the line (every other character takes two cells), the break by
    searching the glue backwards from there."""
    width = max(width, 2)  # a wide character needs two cells
    classes = _classes_of(text)
    g = glue(text, classes)
    cells = classes.translate(_CELLS)
    narrow, zero = cells.count, (cells.count if 0 in cells else None)
    n = len(text)
    starts = [0]
    start = 0
    while True:
        # the furthest end that fits: at least half the room left is taken at each step, counted in C
        end, used = start, 0
        while end < n:
            step = (width - used) >> 1
            if not step:
                break
            stop = min(end + step, n)
            used += 2 * (stop - end) - narrow(1, end, stop) - (2 * zero(0, end, stop) if zero else 0)
            end = stop
        while end < n and used + cells[end] <= width:  # a narrow or zero-width character in the last cell
            used += cells[end]
            end += 1
        end = max(end, start + 1)
        if end >= n:
            return starts
        if g[end] == BREAK:  # most lines: the break falls where the room ends
            cut = end
        else:  # the last break in (start, end] at the weakest glue level that has one
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
    if w is None and len(text) >= LONG:
        cells = _classes_of(text).translate(_CELLS)
        return 2 * len(cells) - cells.count(1) - 2 * cells.count(0)
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
