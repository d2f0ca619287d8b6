"""Markdown for pasting into a report."""

from __future__ import annotations

from ..safe import clean, deep
from .blocks import Bars, Block, Bullets, Fields, Heading, Items, Para, Report, Styled, Table, TileMap, colon

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from typing import TextIO


def esc(s: str) -> str:
    for ch in "\\`*_[]<>|":
        s = s.replace(ch, "\\" + ch)
    return s


def styled_md(t: Styled | str) -> str:
    if isinstance(t, str):
        return esc(t)
    return "".join(f"**{esc(s)}**" if st in ("hit", "strong") else esc(s) for s, st in t)


def _cell(t: Styled | str) -> str:
    return styled_md(t).replace("\n", "<br>")


def block_md(b: Block) -> str:
    if isinstance(b, Heading):
        return "#" * min(b.level + 1, 6) + " " + esc(b.text)
    if isinstance(b, Para):
        lead = f"**{esc(b.label)}**{colon(b.label)}" if b.label else ""
        return lead + styled_md(b.text)
    if isinstance(b, Fields):
        return "\n".join(f"- **{esc(k)}**: {esc(v)}" for k, v in b.rows)
    if isinstance(b, Items):
        out = []
        for i, (title, text) in enumerate(b.rows, 1):
            paras = ["   " + esc(p) for p in text.splitlines() if p.strip()]
            for sub, more in b.parts_of(i - 1):
                paras.append(f"   **{esc(sub)}**")
                paras += ["   " + esc(p) for p in more.splitlines() if p.strip()]
            body = "\n\n".join(paras)
            out.append(f"{i}. **{esc(title)}**" + (f"\n\n{body}" if body else ""))
        return "\n\n".join(out)
    if isinstance(b, Bullets):
        return "\n".join(f"- {esc(r)}" for r in b.rows)
    if isinstance(b, Bars):
        bars = "\n".join(f"| {esc(k)} | {n} |" for k, n in b.counts)
        return f"**{esc(b.title)}**\n\n| | |\n|---|---:|\n{bars}"
    if isinstance(b, Table):
        head = "| " + " | ".join(esc(c) for c in b.columns) + " |"
        sep = "|" + "|".join("---" for _ in b.columns) + "|"
        rows = ["| " + " | ".join(_cell(c) for c in r) + " |" for r in b.rows]
        title = f"**{esc(b.title)}**\n\n" if b.title else ""
        return title + "\n".join([head, sep, *rows])
    if isinstance(b, TileMap):  # a table of the tiles, row by row from the north-west
        tiles = sorted(b.tiles, key=lambda t: (t[0], t[1]))
        body = "\n".join(f"| {esc(t[2])} | {t[3]} | {t[0] + 1}, {t[1] + 1} | {esc(t[5])} |" for t in tiles)
        return f"| 地市 | 案例数 | 位置（行, 列） | 案例 |\n|---|---:|---|---|\n{body}"
    raise TypeError(type(b))  # pragma: no cover


def render_md(report: Report, out: TextIO) -> None:
    text = "\n\n".join(block_md(b) for b in report.blocks) + "\n"
    if not clean(text):
        text = "\n\n".join(block_md(b) for b in deep(report).blocks) + "\n"
    out.write(text)
