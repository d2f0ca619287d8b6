"""Chinese typesetting of every report on a terminal, at any width from 30 to 200.

Reports are built by gxeco.reports and rendered in-process by the rich renderer. Every
paragraph the layout breaks is recorded: no line starts with closing or ends with opening
punctuation, no number is cut from its unit, nothing is added or lost; and every line of
the output fits the width, and the output holds exactly the characters of the report.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len as cell_width  # rich's count, independent of gxeco's (and cached)

from gxeco import figure_reports, layout, query, reports, units
from gxeco.loader import bundled_path, load
from gxeco.render import Format, render
from gxeco.render.blocks import Bars, Bullets, Fields, Heading, Items, Para, Report, Table, flat
from gxeco.render.grid import plan
from gxeco.search import search

_UNIT = "|".join(re.escape(u) for u in sorted({*units.FIGURE_UNITS, "年", "月"}, key=len, reverse=True))
_ONE = rf"\d+(?:[.,]\d+)*(?:[多余]?[万亿千百]?[多余]?(?:{_UNIT}))?"
NUMBER = re.compile(rf"{_ONE}(?:[—~～-]{_ONE})*")


@cache
def built() -> dict[str, Report]:
    ds = load([bundled_path()])
    out = {f"show {c.id}": reports.case_detail(c) for c in ds.cases}
    by_id = {c.id: c for c in ds.cases}
    for a, b in ((7, 8), (1, 10)):
        cs = [by_id[a], by_id[b]]
        out[f"compare {a} {b}"] = reports.comparison(query.compare(cs), cs)
    for words in (["碳汇"], ["梯田"], ["亿元"]):
        out["search " + " ".join(words)] = reports.search_results(search(ds.cases, words)[:5])
    out["list"] = reports.case_list(ds.cases)
    # all 700 figures are one long table; two slices of it cover its layouts
    out["figures --topic investment"] = figure_reports.figures(
        query.sort_figures(query.figure_rows(ds.cases, "investment"), "value")
    )
    out["figures --case 10"] = figure_reports.figures(query.figure_rows([by_id[10]]))
    out["stats"] = reports.stats_report(query.stats(ds.cases), list(query.DIMENSIONS))
    return out


NAMES = sorted(built())


def expected_chars(report: Report, width: int) -> Counter[str]:
    """Every character the report should show at this width (tables: the columns the layout keeps)."""
    parts: list[str] = []
    for b in report.blocks:
        if isinstance(b, Heading):
            parts.append(b.text)
        elif isinstance(b, Para):
            parts += [b.label or "", flat(b.text)]
        elif isinstance(b, Fields):
            parts += [k + v for k, v in b.rows]
        elif isinstance(b, Items):
            parts += [f"{i}. {t}{x}" for i, (t, x) in enumerate(b.rows, 1)]
            parts += [t + x for i in range(len(b.rows)) for t, x in b.parts_of(i)]
        elif isinstance(b, Bullets):
            parts += ["- " + r for r in b.rows]
        elif isinstance(b, Bars):
            parts += [b.title, *(f"{k}{n}" for k, n in b.counts)]
        elif isinstance(b, Table):
            parts.append(b.title or "")
            p = plan(b, width)
            if p is None:
                parts += [col + flat(c) for row in b.rows for col, c in zip(b.columns, row, strict=False) if flat(c)]
            else:
                parts += [b.columns[i] for i in p[0]]
                parts += [flat(row[i]) for row in b.rows for i in p[0]]
    return _chars("".join(parts))


def _chars(text: str) -> Counter[str]:
    """The characters of text, white space (padding, indents, line breaks) left out."""
    c = Counter(text)
    for ch in [ch for ch in c if ch.isspace()]:
        del c[ch]
    return c


def check_break(text: str, width: int, lines: list[str]) -> None:
    """One paragraph as the layout broke it."""
    assert "".join(lines) == text, "text lost or duplicated"
    assert all(cell_width(ln) <= width for ln in lines), (width, lines)
    assert all(ln for ln in lines) or text == ""
    for ln in lines[1:]:
        assert ln[0] not in layout.NO_START, ("line starts with", ln[0], width, lines)
    for ln in lines[:-1]:
        assert ln[-1] not in layout.NO_END, ("line ends with", ln[-1], width, lines)
    cuts = set()
    pos = 0
    for ln in lines[:-1]:
        pos += len(ln)
        cuts.add(pos)
    for m in NUMBER.finditer(text):
        a, b = m.span()
        # the number with the marks that must stay beside it (（2021—2023年）。)
        while a > 0 and text[a - 1] in layout.NO_END:
            a -= 1
        while b < len(text) and text[b] in layout.NO_START:
            b += 1
        if cell_width(text[a:b]) <= width:
            assert not any(m.start() < k < m.end() for k in cuts), ("number split", m.group(), width, lines)


def render_checked(name: str, width: int) -> str:
    """Render with every paragraph break recorded and checked."""
    report = built()[name]
    calls: list[tuple[str, int, list[str]]] = []
    original = layout.wrap_styled

    def recording(text: Any, w: int) -> Any:
        lines = original(text, w)
        calls.append(("".join(s for s, _ in text), w, ["".join(s for s, _ in ln) for ln in lines]))
        return lines

    layout.wrap_styled = recording  # type: ignore[assignment]
    try:
        buf = io.StringIO()
        render(report, Format.table, buf, width=width, color=False)
    finally:
        layout.wrap_styled = original  # type: ignore[assignment]
    if name.startswith("show"):  # long paragraphs: the renderer must break them with gxeco.layout
        assert any(len(lines) > 1 for _, _, lines in calls), "the renderer did not break its text with gxeco.layout"
    for text, w, lines in calls:
        assert w <= width
        check_break(text, w, lines)
    out = buf.getvalue()
    lines = out.splitlines()
    assert all(cell_width(ln) <= width for ln in lines), (name, width, max(lines, key=cell_width))
    if not name.startswith("search"):  # snippets may open with the source's own "…"
        for ln in lines:
            assert ln.lstrip()[:1] not in layout.NO_START, (name, width, ln)
    got = _chars(out)
    for chrome in "─█":
        del got[chrome]
    assert got == expected_chars(report, width), (name, width)
    return out


# layouts change where the table columns stop fitting: test both sides of each
EDGES = [30, 59, 60, 69, 70, 80, 98, 100, 114, 200]
SHOW_EDGES = [30, 59, 60, 80, 200]  # text, and one small table


@pytest.mark.parametrize("name", NAMES)
def test_every_report_at_the_edges(name: str) -> None:
    for w in SHOW_EDGES if name.startswith("show") else EDGES:
        render_checked(name, w)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NAMES), st.integers(30, 200))
@example("show 10", 60)
@example("compare 7 8", 100)
def test_any_report_at_any_width(name: str, width: int) -> None:
    render_checked(name, width)


def test_show_10_at_60_has_no_line_opening_with_a_closing_mark() -> None:
    out = render_checked("show 10", 60)
    assert not [ln for ln in out.splitlines() if re.match(r"^\s*[，。、；：？！）」》”]", ln)]
