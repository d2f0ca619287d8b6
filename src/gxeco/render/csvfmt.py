from __future__ import annotations

import csv

from .blocks import Report

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from typing import Any, TextIO


def cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def render_csv(report: Report, out: TextIO, *, lineterminator: str = "\n") -> None:
    w = csv.writer(out, lineterminator=lineterminator)
    w.writerow(report.csv_columns)
    for row in report.csv_rows:
        w.writerow([cell(v) for v in row])
