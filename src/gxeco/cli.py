"""The command line as typer declarations: names, options, help and completion.

Each command's body hands its parameters to ``commands``, which does the work;
the common command lines reach the same functions through ``fastpath`` without
importing typer, using a grammar generated from these declarations
(``scripts/regen_grammar.py``). Defaults are declared here and only here.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from . import clicktext, commands, vocab
from .grammar import VALUES_PROBE
from .i18n import _
from .render import Format

# typer's own words (Usage, Options …) in gxeco's language, and Chinese help broken by layout.wrap
_Group, _Command = clicktext.command_classes()
clicktext.translate_completion()  # --install-completion's two lines


app = typer.Typer(
    name="gxeco",
    help=_(
        "Query the 15 cases of 《广西壮族自治区自然资源生态产品价值实现典型案例（第三批）》: "
        "list, read, search, compare, count, cite and export them."
    ),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    cls=_Group,
)


def _run(fn: Callable[..., int], params: dict[str, Any]) -> None:
    code = commands.guarded(fn, params)
    if code:
        raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        commands.version()
        raise typer.Exit()


def _values(name: str) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """Completion of an option's values from its vocabulary. scripts/regen_grammar.py asks
    each parameter through click's completion call with grammar.VALUES_PROBE set, and this
    answers with the vocabulary's name, so the fast path completes the same values without typer."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        if ctx.meta.get(VALUES_PROBE):
            return [(f"{VALUES_PROBE}:{name}", "")]
        return commands.complete_values(name, incomplete)

    return complete


_complete_case = _values("CASE")


def _names(v: vocab.Vocab) -> str:
    return _(", ").join(v.names[k][0] if v.names[k] else k for k in v.names)


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help=_("Show the version and the data edition.")
        ),
    ] = False,
    data: Annotated[
        list[Path] | None,
        # GXECO_DATA is read by loader.data_paths (one rule for both front ends: split on the path
        # separator, empty parts skipped), not by typer, which reads "a.toml:" as a.toml and the folder "."
        typer.Option(
            "--data",
            help=_(
                "Case file(s) to load instead of the bundled data (repeatable; - reads standard input; or "
                "GXECO_DATA, paths separated by the path separator)."
            ),
        ),
    ] = None,
    with_bundled: Annotated[
        bool, typer.Option("--with-bundled", help=_("Load the bundled data too when --data is given."))
    ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help=_("No colour (NO_COLOR works too)."))] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help=_(
                "Print long output straight to the terminal (`GXECO_PAGER=cat` works too). Otherwise output "
                "longer than the screen opens in `$GXECO_PAGER`, `$PAGER` or `less`."
            ),
        ),
    ] = False,
) -> None:
    commands.setup(data=data, with_bundled=with_bundled, no_color=no_color, no_pager=no_pager)


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help=_("table (terminal default), plain (pipe default), json, jsonl, csv, md."),
        autocompletion=_values("FORMAT"),
    ),
]


class ExportFormat(str, Enum):
    """gxeco export's formats (output.COMMAND_FORMATS["export"]); xlsx and sqlite are binary and
    written to a file only, html is one page (each written by its own module in output/)."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"
    html = "html"
    xlsx = "xlsx"
    sqlite = "sqlite"


class MapFormat(str, Enum):
    """gxeco map's formats: the common ones, and svg (a figure for a report)."""

    table = "table"
    plain = "plain"
    json = "json"
    csv = "csv"
    md = "md"
    svg = "svg"


NoColorOpt = Annotated[bool, typer.Option("--no-color", help=_("No colour."))]
CITY_HELP = _("地市: 南宁, 桂林 … (or guilin, gl), 全区.")
CATEGORY_HELP = _("类别: {values}.").format(values=_names(vocab.CATEGORY))
RESOURCE_HELP = _("资源: {values}.").format(values=_(", ").join(vocab.RESOURCES))
MODE_HELP = _("模式: {values}.").format(values=_names(vocab.MODE))
TAG_HELP = _("标签或模型, e.g. 碳汇, 一田生五金 (`gxeco stats --by tag` lists them).")
# the filters `list`, `export` and `map` share: repeated (or 梧州,玉林 / 梧州、玉林) any of the values,
# different filters all of them (request.py)
FILTERS_HELP = _(
    "Repeat a filter, or separate values with `,` or `、`, for any of them (`--city 梧州,玉林`: either city); "
    "different filters narrow (`--city 梧州 --resource 森林`: both)."
)
CityOpt = Annotated[list[str] | None, typer.Option("--city", "-c", help=CITY_HELP, autocompletion=_values("CITY"))]
CategoryOpt = Annotated[
    list[str] | None, typer.Option("--category", help=CATEGORY_HELP, autocompletion=_values("CATEGORY"))
]
ResourceOpt = Annotated[
    list[str] | None, typer.Option("--resource", "-r", help=RESOURCE_HELP, autocompletion=_values("RESOURCE"))
]
ModeOpt = Annotated[list[str] | None, typer.Option("--mode", "-m", help=MODE_HELP, autocompletion=_values("MODE"))]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", "-t", help=TAG_HELP, autocompletion=_values("TAG"))]
AllOpt = Annotated[
    bool,
    typer.Option(
        "--all",
        help=_("Include figures that restate another figure of the same case, or state its fact with another value."),
    ),
]


# --- commands -------------------------------------------------------------------


@app.command(
    "list",
    cls=_Command,
    help=_(
        "List the cases (列出案例), optionally filtered.\n\n"
        "{filters}\n\n"
        "On a terminal each case is one line. Narrower than the full table (about 114 columns) the least "
        "useful columns are left out: first 县区 (the county; 地市 and the short title name the place), then "
        "below about 98 columns 资源 (see `gxeco show`). Below about 70 columns each case is a block of all "
        "its fields."
    ).format(filters=FILTERS_HELP),
)
def list_cmd(
    city: CityOpt = None,
    category: CategoryOpt = None,
    resource: ResourceOpt = None,
    mode: ModeOpt = None,
    tag: TagOpt = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort", help=_("{values}.").format(values=_names(vocab.LIST_SORT)), autocompletion=_values("LIST_SORT")
        ),
    ] = "id",
    reverse: Annotated[bool, typer.Option("--reverse", help=_("Reverse the order."))] = False,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    _run(commands.list_cases, locals())


@app.command(
    "show",
    cls=_Command,
    help=_("Show one case in full (查看案例)."),
)
def show_cmd(
    ref: Annotated[
        str,
        typer.Argument(
            metavar=_("REF"), help=_("Id, 十, slug, name, place, tag, pinyin …"), autocompletion=_complete_case
        ),
    ],
    section: Annotated[
        str | None,
        typer.Option(
            "--section", "-s", help=_("{values}.").format(values=vocab.PART.help()), autocompletion=_values("PART")
        ),
    ] = None,
    pager: Annotated[
        bool, typer.Option("--pager", help=_("Page even output shorter than the screen (terminal only)."))
    ] = False,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    _run(commands.show, locals())


@app.command(
    "related",
    cls=_Command,
    help=_(
        "Cases like this one (相似案例), each with what they share.\n\n"
        "Three to five of the loaded cases (every batch), the most similar first. Each case is six fields: 类别, "
        "模式, 资源, 标签, 模型 (sets of values) and the words of its 具体做法, cut as the jieba segmenter cuts "
        "them (梯田流转入股: 梯田, 流转, 入股). A value or word weighs ln((N+1)/df), N cases loaded and df of them "
        "having it: what nearly every case has counts little. Each field is compared by the cosine of the "
        "weighted values (a word also weighs 1 + ln(times it occurs); the 标签 and 模型 cosines are multiplied by "
        "4 and the 做法 cosine by 3, at most 1). The score is 类别 0.05 + 模式 0.10 + 资源 0.10 + 标签 0.30 + 模型 "
        "0.10 + 做法 0.35 times these, 0 to 1, the same both ways. Five are shown, fewer when the rest score "
        "under half the best, never under three."
    ),
)
def related_cmd(
    ref: Annotated[
        str,
        typer.Argument(
            metavar=_("REF"), help=_("Id, 十, slug, name, place, tag, pinyin …"), autocompletion=_complete_case
        ),
    ],
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    _run(commands.related, locals())


@app.command(
    "search",
    cls=_Command,
    help=_(
        "Search every case's text (全文搜索).\n\n"
        "Cases come in order of how well they match: a term in the case's title or names first, then more "
        "mentions in the text. JSON and CSV carry this as `score` (names x 1000 + mentions x 10 + a section "
        'weight); when nothing matches exactly, near matches come with `match` "near" and `score` their '
        "similarity (0-100). The text output says instead what was found: a title match, the mentions in the "
        "text, or how near a near match is."
    ),
)
def search_cmd(
    query_: Annotated[
        list[str], typer.Argument(metavar=_("QUERY..."), help=_('Terms (all must match); "…" for a phrase.'))
    ],
    section: Annotated[
        list[str] | None,
        typer.Option(
            "--section",
            "-s",
            help=_("Only these sections: {values}.").format(values=vocab.SEARCH_SECTION.help()),
            autocompletion=_values("SEARCH_SECTION"),
        ),
    ] = None,
    case: Annotated[
        list[str] | None,
        typer.Option("--case", help=_("Search inside these cases (repeatable)."), autocompletion=_complete_case),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help=_("Most cases to show."))] = 10,
    snippets: Annotated[int, typer.Option("--snippets", min=1, help=_("Snippets per case."))] = 3,
    context: Annotated[int, typer.Option("--context", min=0, max=500, help=_("Characters around a hit."))] = 40,
    exact: Annotated[bool, typer.Option("--exact", help=_("No near-match fallback."))] = False,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    _run(commands.search, locals())


@app.command(
    "compare",
    cls=_Command,
    help=_("Compare cases side by side (对比案例)."),
)
def compare_cmd(
    refs: Annotated[
        list[str], typer.Argument(metavar=_("REF..."), help=_("Two or more cases."), autocompletion=_complete_case)
    ],
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic",
            help=_("Only these figure topics: {values}.").format(values=_names(vocab.TOPIC)),
            autocompletion=_values("TOPIC"),
        ),
    ] = None,
    all_: AllOpt = False,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    _run(commands.compare, locals())


@app.command(
    "stats",
    cls=_Command,
    short_help=_("Count cases by city, category, resource … (统计)."),
    help=_("Count cases by city, category, mode, resource, tag and model (统计)."),
)
def stats_cmd(
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help=_("{values}; repeatable.").format(values=vocab.DIMENSION.help()),
            autocompletion=_values("DIMENSION"),
        ),
    ] = None,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    _run(commands.stats, locals())


@app.command(
    "figures",
    cls=_Command,
    short_help=_("Every figure with its source phrase (数据)."),
    help=_(
        "Every figure as printed, with its source phrase (数据), filterable and sortable.\n\n"
        "A figure that restates another of its case (the same fact in 具体做法 and again in 主要成效) "
        "or states its fact with another value is left out unless --all. A part of another figure, a "
        "class bound and a rate (元/人, 吨/日) say so, and have additive=false in JSON and CSV: a sum that "
        "counts only additive figures never adds a part to its total nor a rate to a total."
    ),
)
def figures_cmd(
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic",
            help=_("{values}; repeatable (any of them).").format(values=vocab.TOPIC.help()),
            autocompletion=_values("TOPIC"),
        ),
    ] = None,
    case: Annotated[
        list[str] | None,
        typer.Option("--case", help=_("Only these cases (repeatable)."), autocompletion=_complete_case),
    ] = None,
    unit: Annotated[
        list[str] | None,
        typer.Option(
            "--unit",
            help=_(
                "Unit kind: 金额 (money), 面积 (area), 重量 (mass), 人数 (people), 百分比 (percent) …; rates by what "
                "they are per: 人均 (元/人), 户均, 村均, 亩均, 每年 (per period), or 比率 (rate: all of them); "
                "repeatable (any of them)."
            ),
            autocompletion=_values("UNIT_KIND"),
        ),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            help=_(
                "{values}. 数值 compares base values (元, 亩, 吨 …) within one unit kind; "
                "kinds are separate groups in a fixed order: money, area, mass, volume, counts, percentages, then "
                "the rest. A bare 万/亿 in a money topic (investment, finance, transaction, output, fiscal, "
                "income) counts as money (元)."
            ).format(values=vocab.FIGURE_SORT.help()),
            autocompletion=_values("FIGURE_SORT"),
        ),
    ] = None,
    ascending: Annotated[
        bool,
        typer.Option(
            "--asc",
            help=_("Ascending: smallest value, earliest year, first topic or case first (default: descending)."),
        ),
    ] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help=_("Most rows to show."))] = None,
    all_: AllOpt = False,
    sum_: Annotated[
        bool,
        typer.Option(
            "--sum",
            help=_(
                "Totals instead of rows: one per unit kind, exact, each with how many figures it adds and "
                "what it leaves out and why (a part of a total in the sum, a restatement, a variant, a rate, "
                "a bound, a target, a stock at another date, a grade)."
            ),
        ),
    ] = False,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help=_("Totals per {values} (implies --sum).").format(values=vocab.TOTAL_BY.help()),
            autocompletion=_values("TOTAL_BY"),
        ),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help=_("With the totals, the sum written out and every figure left out (implies --sum).")
        ),
    ] = False,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    _run(commands.figures, locals())


@app.command(
    "cite",
    cls=_Command,
    help=_("A reference to cite a case (引用)."),
)
def cite_cmd(
    refs: Annotated[list[str], typer.Argument(metavar=_("REF..."), autocompletion=_complete_case)],
    style: Annotated[
        str,
        typer.Option(
            "--style",
            help=_("{values}; default gbt7714.").format(values=vocab.STYLE.help()),
            autocompletion=_values("STYLE"),
        ),
    ] = "gbt7714",
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    _run(commands.cite, locals())


@app.command(
    "export",
    cls=_Command,
    help=_(
        "Export cases or figures for spreadsheets and notebooks (导出).\n\n"
        "Figures carry additive: a sum that counts only those never adds a part to its total.\n\n{filters}"
    ).format(filters=FILTERS_HELP),
)
def export_cmd(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help=_(
                "json (default), jsonl, csv, md; html, one page to read, find and compare the cases in a browser; "
                "xlsx (Excel) and sqlite (a database for Datasette) need -o FILE. Without it, the suffix of -o "
                "decides (.html, .xlsx, .csv, .db …)."
            ),
            autocompletion=_values("EXPORT_FORMAT"),
        ),
    ] = None,
    metrics: Annotated[
        bool, typer.Option("--metrics", help=_("One row per figure instead of per case (xlsx: the figures only)."))
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_("Write to this file (atomically; its suffix sets the format); - is standard output."),
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Overwrite an existing --output file."))] = False,
    excel: Annotated[bool, typer.Option("--excel", help=_("CSV with a UTF-8 BOM for Excel."))] = False,
    metadata: Annotated[
        Path | None,
        typer.Option("--metadata", help=_("sqlite: write Datasette's metadata here, not to metadata.json beside -o.")),
    ] = None,
    all_: AllOpt = False,
    city: CityOpt = None,
    category: CategoryOpt = None,
    resource: ResourceOpt = None,
    mode: ModeOpt = None,
    tag: TagOpt = None,
    case: Annotated[
        list[str] | None,
        typer.Option("--case", help=_("Only these cases (repeatable)."), autocompletion=_complete_case),
    ] = None,
) -> None:
    _run(commands.export, locals())


@app.command(
    "map",
    cls=_Command,
    short_help=_("A schematic map of the cases by city (案例分布示意图)."),
    help=_(
        "Where the cases are: a schematic map of the 14 cities (案例分布示意图).\n\n"
        "One tile per city at its approximate position, with its number of cases; region-wide (全区) cases are "
        "counted beside the map. The filters work as in `list`: {filters}"
    ).format(filters=FILTERS_HELP),
)
def map_cmd(
    category: CategoryOpt = None,
    resource: ResourceOpt = None,
    mode: ModeOpt = None,
    tag: TagOpt = None,
    fmt: Annotated[
        MapFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help=_("table (terminal default), plain (pipe default), json, csv, md, svg (a figure)."),
            autocompletion=_values("MAP_FORMAT"),
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_(
                "Write to this file (atomically); .svg, .json, .md, .csv, .txt set the format; - is standard output."
            ),
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Overwrite an existing --output file."))] = False,
    no_color: NoColorOpt = False,
) -> None:
    _run(commands.city_map, locals())


@app.command(
    "validate",
    cls=_Command,
    short_help=_("Check data files against schema and source (校验)."),
    help=_("Check case data files against the schema and their source text (校验)."),
)
def validate_cmd(
    paths: Annotated[list[Path], typer.Argument(metavar=_("PATH..."), help=_("Case data file(s) to check."))],
) -> None:
    _run(commands.validate, locals())


@app.command(
    "browse",
    cls=_Command,
    short_help=_("Browse interactively: find, read, compare (浏览)."),
    help=_("Browse interactively: find as you type, read, compare, cite (浏览)."),
)
def browse_cmd(
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar=_("[REF]"), help=_("Open on this case (id, name, place …)."), autocompletion=_complete_case
        ),
    ] = None,
    no_color: NoColorOpt = False,
) -> None:
    _run(commands.browse, locals())


__all__ = ["app"]
