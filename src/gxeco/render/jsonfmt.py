from __future__ import annotations

import json
from typing import TextIO

from .blocks import Report


def render_json(report: Report, out: TextIO) -> None:
    """UTF-8 JSON, Chinese unescaped, keys in the order the library gives."""
    out.write(json.dumps(report.data, ensure_ascii=False, indent=2))
    out.write("\n")
