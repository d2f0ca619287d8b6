"""Export the data for spreadsheets and notebooks, and validate data files."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import DataError, GxecoError
from .model import Case
from .reports import SUMMARY_CSV

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FORMATS = ("json", "jsonl", "csv", "md")


def export(cases: Sequence[Case], fmt: str, *, metrics: bool = False, excel: bool = False, all_: bool = False) -> str:
    text, _ = export_counted(cases, fmt, metrics=metrics, excel=excel, all_=all_)
    return text


def export_counted(
    cases: Sequence[Case], fmt: str, *, metrics: bool = False, excel: bool = False, all_: bool = False
) -> tuple[str, int]:
    """The export text and how many records (cases, or figures with metrics) it holds.

    Figures that restate an earlier one of their case are left out unless all_, so
    sums over an export do not count a fact twice.
    """
    from .query import figure_rows
    from .render import Format, render
    from .reports import FIGURE_CSV, case_list, figures

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise GxecoError(f"unknown export format {fmt!r}; choose from: {', '.join(FORMATS)}")
    if excel and fmt != "csv":
        raise GxecoError("--excel applies to --format csv only")
    rows = figure_rows(cases, all_=all_) if metrics else []
    records = [r.as_dict() for r in rows] if metrics else [_case_record(c, all_) for c in cases]
    n = len(records)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n", n
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), n
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
        return ("\ufeff" if excel else "") + buf.getvalue(), n
    report = figures(rows) if metrics else case_list(cases)
    render(report, Format.md, buf)
    return buf.getvalue(), n


def _case_record(c: Case, all_: bool) -> dict[str, Any]:
    d = c.full()
    if not all_:
        d["metrics"] = [m for m in d["metrics"] if "restates" not in m]
    return d


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
        # mkstemp creates the file 0600; a file the user asked for gets the mode open() would give it.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GxecoError(f"cannot write {path}: {exc.strerror}") from None


def validate(path: Path) -> list[str]:
    """Every problem of a data file, one line each (empty when valid)."""
    from .loader import parse_file

    found: list[DataError] = []
    try:
        parse_file(path, collect=found)
    except DataError as exc:
        if exc not in found:
            found.append(exc)
    return [e.message for e in found]
