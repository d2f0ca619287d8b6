"""A TileMap as text lines: boxes on a terminal, ASCII in a pipe, one line per tile when narrow.

Every tile is the same size: a name centred above its count, inside a frame. The
characters are in GBK (box drawing U+250x is; the light shades ░▒ are not, so the
shade is the tile's colour, never a character) and the count is always written, so
the map reads under NO_COLOR by the numbers alone.
"""

from __future__ import annotations

from ..layout import width_of
from .blocks import TileMap

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..layout import Segment

    Line = list[Segment]

# a TileMap's frames and shades (0: no case … 3: the most), for rich and for Textual alike; on a
# 16-colour terminal they fall to white, green and black (rich downgrades them), so the steps still show;
# the count is always written too
TILE_STYLES = {
    "frame": "dim",
    "tile0": "dim",
    "tile1": "black on #c7e9c0",
    "tile2": "bold black on #31a354",
    "tile3": "bold white on #00441b",
}
INNER = 8  # cells inside a frame: the longest short name (防城港, 6 cells) with a cell either side
TILE = INNER + 2
GAP = 1
BOX = ("┌", "─", "┐", "│", "└", "┘")
ASCII = ("+", "-", "+", "|", "+", "+")


def map_width(b: TileMap) -> int:
    return b.cols * TILE + (b.cols - 1) * GAP


def _centre(s: str, width: int) -> str:
    w = width_of(s)
    left = (width - w) // 2
    return " " * left + s + " " * (width - w - left)


def _tile(name: str, count: int, shade: int, frame: tuple[str, ...]) -> list[Line]:
    tl, h, tr, v, bl, br = frame
    fill = f"tile{shade}"
    return [
        [(tl + h * INNER + tr, "frame")],
        [(v, "frame"), (_centre(name, INNER), fill), (v, "frame")],
        [(v, "frame"), (_centre(str(count), INNER), fill), (v, "frame")],
        [(bl + h * INNER + br, "frame")],
    ]


def tile_lines(b: TileMap, width: int, *, ascii_only: bool = False) -> list[Line]:
    """The grid drawn to fit ``width``; narrower than the grid, one line per tile (name and count)."""
    if width < map_width(b):
        nw = max((width_of(t[2]) for t in b.tiles), default=0)
        return [
            [(name + " " * (nw - width_of(name) + 1), None), (str(count), f"tile{shade}")]
            for _, _, name, count, shade, _ in b.tiles
        ]
    frame = ASCII if ascii_only else BOX
    at = {(t[0], t[1]): t for t in b.tiles}
    out: list[Line] = []
    for r in range(b.rows):
        cells = [
            _tile(t[2], t[3], t[4], frame) if (t := at.get((r, c))) else [[(" " * TILE, None)]] * 4
            for c in range(b.cols)
        ]
        for y in range(4):
            line: Line = []
            for c, cell in enumerate(cells):
                if c:
                    line.append((" " * GAP, None))
                line += cell[y]
            while line and line[-1][1] is None and not line[-1][0].strip():
                line = line[:-1]
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out
