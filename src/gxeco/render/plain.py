"""Plain text for pipes and files: no colour, no box drawing, one record per line."""

from __future__ import annotations

from ..layout import width_of
from ..safe import clean, deep
from .blocks import Bars, Block, Bullets, Fields, Heading, Items, Para, Report, Styled, Table, TileMap, colon

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from typing import TextIO


def styled_plain(t: Styled | str) -> str:
    if isinstance(t, str):
        return t
    return "".join(f"【{s}】" if style == "hit" else s for s, style in t)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - width_of(s))


def block_lines(b: Block) -> list[str]:
    if isinstance(b, Heading):
        rule = "=" if b.level == 1 else "-"
        return [b.text, rule * max(4, width_of(b.text))]
    if isinstance(b, Para):
        lead = f"{b.label}{colon(b.label)}" if b.label else ""
        return [lead + styled_plain(b.text)]
    if isinstance(b, Fields):
        w = max((width_of(k) for k, _ in b.rows), default=0)
        return [f"{_pad(k, w)}  {v}" for k, v in b.rows]
    if isinstance(b, Items):
        out = []
        for i, (title, text) in enumerate(b.rows, 1):
            out.append(f"{i}. {title}")
            out += [f"   {ln}" for ln in text.splitlines() if ln.strip()]
            for sub, body in b.parts_of(i - 1):
                out.append(f"   {sub}")
                out += [f"   {ln}" for ln in body.splitlines() if ln.strip()]
        return out
    if isinstance(b, Bullets):
        return [f"- {r}" for r in b.rows]
    if isinstance(b, Bars):
        w = max((width_of(k) for k, _ in b.counts), default=0)
        return [b.title] + [f"  {_pad(k, w)}  {n:>3}  {'#' * n}" for k, n in b.counts]
    if isinstance(b, TileMap):  # ASCII frames; the counts carry what colour would
        from .tiles import map_width, tile_lines

        return ["".join(s for s, _ in ln) for ln in tile_lines(b, map_width(b), ascii_only=True)]
    if isinstance(b, Table) and b.per_field:
        return _per_field(b)
    if isinstance(b, Table):
        cells = [[styled_plain(c).replace("\n", " ") for c in row] for row in b.rows]
        widths = [width_of(c) for c in b.columns]
        for row in cells:
            for i, c in enumerate(row):
                widths[i] = max(widths[i], width_of(c))
        lines = [b.title] if b.title else []
        last = len(b.columns) - 1
        lines.append("  ".join(c if i == last else _pad(c, widths[i]) for i, c in enumerate(b.columns)))
        for row in cells:
            lines.append("  ".join(c if i == last else _pad(c, widths[i]) for i, c in enumerate(row)))
        return lines
    raise TypeError(type(b))  # pragma: no cover


SHORT = 40  # a value up to this wide shares a line with its record's label


def _per_field(b: Table) -> list[str]:
    """One block per field: its name, then each record's value labelled with the record
    (column 1… header). A long value goes on lines of its own, as ``show`` prints it,
    so no line is longer than the longest line of the records' own text."""
    heads = b.columns[1:]
    w = max((width_of(h) for h in heads), default=0)
    lines: list[str] = []
    for k, row in enumerate(b.rows):
        if k:
            lines.append("")
        lines.append(styled_plain(row[0]))
        for head, cell in zip(heads, row[1:], strict=False):
            value = styled_plain(cell)
            if "\n" not in value and width_of(value) <= SHORT:
                lines.append(f"{_pad(head, w)}  {value}".rstrip())
            else:
                lines.append(head + "：")
                lines += [ln for ln in value.split("\n") if ln]
    return lines


def _plain(report: Report) -> str:
    chunks = ["\n".join(block_lines(b)) for b in report.blocks]
    return "\n\n".join(chunks) + "\n" if chunks else ""


def render_plain(report: Report, out: TextIO) -> None:
    text = _plain(report)
    if not clean(text):  # laid out again from visible text, so the columns still line up
        text = _plain(deep(report))
    out.write(text)
