"""The city map (``gxeco map --format svg``) as a figure for a report.

A self-contained SVG: title, the tiles with their names and counts, the region-wide
cases beside them, a legend of the shades, the "示意图" note and the source line.
It names fonts the reader's system has (CJK faces, then sans-serif) and loads none
(FONT says in which order),
runs no script and links nothing, so it opens the same offline, in a browser, an
office suite or a converter. All text is escaped, and control and invisible characters
shown (safe.visible): names come from data files, and the file is well-formed XML whatever they hold.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..layout import width_of
from ..safe import visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TextIO

    from .blocks import Report

TILE_W, TILE_H, GAP, MARGIN = 100, 64, 8, 24
TOP = 92  # title and note above the grid
# cairosvg draws with the first family alone (and empty boxes for Han characters when fontconfig finds no face of
# that name and falls back to a Latin one); rsvg (pango), browsers and office suites try each in turn and fall back
# per character. So the first is the one name the free CJK faces share on Linux, where cairosvg runs: Noto Sans CJK
# SC (Debian/Ubuntu fonts-noto-cjk, Fedora google-noto-sans-cjk, Arch noto-fonts-cjk), then the same face under
# its other names, then the faces macOS and Windows ship, then any sans-serif. xml:lang tells browsers and pango
# the Han text is Chinese (simplified forms of the shared characters).
FONT = (
    "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Source Han Sans CN','PingFang SC','Microsoft YaHei',"
    "'WenQuanYi Micro Hei',sans-serif"
)
FILL = ("#f2f2f2", "#c7e9c0", "#74c476", "#238b45")  # shade 0 (no case) … 3 (the most)
INK = ("#888888", "#1a1a1a", "#1a1a1a", "#ffffff")


def _esc(s: str) -> str:
    """Markup escaped, control and invisible characters shown (safe.visible): XML 1.0 holds the rest."""
    return escape(visible(s))


def _text(x: float, y: float, s: str, size: int, **attrs: Any) -> str:
    extra = "".join(f" {k.replace('_', '-')}={quoteattr(visible(str(v)))}" for k, v in attrs.items())
    return f'<text x="{x:g}" y="{y:g}" font-size="{size}"{extra}>{_esc(s)}</text>'


def _legend(tiles: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """Each shade that occurs, with the counts it stands for (0; 1; 2-3 …)."""
    spans: dict[int, list[int]] = {}
    for t in tiles:
        spans.setdefault(t["shade"], []).append(t["count"])
    out = []
    for shade in sorted(spans):
        lo, hi = min(spans[shade]), max(spans[shade])
        out.append((shade, f"{lo}" if lo == hi else f"{lo}–{hi}"))
    return out


def svg_text(data: dict[str, Any], href: Callable[[str], str] | None = None) -> str:
    """The figure; ``href`` (a city -> a link) makes each tile a link (the HTML export's map)."""
    rows, cols = data["grid"]["rows"], data["grid"]["cols"]
    grid_w = cols * TILE_W + (cols - 1) * GAP
    grid_h = rows * TILE_H + (rows - 1) * GAP
    sources = data["source"]
    # wide enough for the grid, the title (20 px, a Han character about a font size) and the source line (11 px)
    width = (
        max(grid_w, width_of(data["title"]) * 10 + 10, (width_of(sources[0]) + 6) * 6 if sources else 0) + 2 * MARGIN
    )
    legend_y = TOP + grid_h + 36
    source_y = legend_y + 44
    height = source_y + 18 * len(sources) + MARGIN
    total = data["total"]
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" xml:lang="zh-CN" role="img">',
        f"<title>{_esc(data['title'])}</title>",
        f"<desc>{_esc(data['note'])}</desc>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        _text(MARGIN, 38, data["title"], 20, font_weight="bold", fill="#1a1a1a"),
        _text(MARGIN, 64, data["note"], 12, fill="#555555"),
    ]
    for t in data["tiles"]:
        x = MARGIN + t["col"] * (TILE_W + GAP)
        y = TOP + t["row"] * (TILE_H + GAP)
        shade = t["shade"]
        out.append(
            f"<g><title>{_esc(t['city'])}：{t['count']}个案例</title>"
            f'<rect x="{x}" y="{y}" width="{TILE_W}" height="{TILE_H}" rx="6" fill="{FILL[shade]}" '
            f'stroke="#999999" stroke-width="1"/>'
            + _text(x + TILE_W / 2, y + 26, t["short"], 16, text_anchor="middle", fill=INK[shade])
            + _text(
                x + TILE_W / 2, y + 52, str(t["count"]), 20, text_anchor="middle", font_weight="bold", fill=INK[shade]
            )
            + "</g>"
        )
        if href is not None:
            out[-1] = f"<a href={quoteattr(href(t['city']))}>{out[-1]}</a>"
    # the region-wide cases: beside the grid, in its empty south-east corner, framed apart from the cities
    beside = data["region_wide"]
    bx = MARGIN + (cols - 2) * (TILE_W + GAP)
    by = TOP + (rows - 1) * (TILE_H + GAP)
    out.append(
        f'<rect x="{bx}" y="{by}" width="{2 * TILE_W + GAP}" height="{TILE_H}" rx="6" fill="none" '
        'stroke="#999999" stroke-dasharray="4 3"/>'
    )
    out.append(_text(bx + 10, by + 26, "全区（不属某一地市）", 14, fill="#1a1a1a"))
    out.append(_text(bx + 10, by + 50, f"{len(beside)}个案例", 16, font_weight="bold", fill="#1a1a1a"))
    # legend: the shades that occur and the counts they stand for
    x = MARGIN
    out.append(_text(x, legend_y + 14, f"案例数（共{total}个）：", 13, fill="#1a1a1a"))
    x += 150
    for shade, label in _legend(data["tiles"]):
        out.append(f'<rect x="{x}" y="{legend_y}" width="22" height="18" fill="{FILL[shade]}" stroke="#999999"/>')
        out.append(_text(x + 28, legend_y + 14, label, 13, fill="#1a1a1a"))
        x += 28 + 13 * len(label) + 22
    for k, s in enumerate(sources):
        out.append(_text(MARGIN, source_y + 18 * k, ("来源：" if k == 0 else "") + s, 11, fill="#555555"))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def render_svg(report: Report, out: TextIO) -> None:
    out.write(svg_text(report.data))
