from __future__ import annotations

import json

from ..safe import json_text
from .blocks import Report

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from typing import TextIO


def render_json(report: Report, out: TextIO) -> None:
    """UTF-8 JSON, Chinese unescaped, keys in the order the library gives; control and invisible
    characters escaped (\\u202e), as JSON writes the controls below U+0020 itself."""
    out.write(json_text(json.dumps(report.data, ensure_ascii=False, indent=2)))
    out.write("\n")


def render_jsonl(report: Report, out: TextIO) -> None:
    """One JSON value per line: each record of a list, or the one object."""
    records = report.data if isinstance(report.data, list) else [report.data]
    for r in records:
        out.write(json_text(json.dumps(r, ensure_ascii=False)))
        out.write("\n")
