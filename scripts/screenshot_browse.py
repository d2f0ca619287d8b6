"""Redraw docs/browse.svg, the README's screenshot of `gxeco browse` (Textual's own SVG export).

    python scripts/screenshot_browse.py

The scene: 红树林 typed in the filter, ↓ to case 4, Enter opens it at its first match;
110×32, the default dark theme.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


async def shoot() -> str:
    from gxeco.browse.app import BrowseApp
    from gxeco.loader import bundled_path, load

    app = BrowseApp(load([bundled_path()]))
    async with app.run_test(size=(110, 32)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"红树林")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.pause()
        return app.export_screenshot(title="gxeco browse")


def main() -> None:
    os.environ.pop("COLORFGBG", None)  # the dark theme, whatever terminal runs this
    (ROOT / "docs" / "browse.svg").write_text(asyncio.run(shoot()), encoding="utf-8")


if __name__ == "__main__":
    main()
