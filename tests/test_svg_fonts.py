"""The SVG map draws its Chinese under cairosvg (first font family only), rsvg and browsers.

Runs where a renderer is installed (pip cairosvg; apt librsvg2-bin for rsvg-convert) with a CJK font
(apt fonts-noto-cjk), and says so when it skips."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gxeco import citymap, reports
from gxeco.render.svg import FONT, svg_text


def _svg(ds, title: str | None = None) -> str:
    data = reports.city_map(citymap.city_map(ds.cases), ds.metas, {}).data
    if title is not None:
        data = {**data, "title": title}
    return svg_text(data)


def test_font_list_starts_with_a_cjk_face_and_says_the_text_is_chinese(ds) -> None:
    root = ET.fromstring(_svg(ds))
    assert root.get("font-family") == FONT
    assert FONT.split(",")[0].strip("'") == "Noto Sans CJK SC"
    assert FONT.endswith(",sans-serif")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"


def test_cairosvg_draws_every_han_character_of_the_map(ds, tmp_path: Path) -> None:
    try:
        import cairocffi
        import cairosvg
    except (ImportError, OSError) as exc:  # OSError: cairocffi finds no libcairo
        pytest.skip(f"cairosvg unavailable ({exc}): pip install cairosvg")

    text = _svg(ds)
    han = sorted(set(re.findall(r"[\u4e00-\u9fff]", text)))
    # the face cairosvg asks for: the first family of the list, as cairosvg's text.py reads it
    first = FONT.split(",")[0].strip("\"' ")
    ctx = cairocffi.Context(cairocffi.ImageSurface(cairocffi.FORMAT_ARGB32, 1, 1))
    ctx.select_font_face(first)
    glyphs = ctx.get_scaled_font().text_to_glyphs(0, 0, "".join(han), False)
    if not any(g[0] for g in glyphs):
        pytest.skip(f"no font named {first} installed (apt install fonts-noto-cjk)")
    missing = [ch for ch, g in zip(han, glyphs, strict=True) if g[0] == 0]
    assert missing == []  # glyph 0 is the empty box
    # and drawn: two titles of the same characters in another order differ only where glyphs are real
    a = cairosvg.svg2png(bytestring=_svg(ds, "桂林南宁").encode())
    b = cairosvg.svg2png(bytestring=_svg(ds, "南宁桂林").encode())
    assert a.startswith(b"\x89PNG") and a != b


def test_rsvg_renders_the_map(ds, tmp_path: Path) -> None:
    exe = shutil.which("rsvg-convert")
    if exe is None:
        pytest.skip("rsvg-convert not installed: apt install librsvg2-bin")
    src = tmp_path / "map.svg"
    src.write_text(_svg(ds), encoding="utf-8")
    r = subprocess.run([exe, "-f", "png", str(src)], capture_output=True, timeout=60, check=True)
    assert r.stdout.startswith(b"\x89PNG") and r.stderr == b""
