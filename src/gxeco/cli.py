"""The command line: parse arguments, call the library, hand results to a renderer.

Every error a user can cause is a GxecoError, turned into a one-line message
and its exit code here at the edge.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from .errors import GxecoError
from .render import Format

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="gxeco",
    help="Query the 15 cases of 《广西壮族自治区自然资源生态产品价值实现典型案例（第三批）》.\n\n"
    "查询广西自然资源生态产品价值实现典型案例（第三批）：列出、阅读、搜索、比较、统计。",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


class State:
    """Options of the top-level callback, shared with the commands of one run."""

    data: tuple[str, ...] = ()
    with_bundled = False
    color: bool | None = None
    _ds: Any = None

    @classmethod
    def dataset(cls) -> Any:
        if cls._ds is None:
            from . import loader

            cls._ds = loader.load(loader.data_paths(cls.data, cls.with_bundled))
        return cls._ds


def _err(msg: str, hint: str | None = None) -> None:
    from .text import printable

    sys.stderr.write(f"gxeco: {printable(msg) if chr(10) not in msg else msg}\n")
    if hint:
        sys.stderr.write(f"  {hint}\n")


def edge(fn: F) -> F:
    """Turn the domain error into a message and exit code; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except GxecoError as exc:
            _err(exc.message, exc.hint)
            raise typer.Exit(exc.code) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if not value:
        return
    from . import loader

    try:
        ds = loader.load(loader.data_paths(None, False))
        m = ds.meta
        data = f"data: 《{m.title}》 {m.publisher}, batch {m.batch}, {m.published} ({len(ds.cases)} cases)"
    except GxecoError as exc:
        data = f"data: unavailable ({exc.message})"
    typer.echo(f"gxeco {__version__}\n{data}")
    raise typer.Exit()


def _complete_case(incomplete: str) -> list[tuple[str, str]]:
    try:
        ds = State.dataset()
    except GxecoError:
        return []
    out = []
    for c in ds.cases:
        for cand in (str(c.id), c.slug, c.short_title):
            if cand.startswith(incomplete):
                out.append((cand, c.short_title))
                break
    return out


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and the data edition."
        ),
    ] = False,
    data: Annotated[
        list[Path] | None,
        typer.Option(
            "--data", envvar="GXECO_DATA", help="Case file(s) to load instead of the bundled data (repeatable)."
        ),
    ] = None,
    with_bundled: Annotated[
        bool, typer.Option("--with-bundled", help="Load the bundled data too when --data is given.")
    ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour (NO_COLOR works too).")] = False,
) -> None:
    State.data = tuple(str(p) for p in data or [])
    State.with_bundled = with_bundled
    State.color = False if no_color or os.environ.get("NO_COLOR") else None
    State._ds = None


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", case_sensitive=False, help="table (terminal default), plain (pipe default), json, csv, md."
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour.")]


def emit(report: Any, fmt: Format | None, no_color: bool = False, *, pager: bool = False) -> None:
    from .render import default_format, render

    out = sys.stdout
    chosen = fmt or default_format(out)
    if report.message:
        _err(report.message)
    render(report, chosen, out, color=False if no_color else State.color, pager=pager)


# --- commands -------------------------------------------------------------------


@app.command("list")
@edge
def list_cmd(
    city: Annotated[str | None, typer.Option("--city", "-c", help="地市, e.g. 桂林, guilin.")] = None,
    category: Annotated[str | None, typer.Option("--category", help="类别, e.g. 修复.")] = None,
    resource: Annotated[str | None, typer.Option("--resource", "-r", help="资源, e.g. 海域.")] = None,
    mode: Annotated[str | None, typer.Option("--mode", "-m", help="价值实现模式.")] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="标签或模型, e.g. 碳汇.")] = None,
    sort: Annotated[str, typer.Option("--sort", help="id, city, category, page, title, metrics.")] = "id",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """List the cases (列出案例), optionally filtered."""
    from . import query, reports

    ds = State.dataset()
    f = query.Filters(city, category, resource, mode, tag)
    cases = query.sort_cases(query.apply_filters(ds, f), sort, reverse)
    emit(reports.case_list(cases), fmt, no_color)
    if not cases:
        _err("no case matches these filters")
        raise typer.Exit(1)


@app.command("show")
@edge
def show_cmd(
    ref: Annotated[str, typer.Argument(help="Id, 十, slug, name, place, tag, pinyin …", autocompletion=_complete_case)],
    section: Annotated[
        str | None,
        typer.Option(
            "--section", "-s", help="header, background, mechanism, practices, outcomes, metrics, policies, notes."
        ),
    ] = None,
    pager: Annotated[bool, typer.Option("--pager", help="Page long output (terminal only).")] = False,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Show one case in full (查看案例)."""
    from . import query, reports
    from .resolve import resolve

    ds = State.dataset()
    case = resolve(ds, ref)
    sec = query.pick_part(section) if section is not None else None
    emit(reports.case_detail(case, sec), fmt, no_color, pager=pager)


@app.command("search")
@edge
def search_cmd(
    query_: Annotated[list[str], typer.Argument(metavar="QUERY...", help='Terms (all must match); "…" for a phrase.')],
    section: Annotated[
        list[str] | None,
        typer.Option("--section", "-s", help="Only these sections: title, background, mechanism, practices, outcomes."),
    ] = None,
    case: Annotated[
        str | None, typer.Option("--case", help="Search inside one case.", autocompletion=_complete_case)
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most cases to show.")] = 10,
    snippets: Annotated[int, typer.Option("--snippets", min=1, help="Snippets per case.")] = 3,
    context: Annotated[int, typer.Option("--context", min=0, max=500, help="Characters around a hit.")] = 40,
    exact: Annotated[bool, typer.Option("--exact", help="No near-match fallback.")] = False,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Search every case's text (全文搜索)."""
    from . import reports
    from .query import pick_section
    from .resolve import resolve
    from .search import search

    ds = State.dataset()
    cases = [resolve(ds, case)] if case else list(ds.cases)
    secs = [pick_section(s) for s in section] if section else None
    results = search(cases, query_, sections=secs, context=context, snippets=snippets, near=not exact)
    report = reports.search_results(results[:limit])
    emit(report, fmt, no_color)
    if not results:
        _err("no case matches " + " ".join(query_))
        raise typer.Exit(1)


@app.command("compare")
@edge
def compare_cmd(
    refs: Annotated[
        list[str], typer.Argument(metavar="REF...", help="Two or more cases.", autocompletion=_complete_case)
    ],
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Only these figure topics.")] = None,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Compare cases side by side (对比案例)."""
    from . import query, reports
    from .resolve import resolve_many

    ds = State.dataset()
    cases = resolve_many(ds, refs)
    data = query.compare(cases, topic)
    emit(reports.comparison(data, cases), fmt, no_color)


@app.command("stats")
@edge
def stats_cmd(
    by: Annotated[str | None, typer.Option("--by", help="city, category, mode, resource or tag.")] = None,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Count cases by city, category, mode, resource and tag (统计)."""
    from . import query, reports

    ds = State.dataset()
    dims = [query.pick_dimension(by)] if by else list(query.DIMENSIONS)
    emit(reports.stats_report(query.stats(ds.cases), dims), fmt, no_color)


@app.command("figures")
@edge
def figures_cmd(
    topic: Annotated[str | None, typer.Option("--topic", help="investment, income, land … or 投资, 收入 ….")] = None,
    case: Annotated[
        list[str] | None, typer.Option("--case", help="Only these cases (repeatable).", autocompletion=_complete_case)
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Unit kind: money, area, mass, people, percent …")] = None,
    sort: Annotated[str | None, typer.Option("--sort", help="value, year, case, topic.")] = None,
    ascending: Annotated[bool, typer.Option("--asc", help="Smallest first.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="Most rows to show.")] = None,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Every figure with its source phrase (数据), filterable and sortable."""
    from . import query, reports
    from .resolve import resolve_many

    ds = State.dataset()
    cases = resolve_many(ds, case) if case else list(ds.cases)
    rows = query.sort_figures(query.figure_rows(cases, topic, unit), sort, not ascending)
    if limit:
        rows = rows[:limit]
    emit(reports.figures(rows), fmt, no_color)
    if not rows:
        _err("no figure matches")
        raise typer.Exit(1)


@app.command("cite")
@edge
def cite_cmd(
    refs: Annotated[list[str], typer.Argument(metavar="REF...", autocompletion=_complete_case)],
    style: Annotated[str, typer.Option("--style", help="gbt7714 (default), bibtex, ris.")] = "gbt7714",
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """A reference to cite a case (引用)."""
    from . import cite, reports
    from .resolve import resolve_many

    ds = State.dataset()
    cases = resolve_many(ds, refs)
    # A citation reads as plain text even on a terminal: no table to copy around.
    emit(reports.citations(cases, ds, cite.pick_style(style)), fmt or Format.plain, no_color)


@app.command("export")
@edge
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, jsonl, csv or md.")] = "json",
    metrics: Annotated[bool, typer.Option("--metrics", help="One row per figure instead of per case.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")] = False,
    excel: Annotated[bool, typer.Option("--excel", help="CSV with a UTF-8 BOM for Excel.")] = False,
    city: Annotated[str | None, typer.Option("--city", "-c")] = None,
    category: Annotated[str | None, typer.Option("--category")] = None,
    resource: Annotated[str | None, typer.Option("--resource", "-r")] = None,
    mode: Annotated[str | None, typer.Option("--mode", "-m")] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t")] = None,
) -> None:
    """Export cases or figures for spreadsheets and notebooks (导出)."""
    from . import export, query

    ds = State.dataset()
    cases = query.require(query.apply_filters(ds, query.Filters(city, category, resource, mode, tag)))
    text = export.export(cases, fmt, metrics=metrics, excel=excel)
    if output is None:
        sys.stdout.write(text)
    else:
        export.write_atomic(output, text, force=force)
        _err(f"wrote {len(cases)} case(s) to {output}")


@app.command("validate")
@edge
def validate_cmd(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Case data file(s) to check.")],
) -> None:
    """Check case data files against the schema and their source text (校验)."""
    from . import export

    problems = 0
    for p in paths:
        found = export.validate(p)
        for msg in found:
            sys.stdout.write(msg + "\n")
        problems += len(found)
        if not found:
            sys.stdout.write(f"{p}: ok\n")
    if problems:
        raise typer.Exit(2)


def main() -> None:
    """Console entry point."""
    from .console import install, silence_broken_pipe

    install()
    try:
        app()
    except BrokenPipeError:
        silence_broken_pipe()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(130)


__all__ = ["app", "main"]
