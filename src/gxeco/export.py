"""Export the data for spreadsheets, notebooks and databases."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from .errors import GxecoError
from .i18n import _, ngettext
from .model import Case, Dataset

FORMATS = ("json", "jsonl", "csv", "md")
# Written by their own modules in exporters/, to a file only; openpyxl, sqlite3 and jinja2 load only for them.
BINARY_FORMATS = ("xlsx", "sqlite", "html")
# `export -o FILE` without --format: these suffixes say which format
SUFFIXES = {".html": "html", ".htm": "html"}


def export(
    cases: Sequence[Case], fmt: str, *, metrics: bool = False, excel: bool = False, all_: bool = False
) -> tuple[str, str]:
    """The text of a text format, written by the same report and renderers as every other
    command (so an export never disagrees with `list` or `figures`), and what it holds.
    Figures that restate an earlier one of their case are left out unless all_, so sums
    over an export do not count a fact twice."""
    from .query import figure_rows
    from .render import Format, render
    from .render.csvfmt import render_csv
    from .reports import case_export, figures

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise GxecoError(
            _("unknown export format {format}; choose from: {formats}").format(
                format=repr(fmt), formats=", ".join(FORMATS + BINARY_FORMATS)
            )
        )
    if excel and fmt != "csv":
        raise GxecoError(_("--excel applies to --format csv only"))
    rows = figure_rows(cases, all_=all_) if metrics else None
    report = figures(rows) if rows is not None else case_export(cases, all_)
    if rows is not None:
        what = ngettext("{n} figure", "{n} figures", len(rows)).format(n=len(rows))
    else:
        what = ngettext("{n} case", "{n} cases", len(cases)).format(n=len(cases))
    buf = io.StringIO()
    if excel:  # Excel reads UTF-8 only with a BOM, and wants CRLF rows
        buf.write("\ufeff")
        render_csv(report, buf, lineterminator="\r\n")
    else:
        render(report, Format(fmt), buf)
    return buf.getvalue(), what


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
    all_: bool = False,
) -> str:
    """Write a binary format (xlsx, sqlite) to ``output``; returns the message saying what was written."""
    fmt = fmt.lower()
    if excel:
        raise GxecoError(_("--excel applies to --format csv only"))
    if output is None or str(output) == "-":
        raise GxecoError(
            _("--format {format} writes a binary file, not text for a terminal or a pipe: give -o FILE").format(
                format=fmt
            ),
            hint=_("e.g. {command}").format(
                command=f"gxeco export -f {fmt} -o cases.{'db' if fmt == 'sqlite' else fmt}"
            ),
        )
    if metadata is not None and fmt != "sqlite":
        raise GxecoError(_("--metadata applies to --format sqlite only"))
    if fmt == "xlsx":
        from .exporters import xlsx

        return xlsx.write(output, ds, cases, metrics=metrics, force=force, all_=all_)
    if fmt == "html":
        if metrics:
            raise GxecoError(_("--metrics does not apply to --format html: the page holds cases and figures"))
        from .exporters import html

        return html.write(output, ds, cases, force=force, all_=all_)
    if fmt == "sqlite":
        if metrics:
            raise GxecoError(_("--metrics does not apply to --format sqlite: the database holds cases and figures"))
        from .exporters import sqlite

        return sqlite.write(output, ds, cases, force=force, metadata_path=metadata, all_=all_)
    raise GxecoError(
        _("unknown export format {format}; choose from: {formats}").format(
            format=repr(fmt), formats=", ".join(FORMATS + BINARY_FORMATS)
        )
    )


def write_atomic(path: Path, text: str, *, force: bool = False) -> None:
    """Whole or not at all, with the mode the user's umask gives (exporters.atomic_file)."""
    from .exporters import atomic_file

    with atomic_file(path, force=force) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")
