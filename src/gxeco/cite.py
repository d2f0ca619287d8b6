"""Citations of a case: GB/T 7714-2015 (default), BibTeX, RIS, CSL-JSON.

Each case is cited as a contribution to the collection (GB/T 7714-2015 析出文献,
BibTeX @incollection, RIS CHAP, CSL chapter): the case's title is the analytic
title, the collection is the host, pages come from the contents.
"""

from __future__ import annotations

from .errors import GxecoError
from .i18n import _
from .model import Case, Dataset, Meta

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

# GB/T 7714-2015, 8.4.1 (出版地): a Chinese document that prints no place of publication is
# cited with "[出版地不详]". The publication's cover gives only the department and 二〇二四年九月,
# so gxeco does not supply a place (such as 南宁) that the publication does not state.
NO_PLACE = "[出版地不详]"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def pages(c: Case, ds: Dataset) -> dict[str, Any]:
    """Start page from the contents; the end is the page before the next case, if any."""
    same = [x for x in ds.cases if x.batch == c.batch]
    nxt = [x for x in same if x.page > c.page]
    end = min(x.page for x in nxt) - 1 if nxt else None
    return {"page_start": c.page, "page_end": end}


def _meta(c: Case, ds: Dataset) -> Any:
    for m in ds.metas:
        if m.batch == c.batch:
            return m
    return ds.meta


# GB/T 7714-2015 document type of the collection: a monograph ([M]); a case within it is cited as
# 析出文献 of that monograph, so the whole book and a case carry the same tag and the same imprint.
BOOK_TYPE = "M"


def _imprint(m: Meta) -> str:
    """出版地: 出版者, 出版年 — shared by the book and every case in it."""
    return f"{NO_PLACE}: {m.publisher}, {_year_month(m.published)[0]}"


def publication(m: Meta) -> str:
    """GB/T 7714-2015 reference to the whole publication (the workbook's 说明 sheet, the
    database's about table, Datasette's licence note): 责任者. 题名[M]. 出版地: 出版者, 出版年."""
    return f"{m.publisher}. {m.title}[{BOOK_TYPE}]. {_imprint(m)}."


def _year_month(published: str) -> tuple[str, int | None]:
    """'2024-09' → ('2024', 9); a bare year (or a bad month) gives no month."""
    year, _dash, rest = published.partition("-")
    month = int(rest[:2]) if rest[:2].isdigit() and 1 <= int(rest[:2]) <= 12 else None
    return year, month


def _bibtex_text(s: str) -> str:
    """Characters BibTeX treats as special, escaped (none occur in the bundled titles)."""
    for ch in "\\{}":
        s = s.replace(ch, "")
    for ch in "&%$#_":
        s = s.replace(ch, "\\" + ch)
    return s


def cite(c: Case, ds: Dataset, style: str = "gbt7714") -> str:
    m = _meta(c, ds)
    p = pages(c, ds)
    year, month = _year_month(m.published)
    pr = _page_range(p)
    key = _key(c)
    if style == "gbt7714":
        # 析出文献: 析出责任者. 析出题名[M]//专著责任者. 专著题名. 出版地: 出版者, 出版年: 页码.
        # The last case's end page is not in the contents, so only its first page is given.
        return f"{m.publisher}. {c.title}[{BOOK_TYPE}]//{m.publisher}. {m.title}. {_imprint(m)}: {pr}."
    if style == "bibtex":
        fields = [
            ("author", f"{{{_bibtex_text(m.publisher)}}}"),
            ("title", _bibtex_text(c.title)),
            ("booktitle", _bibtex_text(m.title)),
            ("editor", f"{{{_bibtex_text(m.publisher)}}}"),
            ("publisher", _bibtex_text(m.publisher)),
            ("year", year),
        ]
        body = [f"  {k} = {{{v}}}," for k, v in fields]
        if month:
            body.append(f"  month = {_MONTHS[month - 1]},")
        body.append(f"  pages = {{{pr.replace('-', '--')}}},")
        body.append("  language = {chinese}")
        return f"@incollection{{{key},\n" + "\n".join(body) + "\n}"
    if style == "ris":
        lines = [
            "TY  - CHAP",
            f"AU  - {m.publisher}",
            f"TI  - {c.title}",
            f"T2  - {m.title}",
            f"A2  - {m.publisher}",
            f"PY  - {year}",
        ]
        if month:
            lines.append(f"DA  - {year}/{month:02d}")
        lines += [f"PB  - {m.publisher}", f"SP  - {p['page_start']}"]
        if p["page_end"]:
            lines.append(f"EP  - {p['page_end']}")
        lines += ["LA  - zh", "ER  - "]
        return "\n".join(lines)
    if style == "csl-json":
        import json

        return json.dumps([csl_item(c, ds)], ensure_ascii=False, indent=2)
    from .text import quoted

    raise GxecoError(_("unknown citation style {style}").format(style=quoted(style)))


def csl_item(c: Case, ds: Dataset) -> dict[str, Any]:
    """One case as a CSL-JSON item (a chapter of the collection)."""
    m = _meta(c, ds)
    p = pages(c, ds)
    year, month = _year_month(m.published)
    return {
        "id": _key(c),
        "type": "chapter",
        "title": c.title,
        "container-title": m.title,
        "author": [{"literal": m.publisher}],
        "editor": [{"literal": m.publisher}],
        "publisher": m.publisher,
        "page": _page_range(p),
        "issued": {"date-parts": [[int(year), month] if month else [int(year)]]}
        if year.isdigit()
        else {"literal": m.published},
        "language": "zh-CN",
    }


def cite_all(cases: Sequence[Case], ds: Dataset, style: str = "gbt7714") -> str:
    """What `gxeco cite` prints for several cases: CSL-JSON is one array of every item (a
    reference manager reads one document), the other styles one entry a paragraph."""
    if style == "csl-json":
        import json

        return json.dumps([csl_item(c, ds) for c in cases], ensure_ascii=False, indent=2)
    return "\n\n".join(cite(c, ds, style) for c in cases)


def _key(c: Case) -> str:
    return f"gxeco-b{c.batch}-{c.id:02d}-{c.slug}"


def _page_range(p: dict[str, Any]) -> str:
    return f"{p['page_start']}-{p['page_end']}" if p["page_end"] else f"{p['page_start']}"
