"""Issue 16: figures a paper can use (no double counting, money compared as money),
citations a journal accepts, exports with the user's permissions."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gxeco import cite, query
from gxeco import record as rec

from .conftest import Run

TITLE = "桂林市龙胜各族自治县强化梯田保护利用推动“一田生五金”案例"
BOOK = "广西壮族自治区自然资源生态产品价值实现典型案例（第三批）"
DEPT = "广西壮族自治区自然资源厅"

# Written by hand from GB/T 7714-2015 (4.2 专著中的析出文献; 8.4.1 出版地不详), not generated.
EXPECTED = {
    "gbt7714": f"{DEPT}. {TITLE}[M]//{DEPT}. {BOOK}. [出版地不详]: {DEPT}, 2024: 58-63.",
    "bibtex": f"""@incollection{{gxeco-b3-10-longsheng-terraces,
  author = {{{{{DEPT}}}}},
  title = {{{TITLE}}},
  booktitle = {{{BOOK}}},
  editor = {{{{{DEPT}}}}},
  publisher = {{{DEPT}}},
  year = {{2024}},
  month = sep,
  pages = {{58--63}},
  language = {{chinese}}
}}""",
    "ris": f"""TY  - CHAP
AU  - {DEPT}
TI  - {TITLE}
T2  - {BOOK}
A2  - {DEPT}
PY  - 2024
DA  - 2024/09
PB  - {DEPT}
SP  - 58
EP  - 63
LA  - zh
ER  - """,
}
EXPECTED_CSL = [
    {
        "id": "gxeco-b3-10-longsheng-terraces",
        "type": "chapter",
        "title": TITLE,
        "container-title": BOOK,
        "author": [{"literal": DEPT}],
        "editor": [{"literal": DEPT}],
        "publisher": DEPT,
        "page": "58-63",
        "issued": {"date-parts": [[2024, 9]]},
        "language": "zh-CN",
    }
]


@pytest.mark.parametrize("style", [*EXPECTED, "csl-json"])
def test_cite_case_10_in_every_style(ds, style: str) -> None:
    text = cite.cite(ds.cases[9], ds, style)
    if style == "csl-json":
        assert json.loads(text) == EXPECTED_CSL
    else:
        assert text == EXPECTED[style]


def test_bibtex_parses(ds) -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    lib = bibtexparser.parse_string("\n\n".join(cite.cite(c, ds, "bibtex") for c in ds.cases))
    assert not lib.failed_blocks and len(lib.entries) == 15
    e = {f.key: f.value for f in lib.entries[9].fields}
    assert lib.entries[9].entry_type == "incollection"
    assert (e["booktitle"], e["pages"], e["month"], e["language"]) == (BOOK, "58--63", "sep", "chinese")


# The CSL-JSON schema (citation-style-language/schema, csl-data.json): id and type are required;
# the types of the fields gxeco writes.
CSL_TYPES = {"chapter", "book", "report", "article-journal", "entry", "document"}


def _check_csl_item(item: dict) -> None:
    assert {"id", "type"} <= set(item) and isinstance(item["id"], (str, int)) and item["type"] in CSL_TYPES
    for key in ("title", "container-title", "publisher", "page", "language"):
        assert isinstance(item[key], str) and item[key]
    for key in ("author", "editor"):
        assert all(set(n) == {"literal"} and isinstance(n["literal"], str) for n in item[key])
    parts = item["issued"]["date-parts"]
    assert len(parts) == 1 and all(isinstance(x, int) for x in parts[0]) and 1 <= len(parts[0]) <= 3


def test_csl_json_has_the_schema_keys_and_types(ds) -> None:
    for c in ds.cases:
        items = json.loads(cite.cite(c, ds, "csl-json"))
        assert isinstance(items, list) and len(items) == 1
        _check_csl_item(items[0])


def test_a_published_year_without_month_cites_in_every_style(ds) -> None:
    """The loader refuses a bare year (docs/schema.md promises YYYY-MM); cite stays safe all the same."""
    from gxeco.model import Dataset

    meta = ds.meta.__class__(**{**rec.asdict(ds.meta), "published": "2024"})
    one = Dataset((meta,), ds.cases)
    bib = cite.cite(ds.cases[0], one, "bibtex")
    assert "year = {2024}" in bib and "month" not in bib
    assert json.loads(cite.cite(ds.cases[0], one, "csl-json"))[0]["issued"] == {"date-parts": [[2024]]}
    assert "DA  -" not in cite.cite(ds.cases[0], one, "ris")


# --- figures ------------------------------------------------------------------------


def test_restatements_hidden_unless_all(ds) -> None:
    every = [r.as_dict() for r in query.figure_rows(ds.cases, all_=True)]
    shown = [r.as_dict() for r in query.figure_rows(ds.cases)]
    marked = [d for d in every if d["restates"] or d["variant_of"]]  # restatements and variants: stated once
    assert len(marked) >= 20 and len(shown) == len(every) - len(marked)
    assert all(d["restates"] is None and d["variant_of"] is None for d in shown)
    assert len(every) == sum(len(c.metrics) for c in ds.cases)


def test_compare_shows_a_fact_once(ds) -> None:
    def displays(all_: bool) -> list[str]:
        d = query.compare(ds.cases[6:8], ["land"], all_)
        return [f["display"] for r in d["rows"] if r["field"] == "figures.land" for f in r["values"][1]]

    # 767个地块 first, then 767块 (restated with the measure word the text uses there)
    assert displays(False).count("1158亩") == 1 and displays(False).count("767个") == 1
    assert displays(True).count("1158亩") == 2 and displays(True).count("767块") == 1


def test_sort_by_value_groups_kinds_in_a_fixed_order(ds) -> None:
    rows = query.sort_figures(query.figure_rows(ds.cases), "value")
    kinds = [r.kind for r in rows]
    firsts = [k for i, k in enumerate(kinds) if k not in kinds[:i]]
    assert firsts[:6] == ["money", "area", "mass", "volume", "count", "percent"]
    money = [r.base_value for r in rows if r.kind == "money"]
    assert money == sorted(money, reverse=True)


# --- through the command line: one data load -----------------------------------------


def test_cli_cite_figures_export(tmp_path: Path, ds) -> None:
    run = Run("main")
    assert run("cite", "10").stdout.strip() == EXPECTED["gbt7714"]
    assert json.loads(run("cite", "10", "--style", "csl").stdout) == EXPECTED_CSL
    r = run("cite", "15", "--style", "bibtex")
    assert "pages = {86}," in r.stdout and "end page unknown" in r.stderr

    rows = run.json("figures", "--topic", "investment", "--sort", "value")
    i13 = next(i for i, r in enumerate(rows) if r["id"] == 13 and r["display"] == "约13亿")
    assert rows[i13]["kind"] == "money" and rows[i13]["normalized_unit"] == "元"
    wan = [i for i, r in enumerate(rows) if r["unit"] == "万元"]
    assert wan and i13 < min(wan)
    csv = run("figures", "--all", "--case", "7", "-f", "csv").stdout.splitlines()
    head, rows = csv[0].split(","), [r.split(",") for r in csv[1:]]
    restates = head.index("restates")
    assert head[-1] == "position" and sum(r[restates] in ("7", "8") for r in rows) == 2
    assert len(run.json("compare", "7", "8", "--all")["rows"]) >= len(run.json("compare", "7", "8")["rows"])

    n_all = sum(len(c.metrics) for c in ds.cases)
    n_shown = sum(1 for c in ds.cases for m in c.metrics if not (m.restates or m.variant_of))
    old = os.umask(0o027)
    try:
        r = run("export", "-f", "csv", "--metrics", "-o", str(tmp_path / "f.csv"))
        r2 = run("export", "-o", str(tmp_path / "f.json"))
        r3 = run("export", "-f", "jsonl", "--metrics", "--all", "-o", str(tmp_path / "g.jsonl"))
    finally:
        os.umask(old)
    assert f"wrote {n_shown} figures to " in r.stderr and "wrote 15 cases to " in r2.stderr
    assert f"wrote {n_all} figures to " in r3.stderr
    assert len((tmp_path / "g.jsonl").read_text(encoding="utf-8").splitlines()) == n_all
    if os.name == "posix":
        assert (tmp_path / "f.csv").stat().st_mode & 0o777 == 0o640
    cases = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert sum(len(c["metrics"]) for c in cases) == n_shown
