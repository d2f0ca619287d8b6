"""Rich output for a terminal: tables, colour, bars. User text is never markup."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table as RTable
from rich.text import Text

from .blocks import Bars, Block, Bullets, Fields, Heading, Items, Para, Report, Styled, Table, flat

STYLES = {"hit": "bold black on yellow", "strong": "bold", "dim": "dim"}
NARROW = 60


def styled_text(t: Styled | str) -> Text:
    if isinstance(t, str):
        return Text(t)
    out = Text()
    for s, st in t:
        out.append(s, style=STYLES.get(st or "", "") or None)
    return out


def make_console(out: TextIO, color: bool | None, width: int | None) -> Console:
    kw: dict[str, object] = {}
    if color is False:
        kw["no_color"] = True
    return Console(file=out, markup=False, emoji=False, highlight=False, width=width, soft_wrap=False, **kw)  # type: ignore[arg-type]


def _widths(b: Table, width: int) -> list[int] | None:
    """Column widths that fit: names kept whole, other columns folded; None if impossible."""
    widest = [max([cell_len(flat(r[i])) for r in b.rows] + [cell_len(col)]) for i, col in enumerate(b.columns)]
    mins = [w if i in b.keep else min(w, 8) for i, w in enumerate(widest)]
    room = width - 3 * len(widest)  # padding and the blank column separator
    if sum(mins) > room:
        return None
    out = list(mins)
    spare = room - sum(out)
    while spare > 0:
        grow = [i for i in range(len(out)) if out[i] < widest[i]]
        if not grow:
            break
        for i in grow:
            if spare <= 0:
                break
            out[i] += 1
            spare -= 1
    return out


def _table(b: Table, width: int) -> RenderableType:
    widths = _widths(b, width)
    if widths is None or (width < NARROW and len(b.columns) > 3):
        # Too narrow for columns: one record per block, fields folded, never cut.
        parts: list[RenderableType] = []
        if b.title:
            parts.append(Text(b.title, style="bold"))
        for row in b.rows:
            g = RTable.grid(padding=(0, 1))
            g.add_column(style="bold cyan", no_wrap=True)
            g.add_column(overflow="fold")
            for col, c in zip(b.columns, row, strict=False):
                if flat(c):
                    g.add_row(col, styled_text(c))
            parts.append(Padding(g, (0, 0, 1, 0)))
        return Group(*parts)
    t = RTable(
        title=b.title,
        box=box.SIMPLE_HEAD,
        header_style="bold cyan",
        expand=False,
        show_lines=bool(b.wide),
        pad_edge=False,
        show_edge=False,
    )
    for i, col in enumerate(b.columns):
        t.add_column(col, overflow="fold", no_wrap=False, width=widths[i])
    for row in b.rows:
        t.add_row(*(styled_text(c) for c in row))
    return t


def block_renderable(b: Block, width: int) -> RenderableType:
    if isinstance(b, Heading):
        style = "bold underline" if b.level == 1 else "bold cyan"
        return Text(b.text, style=style)
    if isinstance(b, Para):
        t = Text()
        if b.label:
            t.append(b.label + "  ", style="bold cyan")
        t.append_text(styled_text(b.text))
        return t
    if isinstance(b, Fields):
        g = RTable.grid(padding=(0, 2))
        g.add_column(style="bold cyan", no_wrap=True)
        g.add_column(overflow="fold")
        for k, v in b.rows:
            g.add_row(k, Text(v))
        return g
    if isinstance(b, Items):
        parts: list[RenderableType] = []
        for i, (title, text) in enumerate(b.rows, 1):
            head = Text(f"{i}. ", style="bold")
            head.append(title, style="bold")
            parts.append(head)
            for p in text.splitlines():
                if p.strip():
                    parts.append(Padding(Text(p), (0, 0, 0, 3)))
        return Group(*parts)
    if isinstance(b, Bullets):
        return Group(*(Text("- " + r) for r in b.rows))
    if isinstance(b, Bars):
        # one Text, not a grid: a grid measures every cell (~70 ms for the 150 tag rows)
        top = max((n for _, n in b.counts), default=0) or 1
        room = max(4, min(40, width - 30))
        kw = max((cell_len(k) for k, _ in b.counts), default=0)
        nw = max((len(str(n)) for _, n in b.counts), default=1)
        t = Text()
        t.append(b.title, style="bold")
        for k, n in b.counts:
            t.append(f"\n{k}{' ' * (kw - cell_len(k))} {str(n).rjust(nw)} ")
            t.append("█" * max(1 if n else 0, round(n * room / top)), style="green")
        return t
    if isinstance(b, Table):
        return _table(b, width)
    raise TypeError(type(b))  # pragma: no cover


def render_rich(
    report: Report, out: TextIO, *, color: bool | None = None, width: int | None = None, pager: bool = False
) -> None:
    console = make_console(out, color, width)
    items = [block_renderable(b, console.width) for b in report.blocks]
    if pager and console.is_terminal:
        with console.pager(styles=color is not False):
            for i, r in enumerate(items):
                if i:
                    console.print()
                console.print(r)
        return
    for i, r in enumerate(items):
        if i:
            console.print()
        console.print(r)
