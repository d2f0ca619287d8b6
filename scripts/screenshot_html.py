"""Redraw docs/html.png, the README's screenshot of `gxeco export -f html` (headless Chromium).

    python scripts/screenshot_html.py

The scene: the Chinese interface at 1100 x 760, 梯田 typed in the find box (results with their
marked snippets, the facets counted for them). Needs the distribution's chromium and
chromium-driver, and selenium (the dev extra).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    os.environ["GXECO_LANG"] = "zh"
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    from gxeco import load, reader
    from gxeco.output import html

    ds = load()
    folder = Path(tempfile.mkdtemp(prefix="gxeco-shot-"))
    page = folder / "案例.html"
    page.write_text(html.render(reader.page(ds, ds.cases)), encoding="utf-8")
    opts = Options()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-color-profile=srgb"):
        opts.add_argument(arg)
    d = webdriver.Chrome(options=opts, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    try:
        d.set_window_size(1100, 760)
        d.get(page.as_uri())
        d.execute_script(
            "const q = document.getElementById('q'); q.focus(); q.value = '梯田';q.dispatchEvent(new Event('input'));"
        )
        d.save_screenshot(str(ROOT / "docs" / "html.png"))
    finally:
        d.quit()
        shutil.rmtree(folder, ignore_errors=True)
    print("wrote docs/html.png")


if __name__ == "__main__":
    main()
