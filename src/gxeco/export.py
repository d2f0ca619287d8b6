"""Export the data for spreadsheets and notebooks, and validate data files."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import GxecoError
from .model import Case
from .reports import SUMMARY_CSV

FORMATS = ("json", "jsonl", "csv", "md")


def export(cases: Sequence[Case], fmt: str, *, metrics: bool = False, excel: bool = False) -> str:
    from .query import figure_rows
    from .render import Format, render
    from .reports import FIGURE_CSV, case_list, figures

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise GxecoError(f"unknown export format {fmt!r}; choose from: {', '.join(FORMATS)}")
    if excel and fmt != "csv":
        raise GxecoError("--excel applies to --format csv only")
    records = [r.as_dict() for r in figure_rows(cases)] if metrics else [c.full() for c in cases]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    buf = io.StringIO()
    if fmt == "csv":
        from .render.csvfmt import cell

        w = csv.writer(buf, lineterminator="\r\n" if excel else "\n")
        cols = (
            FIGURE_CSV
            if metrics
            else [*SUMMARY_CSV, "background", "mechanism", "practices", "outcomes", "policies", "notes", "metrics"]
        )
        w.writerow(cols)
        for r in records:
            row = dict(r)
            if not metrics:
                row["practices"] = [f"{i['title']}。{i['text']}" for i in r["practices"]]
                row["outcomes"] = [f"{i['title']}。{i['text']}" for i in r["outcomes"]]
                row["metrics"] = len(r["metrics"])
            w.writerow([cell(row.get(k)) for k in cols])
        return ("\ufeff" if excel else "") + buf.getvalue()
    report = figures(figure_rows(cases)) if metrics else case_list(cases)
    render(report, Format.md, buf)
    return buf.getvalue()


def write_atomic(path: Path, text: str, *, force: bool = False) -> None:
    """Write via a temporary file and rename; refuse to overwrite unless forced."""
    if path.exists() and not force:
        raise GxecoError(f"{path} exists; use --force to overwrite")
    if path.is_dir():
        raise GxecoError(f"{path} is a folder")
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise GxecoError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GxecoError(f"cannot write {path}: {exc.strerror}") from None
