from __future__ import annotations

import json

from ..safe import json_text
from .blocks import Report

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from typing import TextIO


def _dumps(value: object, ascii: bool, indent: int | None = None) -> str:
    """JSON text: Chinese as is (every non-ASCII character escaped with ``ascii``, for a console
    that cannot show it), control and invisible characters escaped (\\u202e) either way, as JSON
    writes the controls below U+0020 itself."""
    if ascii:
        return json.dumps(value, ensure_ascii=True, indent=indent)
    return json_text(json.dumps(value, ensure_ascii=False, indent=indent))


def render_json(report: Report, out: TextIO, *, ascii: bool = False) -> None:
    """Keys in the order the library gives (see _dumps)."""
    out.write(_dumps(report.data, ascii, 2))
    out.write("\n")


def render_jsonl(report: Report, out: TextIO, *, ascii: bool = False) -> None:
    """One JSON value per line: each record of a list, or the one object."""
    records = report.data if isinstance(report.data, list) else [report.data]
    for r in records:
        out.write(_dumps(r, ascii))
        out.write("\n")
