"""The HTML export in a real browser: headless Chromium (the distribution's package) driven by
Selenium. One browser for the module; the page is written once per data set.

Without Chromium, chromedriver or selenium these tests skip and say why; .ci/run installs the
browser so CI always runs them. Screenshots are kept in the test's temporary folder (the path is
printed with -s, and in GXECO_HTML_ARTEFACTS when set)."""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import gxeco
from gxeco import query, reader
from gxeco.output import html

from .test_html_export import hostile_batch

PDFTOTEXT = shutil.which("pdftotext")
PAGE_NO = re.compile(r"\s*\d+\s*/\s*\d+\s*")  # a page's number, N / M (a reader may drop the spaces)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
try:
    import selenium  # noqa: F401

    SELENIUM = True
except ImportError:
    SELENIUM = False

WHY = (
    "no selenium (pip install -e '.[dev]')"
    if not SELENIUM
    else "no Chromium or chromedriver (apt-get install chromium chromium-driver)"
    if not (CHROMIUM and DRIVER)
    else ""
)
# `browser`: left out of the default run (the whole suite stays under a minute on two cores);
# the README's test command runs them after it (`pytest -m browser -n0`: one browser, one process)
pytestmark = [pytest.mark.browser, pytest.mark.skipif(bool(WHY), reason=f"browser tests skipped: {WHY}")]


@pytest.fixture(scope="module")
def browser() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = CHROMIUM  # type: ignore[assignment]
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(DRIVER))
    driver.set_window_size(1280, 900)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = Path(os.environ.get("GXECO_HTML_ARTEFACTS") or tmp_path_factory.mktemp("html-reader"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def page(ds: Any, folder: Path) -> Path:
    path = folder / "案例.html"
    path.write_text(html.render(reader.page(ds, ds.cases)), encoding="utf-8")
    return path


def open_page(browser: Any, path: Path, width: int = 1280, fragment: str = "") -> None:
    browser.set_window_size(width, 900)
    browser.get(path.as_uri() + fragment)
    browser.get_log("browser")  # drop what the last page logged


def type_query(browser: Any, text: str) -> None:
    """Type into the find box as a keystroke does (an input event). How long the page takes to answer is
    benchmarks/html_reader.py's to measure, not a test's."""
    browser.execute_script(
        """const q = document.getElementById('q');
        q.focus();  // a reader clicks or presses / before typing: the page readies its index then
        q.value = arguments[0];
        q.dispatchEvent(new Event('input', {bubbles: true}));""",
        text,
    )


def results(browser: Any) -> list[str]:
    return list(
        browser.execute_script(
            "return [...document.querySelectorAll('#results .case-row:not([hidden]) a')]"
            ".map(a => a.getAttribute('href').slice(6))"
        )
    )


def note(browser: Any) -> str:
    return str(browser.execute_script("return document.getElementById('find-note').textContent"))


def test_no_request_leaves_the_page(browser: Any, page: Path) -> None:
    open_page(browser, page)
    type_query(browser, "碳汇")
    browser.execute_script("location.hash = '#case-10'")
    browser.execute_script("location.hash = '#map'")
    # every fetch of the document's (style, script, image, font, XHR) is a resource entry: none
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert browser.execute_script("return performance.getEntriesByType('navigation')[0].name").startswith("file:")
    # and the policy forbids one: a request the page's own script would make is refused
    refused = browser.execute_async_script(
        """const done = arguments[arguments.length - 1];
        fetch('https://example.com/x').then(() => done('sent'), e => done('refused: ' + e.name));"""
    )
    assert refused.startswith("refused")
    logged = browser.get_log("browser")
    assert any("violates the following Content Security Policy" in e["message"] for e in logged)
    assert not [e for e in logged if "Content Security Policy" not in e["message"]]  # nothing else went wrong


def test_find_as_you_type_with_the_command_lines_rule(browser: Any, page: Path) -> None:
    open_page(browser, page)
    for k in (1, 2):
        type_query(browser, "碳汇"[:k])
    for word in ("梯田", "红树林", "碳汇"):  # the cases `gxeco search` finds (the page ranks by mentions alone)
        type_query(browser, word)
        assert set(results(browser)) == {str(r.case.id) for r in gxeco.find(word, exact=True)}
    assert browser.execute_script("return document.querySelectorAll('#results mark').length") > 0
    assert note(browser) == f"Cases found: {len(results(browser))}"  # exact: no note but the count

    type_query(browser, "龙胜")
    assert results(browser)[0] == "10" and "「" not in note(browser)
    type_query(browser, "龍勝")
    assert results(browser)[0] == "10" and "「龍勝」" in note(browser) and "「龙胜」" in note(browser)
    type_query(browser, "longsheng")
    assert results(browser)[0] == "10"
    type_query(browser, "园搏园")  # a typo, a homophone: taken, and said
    assert results(browser)[0] == "6" and "「园搏园」" in note(browser) and "「园博园」" in note(browser)
    type_query(browser, "梯田流转")
    assert results(browser)[0] == "10"
    type_query(browser, "土地整体")  # one character off a name: taken, and said
    assert "「土地整治」" in note(browser) and "10" in results(browser)
    type_query(browser, "梯田哈")  # several names as near: offered, nothing taken
    offered = browser.execute_script(
        "return [...document.querySelectorAll('#candidates button')].map(b => b.textContent)"
    )
    assert results(browser) == [] and 1 < len(offered) <= 5 and all(w.startswith("梯田") for w in offered)
    browser.execute_script("document.querySelector('#candidates button').click()")
    assert results(browser) and browser.execute_script("return document.getElementById('q').value") == offered[0]

    # keys: / finds, arrows walk the results, Esc leaves the find box
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    type_query(browser, "梯田")
    body = browser.find_element(By.TAG_NAME, "body")
    browser.execute_script("document.getElementById('q').blur()")
    body.send_keys("/")
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    first = browser.switch_to.active_element.get_attribute("href")
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element.get_attribute("href") != first
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert browser.execute_script("return document.body.dataset.view") == "case"
    assert browser.execute_script("return document.querySelectorAll('article.current mark.hl').length") > 0
    browser.execute_script("location.hash = ''")
    browser.find_element(By.ID, "q").send_keys(Keys.ESCAPE)
    assert browser.switch_to.active_element.get_attribute("id") != "q"


def test_facet_counts_are_gxeco_stats(browser: Any, page: Path, ds: Any) -> None:
    open_page(browser, page)
    shown = browser.execute_script(
        "return [...document.querySelectorAll('.fv')].map(b => [b.dataset.dim, b.dataset.value,"
        " +b.querySelector('.count').textContent])"
    )
    counts = query.stats(ds.cases)
    for dim in ("city", "category", "mode", "resource", "tag"):
        assert [(v, n) for d, v, n in shown if d == dim] == list(counts[f"by_{dim}"].items())
    # choosing 桂林市 narrows the list to its cases and the other facets count within it
    browser.execute_script("document.querySelector('.fv[data-value=\"桂林市\"]').click()")
    assert results(browser) == [str(c.id) for c in gxeco.cases(city="桂林")]
    narrowed = query.stats(gxeco.cases(city="桂林"))
    shown = browser.execute_script(
        "return [...document.querySelectorAll('.fv[data-dim=category]')]"
        ".map(b => +b.querySelector('.count').textContent)"
    )
    assert shown == list(narrowed["by_category"].values())
    browser.execute_script("document.getElementById('clear').click()")
    assert len(results(browser)) == 15
    # the map's tile of a city lists that city's cases
    open_page(browser, page, fragment="#map")
    browser.execute_script(
        "document.querySelector('#view-map a[href=\"#city=' + encodeURIComponent('桂林市') + '\"]')"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true}))"
    )
    assert browser.execute_script("return document.body.dataset.view") == "list"
    assert results(browser) == [str(c.id) for c in gxeco.cases(city="桂林")]


@pytest.mark.parametrize("n", [10, 3])
def test_a_cases_figures_are_gxeco_figures(browser: Any, page: Path, n: int) -> None:
    open_page(browser, page, fragment=f"#case-{n}")
    rows = browser.execute_script(
        "return [...document.querySelectorAll('article.current .figs tbody tr')].map(tr =>"
        " [+tr.cells[0].textContent, tr.cells[1].firstChild.textContent, tr.cells[2].textContent])"
    )
    assert rows == [[r.position, r.metric.label, r.as_dict()["display"]] for r in gxeco.figures(case=n)]
    # the source sentence shows when the reader points at a figure, its quote marked
    browser.execute_script("document.querySelector('article.current .figs td.label').focus()")
    sentence = browser.execute_script(
        "const s = document.querySelector('article.current .figs .sent'); return [getComputedStyle(s).display,"
        " s.textContent, s.querySelector('mark').textContent]"
    )
    first = gxeco.figures(case=n)[0].metric
    assert sentence[0] == "block" and sentence[2] == first.quote and len(sentence[1]) > len(first.quote)


def test_compare_is_gxeco_compare(browser: Any, page: Path) -> None:
    from gxeco.reports import compare_cell, field_name

    open_page(browser, page, fragment="#compare")
    browser.execute_script(
        "const a = document.getElementById('cmp-a'), b = document.getElementById('cmp-b');"
        "a.value = '6'; b.value = '7'; b.dispatchEvent(new Event('change'));"
    )
    shown = browser.execute_script(
        "return [...document.querySelectorAll('#cmp tbody tr')].map(tr => [...tr.cells].map(c => c.textContent))"
    )
    want = gxeco.compare(7, 8)
    assert shown == [[field_name(r["field"]), *(compare_cell(v) for v in r["values"])] for r in want["rows"]]


@pytest.mark.parametrize("width", [360, 1280])
def test_no_horizontal_scrolling(browser: Any, page: Path, folder: Path, width: int) -> None:
    for fragment in ("", "#case-10", "#case-2", "#compare", "#map"):
        open_page(browser, page, width, fragment)
        if not fragment:
            type_query(browser, "碳汇")
        over = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if fragment in ("", "#case-10"):  # the artefacts: the list found, a case with its figures
            browser.save_screenshot(str(folder / f"{fragment.strip('#') or 'list'}-{width}.png"))
        assert over[0] <= over[1], (fragment, width, over)


def test_the_page_paints_and_stays_small(browser: Any, page: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(browser, page)
    # the first contentful paint happens (its time is benchmarks/html_reader.py's to measure)
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return performance.getEntriesByName('first-contentful-paint').length")
    )
    assert page.stat().st_size < 1_000_000


def test_print_starts_each_case_on_a_page(browser: Any, folder: Path, ds: Any) -> None:
    import subprocess
    import unicodedata

    from pypdf import PdfReader

    def pages(fragment: str) -> list[str]:
        open_page(browser, path, fragment=fragment)
        pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
        (folder / f"print{fragment.strip('#')}.pdf").write_bytes(pdf)
        pdf_doc = PdfReader(io.BytesIO(pdf))
        assert abs(float(pdf_doc.pages[0].mediabox.width) - 595.3) < 1  # A4: 210 mm
        if PDFTOTEXT:  # poppler reads the CJK text in a fraction of pypdf's time
            text = subprocess.run([PDFTOTEXT, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
            texts = text.split("\f")[: len(pdf_doc.pages)]
        else:
            texts = [p.extract_text() for p in pdf_doc.pages]
        # each page's text, without its number (N / M at its foot, which pypdf reads first)
        numbers = [[ln.replace(" ", "") for ln in t.split("\n") if PAGE_NO.fullmatch(ln)] for t in texts]
        assert numbers == [[f"{k}/{len(texts)}"] for k in range(1, len(texts) + 1)]
        lines = [
            [ln for ln in unicodedata.normalize("NFKC", t).strip().split("\n") if not PAGE_NO.fullmatch(ln)]
            for t in texts
        ]
        return ["\n".join(ln).strip() for ln in lines]

    chosen = [ds.cases[k] for k in (8, 9)]  # two cases start their pages as all fifteen do, in a fifth of the time
    path = folder / "print.html"
    path.write_text(html.render(reader.page(ds, chosen)), encoding="utf-8")
    texts = pages("")
    assert texts[0].startswith("Cases")  # the contents first
    starts = [t for t in texts if any(t.startswith(f"{c.number}、") for c in chosen)]
    assert [t.split("、")[0] for t in starts] == [c.number for c in chosen]
    # printing from a case prints that case alone
    texts = pages("#case-10")
    assert texts[0].startswith("十、") and not any(t.startswith("九、") for t in texts)


def test_a_hostile_batch_runs_nothing(browser: Any, folder: Path) -> None:
    ds = gxeco.load(hostile_batch(folder))
    path = folder / "hostile.html"
    path.write_text(html.render(reader.page(ds, ds.cases)), encoding="utf-8")
    open_page(browser, path)
    for frag in ("#case-1", "#compare", "#map", ""):
        browser.execute_script("location.hash = arguments[0]", frag)
    type_query(browser, "碳汇")
    browser.execute_script("document.querySelectorAll('a').forEach(a => a.dispatchEvent(new MouseEvent('click')))")
    browser.execute_script("location.hash = ''")
    assert browser.execute_script("return window.pwned") is None
    assert browser.execute_script("return document.scripts.length") == 2
    assert browser.execute_script("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    title = browser.execute_script("return document.querySelector('#case-1 h1').textContent")
    assert "<script>window.pwned=1</script>" in title
