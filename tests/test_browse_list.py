"""browse's list and find box draw what a fresh screen would: the list keeps the strips of rows
it drew before (a backspace, a mark), and the find box repaints without laying the screen out."""

from __future__ import annotations

import asyncio
from typing import Any

from gxeco.browse.app import BrowseApp


def _list_lines(app: BrowseApp) -> list[str]:
    ol = app.query_one("#cases")
    return [ol.render_line(y).text for y in range(ol.size.height)]


def _typed(ds: Any, *keys: str) -> tuple[list[str], str, list[str], str]:
    """The list's lines, the find box's line, the found cases' ids and the case shown after these keys."""
    app = BrowseApp(ds)
    out: dict[str, Any] = {}

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("slash", *keys)
            await app.workers.wait_for_complete()
            await pilot.pause()
            out["list"] = _list_lines(app)
            out["box"] = app.query_one("#filter").render_line(0).text
            out["ids"] = [str(f.case.id) for f in app.found]
            out["case"] = app.case.short_title if app.case else ""

    asyncio.run(main())
    return out["list"], out["box"], out["ids"], out["case"]


def test_a_backspace_draws_the_list_a_fresh_query_draws(ds: Any) -> None:
    back = _typed(ds, "红", "树", "林", "backspace", "backspace")
    fresh = _typed(ds, "红")
    assert back[2] == fresh[2] and len(fresh[2]) > 3
    assert back[0] == fresh[0]
    assert any("红" in line for line in fresh[0])


def test_a_mark_redraws_its_row(ds: Any) -> None:
    lines, _, _, shown = _typed(ds, "红", "escape", "m")
    assert [line for line in lines if "●" in line] == [next(line for line in lines if shown in line)]
    lines, _, _, _ = _typed(ds, "红", "escape", "m", "m")  # unmarked: the row as it was
    assert not any("●" in line for line in lines)
    assert lines == _typed(ds, "红", "escape")[0]


def test_the_find_box_shows_the_end_of_a_long_query(ds: Any) -> None:
    # wider than the box: the box scrolls to keep what was typed last in view
    query = "生态产品价值实现机制碳汇交易生态补偿林业碳汇质押贷款"
    _, box, _, _ = _typed(ds, *query)
    assert box.rstrip().endswith("质押贷款") or "质押贷款" in box
    assert not box.lstrip().startswith("生态产品价值")
