"""Rich output for a terminal: colour on lines gxeco has already broken. User text is never markup.

``grid`` lays every block out as finished lines (Chinese line breaking by
``gxeco.layout``, column widths by content); rich only styles and writes them, with
wrapping off: rich has no Chinese line-breaking rules, and its wrapping of long text
was most of the rich path's cost.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from .blocks import Block, Report
from .grid import block_lines

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .grid import Line

STYLES = {
    "hit": "bold black on yellow",
    "strong": "bold",
    "dim": "dim",
    "title": "bold underline",
    "h2": "bold cyan",
    "label": "bold cyan",
    "head": "bold cyan",
    "bar": "green",
}


def make_console(out: TextIO, color: bool | None, width: int | None) -> Console:
    kw: dict[str, object] = {}
    if color is False:
        kw["no_color"] = True
    return Console(file=out, markup=False, emoji=False, highlight=False, width=width, soft_wrap=False, **kw)  # type: ignore[arg-type]


def lines_text(lines: list[Line]) -> Text:
    """One Text for a block's lines; rich must neither wrap nor cut them."""
    t = Text(no_wrap=True, overflow="ignore", end="\n")
    for k, line in enumerate(lines):
        if k:
            t.append("\n")
        for s, st in line:
            t.append(s, STYLES.get(st, st) if st else None)
    return t


def block_renderable(b: Block, width: int) -> Text:
    return lines_text(block_lines(b, width))


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
