"""The command line as typer declarations: names, options, help and completion.

Each command's body hands its parameters to ``commands``, which does the work;
the common command lines reach the same functions through ``fastpath`` without
importing typer, using a grammar generated from these declarations
(``scripts/regen_grammar.py``). Defaults are declared here and only here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from . import commands
from .render import Format

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


def _run(fn: Callable[..., int], params: dict[str, Any]) -> None:
    code = commands.guarded(fn, params)
    if code:
        raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        commands.version()
        raise typer.Exit()


_complete_case = commands.complete_case


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
    commands.setup(data=data, with_bundled=with_bundled, no_color=no_color)


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", case_sensitive=False, help="table (terminal default), plain (pipe default), json, csv, md."
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour.")]


# --- commands -------------------------------------------------------------------


@app.command("list")
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
    _run(commands.list_cases, locals())


@app.command("show")
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
    _run(commands.show, locals())


@app.command("search")
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
    _run(commands.search, locals())


@app.command("compare")
def compare_cmd(
    refs: Annotated[
        list[str], typer.Argument(metavar="REF...", help="Two or more cases.", autocompletion=_complete_case)
    ],
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Only these figure topics.")] = None,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Compare cases side by side (对比案例)."""
    _run(commands.compare, locals())


@app.command("stats")
def stats_cmd(
    by: Annotated[str | None, typer.Option("--by", help="city, category, mode, resource or tag.")] = None,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Count cases by city, category, mode, resource and tag (统计)."""
    _run(commands.stats, locals())


@app.command("figures")
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
    _run(commands.figures, locals())


@app.command("cite")
def cite_cmd(
    refs: Annotated[list[str], typer.Argument(metavar="REF...", autocompletion=_complete_case)],
    style: Annotated[str, typer.Option("--style", help="gbt7714 (default), bibtex, ris.")] = "gbt7714",
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """A reference to cite a case (引用)."""
    _run(commands.cite, locals())


@app.command("export")
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
    _run(commands.export, locals())


@app.command("validate")
def validate_cmd(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Case data file(s) to check.")],
) -> None:
    """Check case data files against the schema and their source text (校验)."""
    _run(commands.validate, locals())


@app.command("browse")
def browse_cmd(
    ref: Annotated[
        str | None,
        typer.Argument(metavar="[REF]", help="Open on this case (id, name, place …).", autocompletion=_complete_case),
    ] = None,
    no_color: NoColorOpt = False,
) -> None:
    """Browse interactively: find as you type, read, compare, cite (浏览)."""
    _run(commands.browse, locals())


__all__ = ["app"]
