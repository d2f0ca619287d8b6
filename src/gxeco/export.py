"""Export the data for spreadsheets, notebooks and databases."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import GxecoError
from .model import Case, Dataset
from .reports import SUMMARY_CSV

FORMATS = ("json", "jsonl", "csv", "md")
# Written by their own modules in exporters/, to a file only; openpyxl and sqlite3 load only for them.
BINARY_FORMATS = ("xlsx", "sqlite")


def export(cases: Sequence[Case], fmt: str, *, metrics: bool = False, excel: bool = False) -> str:
    from .query import figure_rows
    from .render import Format, render
    from .reports import FIGURE_CSV, case_list, figures

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise GxecoError(f"unknown export format {fmt!r}; choose from: {', '.join(FORMATS + BINARY_FORMATS)}")
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


def export_file(
    ds: Dataset,
    cases: Sequence[Case],
    fmt: str,
    output: Path | None,
    *,
    force: bool = False,
    metrics: bool = False,
    excel: bool = False,
    metadata: Path | None = None,
) -> str:
    """Write a binary format (xlsx, sqlite) to ``output``; returns the message saying what was written."""
    fmt = fmt.lower()
    if excel:
        raise GxecoError("--excel applies to --format csv only")
    if output is None or str(output) == "-":
        raise GxecoError(
            f"--format {fmt} writes a binary file, not text for a terminal or a pipe: give -o FILE",
            hint=f"e.g. gxeco export -f {fmt} -o cases.{'db' if fmt == 'sqlite' else fmt}",
        )
    if metadata is not None and fmt != "sqlite":
        raise GxecoError("--metadata applies to --format sqlite only")
    if fmt == "xlsx":
        from .exporters import xlsx

        return xlsx.write(output, ds, cases, metrics=metrics, force=force)
    if fmt == "sqlite":
        if metrics:
            raise GxecoError("--metrics does not apply to --format sqlite: the database holds cases and figures")
        from .exporters import sqlite

        return sqlite.write(output, ds, cases, force=force, metadata_path=metadata)
    raise GxecoError(f"unknown export format {fmt!r}; choose from: {', '.join(FORMATS + BINARY_FORMATS)}")


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
