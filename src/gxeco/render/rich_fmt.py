"""Rich output for a terminal: colour on lines gxeco has already broken. User text is never markup.

``grid`` lays every block out as finished lines (Chinese line breaking by
``gxeco.layout``, column widths by content); rich only styles and writes them, with
wrapping off: rich has no Chinese line-breaking rules, and its wrapping of long text
was most of the rich path's cost. Where rich would write no colour (a pipe, a file)
the lines are written without importing rich at all (``console.plain_width``).
"""

from __future__ import annotations

from ..console import plain_width
from ..safe import clean, deep
from .blocks import Report
from .grid import block_lines
from .tiles import TILE_STYLES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.pager import Pager
    from rich.style import Style

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
    **TILE_STYLES,
}
_parsed: dict[str, Style] = {}


def _style(name: str | None) -> Style | None:
    if name is None:
        return None
    st = _parsed.get(name)
    if st is None:
        from rich.style import Style

        st = _parsed[name] = Style.parse(STYLES.get(name, name))
    return st


class Lines:
    """Finished lines as rich segments: nothing for rich to measure, wrap or cut."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        if console.color_system is None:  # no styles to write (TERM=dumb, FORCE_COLOR=""): one segment, not one a piece
            yield Segment(_text(self.lines))
            return
        newline = Segment.line()
        for line in self.lines:
            for s, st in line:
                yield Segment(s, _style(st))
            yield newline


def _text(lines: list[Line]) -> str:
    return "".join("".join(s for s, _ in line) + "\n" for line in lines)


def command_pager(cmd: str) -> Pager:
    """rich's pager frame (capture, styles as escape codes) with git's choice of pager (console.page)."""
    from rich.pager import Pager

    from ..console import page

    class CommandPager(Pager):
        def show(self, content: str) -> None:
            page(content, cmd)

    return CommandPager()


def make_console(out: TextIO, color: bool | None, width: int | None) -> Console:
    from rich.console import Console

    kw: dict[str, object] = {}
    if color is False:
        kw["no_color"] = True
    return Console(file=out, markup=False, emoji=False, highlight=False, width=width, soft_wrap=False, **kw)  # type: ignore[arg-type]


def _lines(report: Report, width: int) -> list[Line]:
    lines: list[Line] = []
    for i, b in enumerate(report.blocks):
        if i:
            lines.append([])  # a blank line between blocks
        lines += block_lines(b, width)
    return lines


def _clean_lines(report: Report, width: int) -> list[Line]:
    lines = _lines(report, width)
    if not clean("".join(s for line in lines for s, _ in line)):  # laid out again from visible text
        lines = _lines(deep(report), width)
    return lines


def render_rich(
    report: Report, out: TextIO, *, color: bool | None = None, width: int | None = None, pager: bool | None = None
) -> None:
    """``pager``: None pages output longer than the screen, True any output, False none (on a terminal only)."""
    plain = plain_width(out, width)
    if plain is not None:  # nothing for rich to do: no colour, no terminal, no pager
        out.write(_text(_clean_lines(report, plain)))
        out.flush()  # as rich's print does
        return
    console = make_console(out, color, width)
    lines = _clean_lines(report, console.width)
    # every line fits the width already: crop=False spares rich a pass over them
    if pager is not False and console.is_terminal and (pager or len(lines) >= console.height):
        from ..console import pager_command

        cmd = pager_command()
        if cmd is not None:
            # the lines were broken at the terminal's width above: the pager shows them as they are
            with console.pager(command_pager(cmd), styles=color is not False):
                console.print(Lines(lines), crop=False)
            return
    console.print(Lines(lines), crop=False)
