"""`gxeco export --format html` without a browser: what the file holds, which cases, which language,
and that nothing from a hostile batch reaches the page as markup. tests/test_html_browser.py opens
the page in Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gxeco import i18n, query, reader
from gxeco.output import html

from .conftest import ROOT, invoke_main

BATCH9 = ROOT / "tests" / "data" / "batch9.toml"


def hostile_batch(folder: Path) -> Path:
    """batch9.toml with markup, script, links and formulas in its texts (control and invisible
    characters a file may not hold: the loader refuses them, see the next test but one)."""
    text = BATCH9.read_text(encoding="utf-8")
    text = text.replace('title = "测试市林业碳汇试点案例"', 'title = "<script>window.pwned=1</script>测试案例"')
    text = text.replace('short_title = "测试林业碳汇"', 'short_title = "<img src=x onerror=\\"window.pwned=2\\">碳汇"')
    text = text.replace('"试点"]', '"javascript:window.pwned=3", "=HYPERLINK(\\"http://example.com\\")"]')
    text = text.replace(
        'background = "测试背景。"',
        'background = "测试背景。</script><script>window.pwned=4</script>"',
    )
    text = text.replace('mechanism = "测试机制。"', 'mechanism = "<a href=\\"javascript:window.pwned=5\\">点</a>&amp;"')
    path = folder / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def export(tmp_path: Path, *args: str, name: str = "案例.html") -> tuple[str, str]:
    out = tmp_path / name
    r = invoke_main([*args[: args.index("export")], "export", *args[args.index("export") + 1 :], "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out.read_text(encoding="utf-8"), r.stderr


def anchors(page: str) -> list[str]:
    return re.findall(r'<article id="([^"]+)"', page)


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="gx-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The bundled cases' page, as `gxeco export -o 案例.html` writes it (by its suffix), and the message."""
    return export(tmp_path_factory.mktemp("html"), "export")


def test_the_suffix_chooses_html_and_the_file_stands_alone(full: tuple[str, str]) -> None:
    page, said = full
    assert "wrote 15 cases" in said
    assert page.startswith("<!DOCTYPE html>")
    assert anchors(page) == [f"case-{n}" for n in range(1, 16)]
    # nothing is fetched: no src, no external href, and a policy that forbids every request
    assert not re.search(r"""\ssrc=|href=["']?(?:https?:|//)|@import|url\(""", page)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and "default-src 'none'" in csp.group(1) and "unsafe" not in csp.group(1)
    # the policy's hashes are those of the inline style and script: the only ones that run
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        body = re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.S)
        assert len(body) == 1
        digest = base64.b64encode(hashlib.sha256(body[0].encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp.group(1)
    assert "<svg" in page and 'href="#city=%E6%A1%82%E6%9E%97%E5%B8%82"' in page  # 桂林市's tile links its cases
    assert len(page.encode()) < 1_000_000


def test_filters_choose_the_cases(tmp_path: Path) -> None:
    page, _ = export(tmp_path, "export", "--case", "7", "--case", "8", name="a.html")
    assert anchors(page) == ["case-7", "case-8"]
    page, _ = export(tmp_path, "export", "--city", "桂林", name="b.html")
    assert anchors(page) == ["case-2", "case-10"]
    page, _ = export(tmp_path, "export", "--city", "桂林", "--case", "10", "-f", "html", name="c.htm")
    assert anchors(page) == ["case-10"]
    assert page_data(page)["compare"] is None  # one case: nothing to compare
    page, _ = export(tmp_path, "--data", str(BATCH9), "--with-bundled", "export", name="d.html")
    assert anchors(page)[-3:] == ["case-3-15", "case-9-1", "case-9-2"]


def test_html_to_a_pipe_and_refusals(tmp_path: Path) -> None:
    r = invoke_main(["export", "-f", "html", "--case", "1"])
    assert r.exit_code == 0 and r.stdout.startswith("<!DOCTYPE html>") and anchors(r.stdout) == ["case-1"]
    r = invoke_main(["export", "-f", "html", "--metrics", "-o", str(tmp_path / "m.html")])
    assert r.exit_code == 2 and "--metrics" in r.stderr
    (tmp_path / "x.html").write_text("old")
    r = invoke_main(["export", "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "--force" in r.stderr and (tmp_path / "x.html").read_text() == "old"


def test_facets_and_figures_are_the_commands(ds, full: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    page = full[0]
    counts = query.stats(ds.cases)
    shown = re.findall(r'data-dim="(\w+)" data-value="([^"]+)"[^>]*>.*?<span class="count">(\d+)</span>', page)
    for dim in ("city", "category", "mode", "resource", "tag"):
        assert [(v, int(n)) for d, v, n in shown if d == dim] == list(counts[f"by_{dim}"].items())
    rows = query.figure_rows([ds.cases[9]])
    table = re.findall(r'<tr id="case-10-f(\d+)"><td>\d+</td><td class="label" tabindex="0">([^<]+)<', page)
    assert [(int(p), label) for p, label in table] == [(r.position, r.metric.label) for r in rows]


def test_interface_language_from_the_catalog(ds) -> None:  # type: ignore[no-untyped-def]
    try:
        i18n.reset("zh")
        zh = html.render(reader.page(ds, ds.cases[:2]))
    finally:
        i18n.reset("en")
    en = html.render(reader.page(ds, ds.cases[:2]))
    assert '<label for="q">查找</label>' in zh and '<html lang="zh-CN">' in zh
    assert '<label for="q">Find</label>' in en and '<html lang="en">' in en
    assert page_data(zh)["messages"]["copied"] == "已复制"


def test_a_hostile_batch_reaches_the_page_as_text(tmp_path: Path) -> None:
    page, _ = export(tmp_path, "--data", str(hostile_batch(tmp_path)), "export")
    assert page.count("<script") == 2  # the data's and the page's own
    assert "<script>window" not in page and "<img" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    data = page.split('id="gx-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data and "&" not in data and "\u2028" not in data
    assert page_data(page)["cases"][0]["title"] == '<img src=x onerror="window.pwned=2">碳汇'  # text, inert
    assert "=HYPERLINK(" in page  # a formula is text on a page: shown, never evaluated


def test_control_and_invisible_characters_are_shown_never_acted_on() -> None:
    """Data that reached the library some other way (the API): every such character is shown
    as the one sanitiser shows it, in the page and in the script's data."""
    from gxeco.loader import load
    from gxeco.model import Case, Dataset

    ds = load([BATCH9])
    bad = "\x1b[31m\u202e\u2028"
    c = ds.cases[0]
    fields = {f: getattr(c, f) for f in Case.__record_fields__}
    fields["short_title"] = "碳汇" + bad
    fields["background"] = "测试背景" + bad + "。"
    poisoned = Dataset(ds.metas, (Case(**fields), *ds.cases[1:]), ds.paths)
    page = html.render(reader.page(poisoned, poisoned.cases))
    for ch in ("\x1b", "\u202e", "\u2028"):
        assert ch not in page
    assert "\\x1b[31m&lt;U+202E&gt;&lt;U+2028&gt;" in page  # shown (and escaped), as every format shows them
    assert page_data(page)["cases"][0]["title"] == "碳汇\\x1b[31m<U+202E><U+2028>"


@pytest.mark.parametrize("value", ["a</script><script>x()</script>", "\u2028\u2029<!--", "&amp; <b>"])
def test_script_json_cannot_close_its_element(value: str) -> None:
    text = html.script_json({"v": value})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"v": value}


def test_jinja2_loads_for_html_only() -> None:
    code = (
        "import sys\nfrom gxeco.__main__ import main\n"
        "try:\n    main(['export', '-f', 'json', '--case', '1'])\nexcept SystemExit:\n    pass\n"
        "print('jinja2' in sys.modules, file=sys.stderr)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stderr.strip().splitlines()[-1] == "False", r.stderr
