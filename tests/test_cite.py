"""Citations a journal accepts: GB/T 7714 (析出文献), BibTeX, RIS and CSL-JSON, checked against
references written by hand."""

from __future__ import annotations

import json

import pytest

from gxeco import cite
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


# --- through the command line: one data load -----------------------------------------


def test_cite_through_the_cli() -> None:
    run = Run("main")
    assert run("cite", "10").stdout.strip() == EXPECTED["gbt7714"]
    assert json.loads(run("cite", "10", "--style", "csl").stdout) == EXPECTED_CSL
    r = run("cite", "15", "--style", "bibtex")
    assert "pages = {86}," in r.stdout and "end page unknown" in r.stderr


def test_cite_csl_json_of_several_cases_is_one_array(run) -> None:
    r = run("cite", "9", "10", "--style", "csl-json")
    items = json.loads(r.stdout)  # two arrays one after the other do not parse
    assert [i["id"][:12] for i in items] == ["gxeco-b3-09-", "gxeco-b3-10-"]
    assert [i["page"] for i in items] == ["52-57", "58-63"]
