"""CSV for spreadsheets and scripts: text that no spreadsheet takes for a formula.

OWASP's guidance on CSV injection: a text cell beginning with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is written with a leading ``'``, which Excel, WPS and LibreOffice
read as "this is text"; numbers are written as numbers. A few lines rather than
``defusedcsv``: that package wraps the same csv module and adds its import to every export.
"""

from __future__ import annotations

import csv

from ..safe import visible
from .blocks import Report

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(s: str) -> str:
    """A text cell as a spreadsheet must read it: visible, and never a formula."""
    s = visible(s)
    return "'" + s if s.startswith(FORMULA_START) else s


def cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return text_cell("; ".join(str(x) for x in v))
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (int, float)):  # a number stays a number, a negative one too
        return str(v)
    return text_cell(str(v))


def render_csv(report: Report, out: TextIO, *, lineterminator: str = "\n") -> None:
    w = csv.writer(out, lineterminator=lineterminator)
    w.writerow([text_cell(c) for c in report.csv_columns])
    for row in report.csv_rows:
        w.writerow([cell(v) for v in row])
