"""Output formats. Each renderer takes a Report and writes to a stream."""

from __future__ import annotations

import sys
from enum import Enum

from .blocks import Report

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TextIO


class Format(str, Enum):
    table = "table"
    plain = "plain"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"


def default_format(stream: TextIO) -> Format:
    """Rich tables on a terminal, plain text when piped."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return Format.table if tty else Format.plain


# formats of one command only, not in Format: `gxeco map --format svg`
SVG = "svg"


def render(
    report: Report,
    fmt: Format | str,
    stream: TextIO | None = None,
    *,
    color: bool | None = None,
    width: int | None = None,
    pager: bool | None = None,
    ascii: bool = False,
) -> None:
    """Write a report in a format; ``ascii``: data formats escape every non-ASCII character
    (the console cannot show Chinese; output.write decides)."""
    out = stream if stream is not None else sys.stdout
    fn: Callable[..., None]
    if fmt == SVG:
        from .svg import render_svg as fn

        fn(report, out)
        return
    fmt = Format(fmt)
    if fmt in (Format.json, Format.jsonl):
        from .jsonfmt import render_json, render_jsonl

        (render_json if fmt is Format.json else render_jsonl)(report, out, ascii=ascii)
        return
    elif fmt is Format.csv:
        from .csvfmt import render_csv as fn
    elif fmt is Format.md:
        from .markdown import render_md as fn
    elif fmt is Format.plain:
        from .plain import render_plain as fn
    else:
        from .rich_fmt import render_rich

        render_rich(report, out, color=color, width=width, pager=pager)
        return
    fn(report, out)
