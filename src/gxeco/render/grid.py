"""Terminal layout: every block as finished lines of styled segments, no wider than the terminal.

The rich renderer only colours these lines; it never wraps (rich has no Chinese line
breaking rules, and wrapping long text is most of its cost). Line breaking is
``gxeco.layout``'s; this module decides indents, column widths and which columns a
narrow terminal leaves out. Style names: hit, strong, dim (from reports) and title,
h2, label, head, bar (layout), frame and tile0 … tile3 (a TileMap's shades).
"""

from __future__ import annotations

from .. import layout
from .blocks import Bars, Block, Bullets, Fields, Heading, Items, Para, Styled, Table, TileMap, flat

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from ..layout import Segment

    Line = list[Segment]

GAP = 2  # blank cells between table columns
WIDE_MIN = 24  # a wide column narrower than this (12 Han characters) reads badly: drop a column or stack the rows
NARROW = 60  # below this a table of more than three columns is stacked
STACK_LABEL_MAX = 12  # labels wider than this go on a line of their own in stacked rows

width_of = layout.width_of


def _styled(t: Styled | str) -> Styled:
    return [(t, None)] if isinstance(t, str) else t


def _restyle(t: Styled | str, style: str) -> Styled:
    """Give unstyled segments a style (a heading), keeping hits."""
    return [(s, st or style) for s, st in _styled(t)]


def _split(t: Styled | str) -> list[Styled]:
    """Styled text cut at its newlines: one paragraph each."""
    paras: list[Styled] = [[]]
    for s, st in _styled(t):
        parts = s.split("\n")
        for k, part in enumerate(parts):
            if k:
                paras.append([])
            if part:
                paras[-1].append((part, st))
    return paras


def wrap_cell(t: Styled | str, width: int) -> list[Line]:
    """A cell's text as lines of at most width cells; its own newlines kept."""
    if isinstance(t, str) and "\n" not in t and width_of(t) <= width:
        return [[(t, None)] if t else []]  # most table cells: one line as it is
    out: list[Line] = []
    for p in _split(t):
        out += layout.wrap_styled(p, width)
    return out


def hang(lead: Line, t: Styled | str, width: int, indent: int | None = None) -> list[Line]:
    """lead, then the text wrapped beside it; later lines indented by the lead's width."""
    ind = width_of("".join(s for s, _ in lead)) if indent is None else indent
    room = width - ind
    if room < WIDE_MIN // 2:  # too little beside the lead: the text goes below it
        return [lead, *wrap_cell(t, width)]
    lines = wrap_cell(t, room)
    pad = " " * ind
    return [lead + lines[0]] + [[(pad, None), *ln] for ln in lines[1:]]


def _pad(line: Line, width: int) -> Line:
    w = width_of(line[0][0] if len(line) == 1 else "".join([s for s, _ in line]))
    return [*line, (" " * (width - w), None)] if w < width else line


# --- tables -------------------------------------------------------------------


def _natural(t: Styled | str) -> int:
    text = flat(t)
    return width_of(text) if "\n" not in text else max(map(width_of, text.split("\n")))


def plan(b: Table, width: int) -> tuple[list[int], list[int]] | None:
    """The columns shown and their widths, or None when the rows must be stacked.

    Short columns take their natural width; the wide ones share what is left, each
    at most its natural width. Columns are dropped (b.drop order) while a wide column
    would get less than WIDE_MIN cells, or, without wide columns, while the table is
    wider than the terminal.
    """
    nat = [
        max([width_of(c) for c in col.split("\n")] + [_natural(r[i]) for r in b.rows if i < len(r)])
        for i, col in enumerate(b.columns)
    ]
    shown = list(range(len(b.columns)))
    drops = [i for i in b.drop if i not in b.keep]
    while True:
        widths = _fit(b, shown, nat, width)
        if widths is not None:
            if width < NARROW and len(shown) > 3:
                return None
            return shown, widths
        if not drops:
            return None
        shown.remove(drops.pop(0))


def _fit(b: Table, shown: list[int], nat: list[int], width: int) -> list[int] | None:
    room = width - GAP * (len(shown) - 1)
    wide = [i for i in shown if i in b.wide]
    short = sum(nat[i] for i in shown if i not in b.wide)
    left = room - short
    if not wide:
        return [nat[i] for i in shown] if left >= 0 else None
    # share the room among the wide columns: those that need less than a share get their natural width
    alloc: dict[int, int] = {}
    todo = sorted(wide, key=lambda i: nat[i])
    while todo:
        share = left // len(todo)
        i = todo[0]
        if nat[i] <= share:
            alloc[i] = nat[i]
            left -= nat[i]
            todo.pop(0)
            continue
        for k, j in enumerate(todo):
            alloc[j] = share + (1 if k < left - share * len(todo) else 0)
        break
    if any(alloc[i] < min(nat[i], WIDE_MIN) for i in wide):
        return None
    return [alloc[i] if i in b.wide else nat[i] for i in shown]


def table_lines(b: Table, width: int) -> list[Line]:
    p = plan(b, width)
    out: list[Line] = []
    if b.title:
        out += wrap_cell(_restyle(b.title, "strong"), width)
    if p is None:
        return out + _stacked(b, width)
    shown, widths = p
    heads = [wrap_cell(_restyle(b.columns[i], "head"), w) for i, w in zip(shown, widths, strict=True)]
    out += _row(heads, widths)
    out.append([("─" * (sum(widths) + GAP * (len(widths) - 1)), "dim")])
    rows = [[wrap_cell(r[i] if i < len(r) else "", w) for i, w in zip(shown, widths, strict=True)] for r in b.rows]
    spaced = any(len(c) > 1 for cells in rows for c in cells)  # rows of several lines get a blank line between
    for k, cells in enumerate(rows):
        if spaced and k:
            out.append([])
        out += _row(cells, widths)
    return out


def _row(cells: list[list[Line]], widths: list[int]) -> list[Line]:
    height = max(map(len, cells))
    out: list[Line] = []
    last = len(cells) - 1
    gap = (" " * GAP, None)
    for y in range(height):
        line: Line = []
        for x, (c, w) in enumerate(zip(cells, widths, strict=True)):
            piece = c[y] if y < len(c) else []
            if x:
                line.append(gap)
            line += piece if x == last else _pad(piece, w)
        out.append(_rstrip(line))
    return out


def _rstrip(line: Line) -> Line:
    while line and line[-1][1] is None and not line[-1][0].strip():
        line = line[:-1]
    return line


def _stacked(b: Table, width: int) -> list[Line]:
    """One record per block: each field's name, its value beside it (or below a long name)."""
    lw = max((width_of(c) for c in b.columns), default=0)
    out: list[Line] = []
    for k, row in enumerate(b.rows):
        if k:
            out.append([])
        for col, cell in zip(b.columns, row, strict=False):
            if not flat(cell):
                continue
            if not col:
                out += wrap_cell(_restyle(cell, "label"), width)
            elif lw <= STACK_LABEL_MAX and width - lw - 1 >= WIDE_MIN // 2:
                lead = [(col, "label"), (" " * (lw - width_of(col) + 1), None)]
                out += hang(lead, cell, width)
            else:
                out += wrap_cell([(col, "label")], width)
                out += [[("  ", None), *ln] for ln in wrap_cell(cell, width - 2)]
    return out


# --- other blocks ---------------------------------------------------------------


def bars_lines(b: Bars, width: int) -> list[Line]:
    top = max((n for _, n in b.counts), default=0) or 1
    nw = max((len(str(n)) for _, n in b.counts), default=1)
    # keys take their width, but leave a bar of four cells: a longer key (a model's slogan) is broken
    kw = min(max((width_of(k) for k, _ in b.counts), default=0), max(4, width - nw - 2 - 4))
    room = max(1, min(40, width - kw - nw - 2))
    out: list[Line] = wrap_cell([(b.title, "strong")], width)
    for k, n in b.counts:
        *head, last = layout.wrap(k, kw) if width_of(k) > kw else [k]
        out += [[(part, None)] for part in head]
        lead = f"{last}{' ' * (kw - width_of(last))} {str(n).rjust(nw)} "
        out.append([(lead, None), ("█" * max(1 if n else 0, round(n * room / top)), "bar")])
    return out


def block_lines(b: Block, width: int) -> list[Line]:
    if isinstance(b, Heading):
        return wrap_cell([(b.text, "title" if b.level == 1 else "h2")], width)
    if isinstance(b, Para):
        lead: Styled = [(b.label, "label"), ("  ", None)] if b.label else []
        return wrap_cell([*lead, *b.text], width)
    if isinstance(b, Fields):
        kw = max((width_of(k) for k, _ in b.rows), default=0)
        out: list[Line] = []
        for k, v in b.rows:
            out += hang([(k, "label"), (" " * (kw - width_of(k) + 2), None)], v, width)
        return out
    if isinstance(b, Items):
        out = []
        for i, (title, text) in enumerate(b.rows, 1):
            num = f"{i}. "
            out += hang([(num, "strong")], [(title, "strong")], width)
            for p in text.splitlines():
                if p.strip():
                    out += [[("   ", None), *ln] for ln in layout.wrap_styled([(p, None)], width - 3)]
            for sub, body in b.parts_of(i - 1):
                out += [[("   ", None), *ln] for ln in layout.wrap_styled([(sub, "strong")], width - 3)]
                for p in body.splitlines():
                    if p.strip():
                        out += [[("   ", None), *ln] for ln in layout.wrap_styled([(p, None)], width - 3)]
        return out
    if isinstance(b, Bullets):
        out = []
        for r in b.rows:
            out += hang([("- ", None)], r, width)
        return out
    if isinstance(b, Bars):
        return bars_lines(b, width)
    if isinstance(b, Table):
        return table_lines(b, width)
    if isinstance(b, TileMap):
        from .tiles import tile_lines

        return tile_lines(b, width)
    raise TypeError(type(b))  # pragma: no cover
