from __future__ import annotations

import json

from .blocks import Report

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from typing import TextIO


def render_json(report: Report, out: TextIO, *, ascii: bool = False) -> None:
    """UTF-8 JSON, Chinese unescaped (escaped with ``ascii``), keys in the order the library gives."""
    out.write(json.dumps(report.data, ensure_ascii=ascii, indent=2))
    out.write("\n")


def render_jsonl(report: Report, out: TextIO, *, ascii: bool = False) -> None:
    """One JSON value per line: each record of a list, or the one object."""
    records = report.data if isinstance(report.data, list) else [report.data]
    for r in records:
        out.write(json.dumps(r, ensure_ascii=ascii))
        out.write("\n")
