"""The Python API (docs/api.md): its examples run, its names resolve, it imports nothing heavy."""

from __future__ import annotations

import doctest
import importlib.util
import json
import pkgutil
import subprocess
import sys

import pytest

import gxeco

from .conftest import ROOT

HAS_PANDAS = importlib.util.find_spec("pandas") is not None


def test_the_examples_of_docs_api_md_pass() -> None:
    """Every `>>>` example of docs/api.md, in order, in one namespace (as a reader types them).
    Without pandas, the examples that make a DataFrame (and those reading it) are left out."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, "docs/api.md", "docs/api.md", 0)
    if not HAS_PANDAS:
        test.examples = [e for e in test.examples if ".frame()" not in e.source and "df" not in e.source]
    assert len(test.examples) >= 8
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    out: list[str] = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)


def test_every_public_name_resolves_and_none_is_a_module() -> None:
    """`gxeco.X` for every name of __all__; a name that were also a submodule (search, cite) would
    be replaced by the module as soon as something imports it."""
    modules = {m.name for m in pkgutil.iter_modules(gxeco.__path__)}
    assert not (set(gxeco.__all__) & modules)
    for name in gxeco.__all__:
        assert getattr(gxeco, name) is not None
    for module in ("gxeco.cite", "gxeco.search"):
        importlib.import_module(module)
    assert callable(gxeco.find) and callable(gxeco.citations)
    with pytest.raises(AttributeError):
        gxeco.nothing_here  # noqa: B018


def test_import_gxeco_loads_no_more_than_the_cli_needs() -> None:
    """`import gxeco` is the package file alone (every CLI run imports it for __version__); using
    the API imports the library, never rich, typer, click, textual or pandas (python -X importtime)."""
    bare = subprocess.run([sys.executable, "-X", "importtime", "-c", "import gxeco"], capture_output=True, text=True)
    assert _imported(bare.stderr) & {"gxeco", "gxeco._version", "gxeco.api"} == {"gxeco", "gxeco._version"}
    code = (
        "import gxeco; gxeco.case('10'); gxeco.find('碳汇'); gxeco.figures(sort='value'); gxeco.compare(7, 8); "
        "gxeco.stats(); gxeco.citations(1, style='csl-json'); gxeco.cases(city='桂林').dicts()"
    )
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    imported = _imported(r.stderr)
    assert {"gxeco.api", "gxeco.resolve", "gxeco.search"} <= imported  # the log is the import log
    assert {m.split(".")[0] for m in imported} & {"rich", "typer", "click", "textual", "pandas"} == set()


def _imported(log: str) -> set[str]:
    return {ln.rsplit("|", 1)[-1].strip() for ln in log.splitlines() if ln.startswith("import time:")}


def test_records_have_plain_forms(run, ds) -> None:
    """dicts() gives the rows the CLI's JSON gives, keyed and valued as published."""
    figs = gxeco.figures(case=10, data=ds)
    assert figs.dicts() == run.json("figures", "--case", "10")
    first = figs.dicts()[0]
    assert (first["label"], first["value"], first["unit"], first["quote"]) == (
        "龙胜县山地面积占比",
        87.2,
        "%",
        "山地面积占87.2%",
    )
    assert json.loads(json.dumps(figs.dicts(), ensure_ascii=False))[0]["display"] == "87.2%"  # plain JSON types
    cases = gxeco.cases(city="桂林", data=ds).dicts()
    assert cases == run.json("list", "--city", "桂林")
    assert [c["id"] for c in cases] == [2, 10] and cases[0]["short_title"] == "桂林旅游产业用地供给"
    shown = run.json("show", "10")
    assert gxeco.case(10, data=ds).as_dict() == {k: v for k, v in shown.items() if k != "related"}
    res = gxeco.find("红树林", limit=2, data=ds).dicts()
    assert [r["id"] for r in res] == [c["id"] for c in run.json("search", "红树林", "-n", "2")]
    hit = res[0]["hits"][0]
    (a, b), *_ = hit["highlights"]
    assert res[0]["id"] == 4 and hit["snippet"][a:b] == "红树林"


def test_api_and_cli_give_the_same_answers(run, ds) -> None:
    assert [r.as_dict() for r in gxeco.figures(topic="investment", sort="value", data=ds)] == run.json(
        "figures", "--topic", "investment", "--sort", "value"
    )
    assert gxeco.compare(7, 8, data=ds) == run.json("compare", "7", "8")
    assert gxeco.stats(data=ds) == run.json("stats")
    assert (
        gxeco.citations(9, 10, style="csl-json", data=ds)
        == run("cite", "9", "10", "--style", "csl-json").stdout.strip()
    )
    assert [r.as_dict() for r in gxeco.find("碳汇", data=ds)] == run.json("search", "碳汇", "--limit", "100")


def test_frame_without_pandas_says_what_to_install(monkeypatch: pytest.MonkeyPatch, ds) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # an import of pandas now fails
    with pytest.raises(ImportError, match="pip install pandas"):
        gxeco.figures(data=ds).frame()


@pytest.mark.skipif(not HAS_PANDAS, reason="pandas is not installed (optional)")
def test_frame_has_one_row_per_record(ds) -> None:
    df = gxeco.figures(data=ds).frame()
    assert len(df) == len(gxeco.figures(data=ds)) and "quote" in df.columns
    cases = gxeco.cases(data=ds).frame()
    assert list(cases["id"]) == list(range(1, 16))
