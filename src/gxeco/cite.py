"""Citations of a case: GB/T 7714-2015 (default), BibTeX, RIS."""

from __future__ import annotations

from .errors import GxecoError
from .model import Case, Dataset, Meta

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from typing import Any


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


def publication(m: Meta) -> str:
    """GB/T 7714-2015 reference to the whole publication, as the workbook's 说明 sheet gives it."""
    return f"{m.publisher}. {m.title}[R]. {m.published[:4]}."


def cite(c: Case, ds: Dataset, style: str = "gbt7714") -> str:
    m = _meta(c, ds)
    p = pages(c, ds)
    year = m.published[:4]
    pr = f"{p['page_start']}-{p['page_end']}" if p["page_end"] else f"{p['page_start']}"
    if style == "gbt7714":
        # GB/T 7714-2015 report [R] with cited pages; the last case's end page is not
        # known from the contents, so only its first page is given.
        return f"{m.publisher}. {m.title}[R]. {year}: {pr}."
    if style == "bibtex":
        key = f"gxeco-b{c.batch}-{c.id:02d}-{c.slug}"
        note = f"案例{c.number}：{c.title}"
        if not p["page_end"]:
            note += "（终止页未知）"
        return (
            f"@techreport{{{key},\n  author = {{{{{m.publisher}}}}},\n  title = {{{m.title}}},\n"
            f"  institution = {{{m.publisher}}},\n  year = {{{year}}},\n  month = {{{int(m.published[5:7])}}},\n"
            f"  pages = {{{pr.replace('-', '--')}}},\n  note = {{{note}}},\n  language = {{chinese}}\n}}"
        )
    if style == "ris":
        lines = [
            "TY  - RPRT",
            f"AU  - {m.publisher}",
            f"TI  - {m.title}",
            f"T2  - {c.title}",
            f"PY  - {year}",
            f"DA  - {m.published.replace('-', '/')}",
            f"PB  - {m.publisher}",
            f"SP  - {p['page_start']}",
        ]
        if p["page_end"]:
            lines.append(f"EP  - {p['page_end']}")
        lines += ["LA  - zh", "ER  - "]
        return "\n".join(lines)
    raise GxecoError(f"unknown citation style {style!r}")
