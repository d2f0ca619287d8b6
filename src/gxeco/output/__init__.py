"""The one writer: every output of every command leaves through here.

It knows the formats and their file suffixes (one table, FORMATS, and which command writes
which, COMMAND_FORMATS), picks a format from ``-f`` or else from the suffix of ``-o`` (and
refuses a suffix that disagrees or that no format of the command has), treats ``-o -`` as
standard output for every text format, writes files whole or not at all (``files.py``), and
knows the console: where it cannot show Chinese, data formats are written exact (JSON with
``\\u`` escapes) and text formats are refused in one line the console can show.

The binary formats and the HTML reader have a module each (``xlsx.py``, ``sqlite.py``,
``html.py``), imported only when asked for, so XlsxWriter, sqlite3 and jinja2 never load for any
other command.
"""

from __future__ import annotations

import os
import sys

from ..errors import GxecoError
from ..i18n import _, ngettext

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from dataclasses import dataclass as record
    from pathlib import Path
    from typing import Any, TextIO

    from ..model import Case, Dataset
    from ..render.blocks import Report
    from ..tomlio import StrPath
else:
    from ..record import record


class Form:
    """One output format: its name (``-f``), the file suffixes that mean it (the first is
    what gxeco suggests), and whether it is binary (a file only) or data a script reads
    (written exact on any console). A plain class: every command imports this table, and a
    record compiles its constructor on the first instance."""

    __slots__ = ("binary", "data", "name", "suffixes")

    def __init__(self, name: str, suffixes: tuple[str, ...], binary: bool = False, data: bool = False) -> None:
        self.name, self.suffixes, self.binary, self.data = name, suffixes, binary, data


FORMATS: dict[str, Form] = {
    f.name: f
    for f in (
        Form("table", ()),
        Form("plain", (".txt",)),
        Form("json", (".json",), data=True),
        Form("jsonl", (".jsonl", ".ndjson"), data=True),
        Form("csv", (".csv",)),
        Form("md", (".md", ".markdown")),
        Form("svg", (".svg",)),
        Form("html", (".html", ".htm")),
        Form("xlsx", (".xlsx",), binary=True),
        Form("sqlite", (".db", ".sqlite", ".sqlite3"), binary=True),
    )
}

# the formats each command writes (cli.py's choices hold to these); a command not named writes
# the common ones
COMMON = ("table", "plain", "json", "jsonl", "csv", "md")
COMMAND_FORMATS: dict[str, tuple[str, ...]] = {
    "export": ("json", "jsonl", "csv", "md", "html", "xlsx", "sqlite"),
    "map": ("table", "plain", "json", "csv", "md", "svg"),
}
# what a file without a suffix gets when -f is not given
FILE_DEFAULT = {"export": "json"}


def formats(command: str) -> tuple[str, ...]:
    return COMMAND_FORMATS.get(command, COMMON)


def _named(command: str) -> str:
    """json (.json), csv (.csv) …: what a refusal offers."""
    fs = [FORMATS[f] for f in formats(command)]
    named = _("{name} ({suffixes})")
    return _(", ").join(named.format(name=f.name, suffixes=" ".join(f.suffixes)) if f.suffixes else f.name for f in fs)


def format_name(fmt: Any) -> str | None:
    """What ``-f`` gave (a name or an Enum of the CLI), as a name of FORMATS; None if not given."""
    if fmt is None:
        return None
    return str(getattr(fmt, "value", fmt)).lower()


def choose(command: str, fmt: Any, path: Path | None) -> str | None:
    """The format of one output: ``-f`` if given, else the suffix of ``-o FILE``; None leaves
    the choice to the stream (a table on a terminal, plain text in a pipe). A suffix that no
    format of the command has, or that disagrees with ``-f``, is refused naming the formats."""
    name = format_name(fmt)
    allowed = formats(command)
    if name is not None and name not in allowed:
        raise GxecoError(
            _("unknown format {format}; choose from: {formats}").format(
                format=repr(name), formats=_(", ").join(allowed)
            )
        )
    if path is None:
        return name
    suffix = path.suffix.lower()
    if not suffix:
        return name or FILE_DEFAULT.get(command, "plain")
    by_suffix = next((f for f in allowed if suffix in FORMATS[f].suffixes), None)
    if name is None:
        if by_suffix is None:
            raise GxecoError(
                _("{command} writes no {suffix} file").format(command=f"gxeco {command}", suffix=suffix),
                hint=_("its formats: {formats}").format(formats=_named(command)),
            )
        return by_suffix
    if suffix not in FORMATS[name].suffixes:
        raise GxecoError(
            _("{file}: {suffix} is not a suffix of --format {format} ({suffixes})").format(
                file=path, suffix=suffix, format=name, suffixes=" ".join(FORMATS[name].suffixes) or "-"
            ),
            hint=_("its formats: {formats}").format(formats=_named(command)),
        )
    return name


@record(frozen=True)
class Target:
    """Where one output goes: a file (``path``), or a stream (None: standard output), in
    format ``fmt`` (None: the stream's default)."""

    command: str
    fmt: str | None
    path: Path | None = None
    stream: TextIO | None = None

    @classmethod
    def of(cls, command: str, fmt: Any, to: StrPath | TextIO | None) -> Target:
        """``to`` as ``-o`` gives it: None or ``-`` for standard output, a path, or an open
        text stream (the API's)."""
        if to is None or str(to) == "-":
            return cls(command, choose(command, fmt, None))
        if not isinstance(to, (str, os.PathLike)):  # an open text stream
            return cls(command, choose(command, fmt, None), None, to)
        from pathlib import Path

        path = Path(to)
        return cls(command, choose(command, fmt, path), path)


def can_show_chinese(stream: Any) -> bool:
    """Whether the stream's encoding has Chinese characters (UTF-8, GBK, GB18030 … do; ASCII
    and Latin-1 do not)."""
    enc = getattr(stream, "encoding", None) or "utf-8"
    try:
        "中文".encode(enc)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def cannot_show() -> GxecoError:
    """Text output on a console without Chinese: one line in ASCII (whatever the language),
    saying so and how to fix it."""
    return GxecoError(
        "this console cannot show Chinese (its encoding has no Chinese characters); "
        "set PYTHONIOENCODING=utf-8 (or a UTF-8 terminal), or use -f json"
    )


def write(
    report: Report,
    target: Target,
    *,
    force: bool = False,
    color: bool | None = None,
    pager: bool | None = None,
) -> None:
    """Render a report to its target: a file whole or not at all, or a stream; ``pager``: None
    pages on a terminal what is longer than the screen, True pages anyway, False never."""
    from ..render import default_format, render

    if target.path is not None:
        import io

        buf = io.StringIO()
        render(report, target.fmt or "plain", buf, color=False)
        write_text(target.path, buf.getvalue(), force=force)
        return
    out = target.stream if target.stream is not None else sys.stdout
    fmt = target.fmt or default_format(out)
    exact = can_show_chinese(out)
    if not exact and not FORMATS[fmt].data:
        raise cannot_show()
    render(report, fmt, out, color=color, pager=pager, ascii=not exact)


def write_new(report: Report, folder: Path, stem: str, fmt: str = "md") -> Path:
    """A report to a new file in ``folder`` (``stem.md``, else ``stem-2.md`` …), never over an
    existing one: browse's export of a case."""
    from ..render import render

    suffix = FORMATS[fmt].suffixes[0]
    for n in range(1, 1000):
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            with path.open("x", encoding="utf-8", newline="\n") as out:
                render(report, fmt, out)
        except FileExistsError:
            continue
        return path
    # browse says it as 导出失败：… (browse is Chinese)
    raise FileExistsError(f"{folder / stem}{suffix} 及其 998 个编号副本都已存在")


def write_text(path: Path, text: str, *, force: bool = False) -> None:
    """Whole or not at all, with the mode the user's umask gives (files.atomic_file)."""
    from .files import atomic_file

    with atomic_file(path, force=force) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")


def export(
    target: Target,
    ds: Dataset,
    cases: Sequence[Case],
    rows: Any,
    *,
    cites: dict[int, str] | None = None,
    metrics: bool = False,
    all_: bool = False,
    excel: bool = False,
    force: bool = False,
    metadata: StrPath | None = None,
    page: dict[str, Any] | None = None,
) -> str:
    """Write an export and say what was written: ``api.export`` chose the cases, the figure
    ``rows`` (with ``metrics`` or a binary format), each batch's publication (``cites``) and,
    for html, the reader's content (``page``, reader.page)."""
    fmt = target.fmt or "json"
    if excel and fmt != "csv":
        raise GxecoError(_("--excel applies to --format csv only"))
    if metadata is not None and fmt != "sqlite":
        raise GxecoError(_("--metadata applies to --format sqlite only"))
    if fmt == "html":
        if metrics:
            raise GxecoError(_("--metrics does not apply to --format html: the page holds cases and figures"))
        from . import html

        text = html.render(page or {})
        what = ngettext("{n} case", "{n} cases", len(cases)).format(n=len(cases))
        if target.path is None:
            out = target.stream if target.stream is not None else sys.stdout
            if not can_show_chinese(out):
                raise cannot_show()
            out.write(text)
            return what
        write_text(target.path, text, force=force)
        return _("wrote {what} to {file}").format(what=what, file=target.path)
    if FORMATS[fmt].binary:
        return _binary(
            target,
            fmt,
            ds,
            cases,
            rows=rows,
            cites=cites or {},
            metrics=metrics,
            all_=all_,
            force=force,
            metadata=metadata,
        )
    from .. import figure_reports, reports

    multi = ds.multi
    report = figure_reports.figures(rows, multi) if metrics else reports.case_export(cases, all_)
    if metrics:
        what = ngettext("{n} figure", "{n} figures", len(rows)).format(n=len(rows))
    else:
        what = ngettext("{n} case", "{n} cases", len(cases)).format(n=len(cases))
    if excel:  # Excel reads UTF-8 only with a BOM, and wants CRLF rows
        import io

        from ..render.csvfmt import render_csv

        buf = io.StringIO()
        buf.write("\ufeff")
        render_csv(report, buf, lineterminator="\r\n")
        if target.path is None:
            out = target.stream if target.stream is not None else sys.stdout
            if not can_show_chinese(out):
                raise cannot_show()
            out.write(buf.getvalue())
            return what
        write_text(target.path, buf.getvalue(), force=force)
    else:
        write(report, Target(target.command, fmt, target.path, target.stream), force=force)
    if target.path is None:
        return what
    return _("wrote {what} to {file}").format(what=what, file=target.path)


def _binary(
    target: Target,
    fmt: str,
    ds: Dataset,
    cases: Sequence[Case],
    *,
    rows: Any,
    cites: dict[int, str],
    metrics: bool,
    all_: bool,
    force: bool,
    metadata: StrPath | None,
) -> str:
    if target.path is None:
        example = f"gxeco export -f {fmt} -o cases{FORMATS[fmt].suffixes[0]}"
        raise GxecoError(
            _("--format {format} writes a binary file, not text for a terminal or a pipe: give -o FILE").format(
                format=fmt
            ),
            hint=_("e.g. {command}").format(command=example),
        )
    if fmt == "xlsx":
        from . import xlsx

        return xlsx.write(target.path, ds, cases, rows=rows, cites=cites, metrics=metrics, force=force, all_=all_)
    if metrics:
        raise GxecoError(_("--metrics does not apply to --format sqlite: the database holds cases and figures"))
    from pathlib import Path

    from . import sqlite

    meta = None if metadata is None else Path(metadata)
    return sqlite.write(target.path, ds, cases, force=force, metadata_path=meta, rows=rows, cites=cites)
