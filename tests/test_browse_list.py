"""browse's list and find box draw what a fresh screen would: the list keeps the strips of rows
it drew before (a backspace, a mark), and the find box repaints without laying the screen out."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.widgets import Input

from gxeco.browse.app import BrowseApp


def _list_lines(app: BrowseApp) -> list[str]:
    ol = app.query_one("#cases")
    return [ol.render_line(y).text for y in range(ol.size.height)]


def test_the_list_and_the_find_box_draw_what_a_fresh_screen_would(ds: Any) -> None:
    app = BrowseApp(ds)
    seen: dict[str, Any] = {}

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("slash")
            box = app.query_one("#filter", Input)
            # wider than the box: the box scrolls to keep what was typed last in view
            box.insert_text_at_cursor("生态产品价值实现机制碳汇交易生态补偿林业碳汇质押贷款")
            await pilot.press("left", "right", "林", "地")
            seen["box"] = box.render_line(0).text
            box.value = ""
            await pilot.press("红")
            await pilot.pause()
            seen["red"], seen["ids"] = _list_lines(app), [f.case.id for f in app.found]
            await pilot.press("树", "林", "backspace", "backspace")  # rows drawn from the strips kept
            await pilot.pause()
            seen["back"], seen["back ids"] = _list_lines(app), [f.case.id for f in app.found]
            await pilot.press("escape", "m")
            await pilot.pause()
            seen["marked"], seen["shown"] = _list_lines(app), app.case.short_title if app.case else ""
            await pilot.press("m")
            await pilot.pause()
            seen["unmarked"] = _list_lines(app)

    asyncio.run(main())
    assert "质押贷款林地" in seen["box"] and "生态产品价值" not in seen["box"]
    assert seen["back ids"] == seen["ids"] and len(seen["ids"]) > 3
    assert seen["back"] == seen["red"] and any("红" in line for line in seen["red"])
    marked = [line for line in seen["marked"] if "●" in line]
    assert marked == [next(line for line in seen["marked"] if seen["shown"] in line)]
    assert seen["unmarked"] == seen["red"]
