"""The Excel workbook: 案例, 数据, 政策 and 说明 sheets.

People write their reports in Excel or WPS; a CSV opened there loses widths,
wraps nothing and turns numbers into text. Every sheet here has a bold frozen
header with an autofilter, columns sized to their content (CJK characters
count double) and numbers stored as numbers.
"""

from __future__ import annotations

from pathlib import Path

from .. import labels, vocab
from .._version import __version__
from ..layout import width_of
from ..model import ITEM_JOIN, Case, Dataset
from ..safe import visible
from ..units import published
from .files import atomic_file, refuse_existing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from ..query import FigureRow

MAX_WIDTH = 60  # wider text wraps instead of running off the screen
MIN_WIDTH = 4
JOIN = "、"  # how a list reads in Chinese prose
BIG_NUMBER = "#,##0"  # 717844000000 元 reads as such, not 7.17844E+11
DECIMAL_NUMBER = "#,##0.######"

# the headers from the one label table; 编号 is the Chinese numeral (序号 elsewhere), as the publication numbers cases
CASE_COLUMNS = [
    "id",
    "编号",
    *(labels.zh(k) for k in ("title", "short_title", "city", "county", "category", "modes", "resources", "tags")),
    *(labels.zh(k) for k in ("models", "page", *vocab.SECTIONS)),
]
# the 数据 sheet's columns by their JSON keys, headed from the one label table
FIGURE_KEYS = (
    "case_id",
    "short_title",
    "position",
    "label",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "qualifier_after",
    "normalized",
    "normalized_unit",
    "year",
    "topic",
    "section",
    "quote",
    "restates",
    "as_published",
    "part_of",
    "variant_of",
    "bound",
    "target",
    "stock",
    "stock_of",
    "change_of",
    "additive",
)
FIGURE_COLUMNS = [labels.zh(k) for k in FIGURE_KEYS]
POLICY_COLUMNS = ["案例id", "简称", "文件"]
ABOUT_COLUMNS = ["项目", "内容"]


def _items(items: Sequence[Any]) -> str:
    """Each headline with its text; the source's run-in subheadings each start an indented line."""
    return "\n".join(
        f"{i.title}{ITEM_JOIN}{i.text}" + "".join(f"\n    {p.title}{p.text}" for p in i.parts) for i in items
    )


def _number(v: float | None) -> int | float | None:
    """Whole numbers as integers, so Excel shows 50 rather than 50.0 in formulas and filters."""
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def topic_name(key: str) -> str:
    return vocab.TOPICS[key][0]


def case_rows(cases: Sequence[Case]) -> list[list[Any]]:
    return [
        [
            c.id,
            c.number,
            c.title,
            c.short_title,
            c.city or c.scope,
            c.county,
            c.category,
            JOIN.join(c.modes),
            JOIN.join(c.resources),
            JOIN.join(c.tags),
            "；".join(c.models),
            c.page,
            c.background,
            c.mechanism,
            _items(c.practices),
            _items(c.outcomes),
        ]
        for c in cases
    ]


def figure_table(rows_: Sequence[FigureRow]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for r in rows_:
        c, m, n = r.case, r.metric, r.position
        rows.append(
            [
                c.id,
                c.short_title,
                n,
                m.label,
                _number(m.value),
                _number(m.value_max),
                m.unit,
                m.qualifier,
                m.qualifier_after,
                _number(r.base_value),
                r.base_unit,
                m.year,
                topic_name(m.topic),
                vocab.SECTION_NAMES[m.section],
                m.quote,
                m.restates,
                published(m),
                m.part_of,
                m.variant_of,
                "是" if m.bound else None,
                "是" if m.target else None,
                "是" if m.stock else None,
                m.stock_of,
                m.change_of,
                "是" if r.as_dict()["additive"] else "否",
            ]
        )
    return rows


def about_rows(
    ds: Dataset,
    cases: Sequence[Case],
    n_figures: int,
    metrics: bool,
    all_: bool = False,
    cites: dict[int, str] | None = None,
) -> list[list[Any]]:
    """The 说明 sheet; ``cites``: each batch's publication as GB/T 7714 (api.export gives them)."""
    cites = cites or {}
    batches = {c.batch for c in cases}
    rows: list[list[Any]] = []
    for m in ds.metas:
        if m.batch not in batches:
            continue
        rows += [
            ["标题", m.title],
            ["发布单位", m.publisher],
            ["发布时间", m.published],
            ["批次", m.batch],
            ["引用（GB/T 7714）", cites.get(m.batch, "")],
            ["分类说明", m.category_note],
        ]
    rows += [
        ["范围", f"{len(cases)} 个案例，{n_figures} 项数字" if not metrics else f"{n_figures} 项数字"],
        ["导出工具", f"gxeco {__version__}"],
        ["数据表", "每项数字一行；原文为数字出处的原话，数值均照录原文，折算值为换算到基本单位后的数值"],
        [labels.zh("restates"), "该数字重复同一案例中第几项数字（数据表的序号）；空白表示不是复述"]
        if all_
        else ["复述", "同一数字在做法与成效中重复出现时只收首次（gxeco export --all 收入全部并加“复述序号”列）"],
        [
            labels.zh("as_published"),
            "数字在原文中的写法（21.70万亩、26.22亿余元、全区第一）；“约…9.47亿元”表示限定词在原文中与数字隔开",
        ],
        [labels.zh("part_of"), "该数字是同一案例中第几项数字的一部分（如挂牌出让的500吨属于核定的1278.78吨）"],
        [labels.zh("variant_of"), "该数字与同一案例中第几项数字说的是同一件事而数值不同（案例注释说明哪个为准）"]
        if all_
        else ["另一说法", "同一件事的另一数值不收（gxeco export --all 收入并加“另一说法之第几项”列）"],
        [
            labels.zh("qualifier_after"),
            "原文有两个限定词时数字后或数字中的那个（已达500多家：限定词为“达”，第二限定词为“多”）",
        ],
        [labels.zh("target"), "是：目标、规划或预计，不是已实现的数"],
        [labels.zh("stock"), "是：某一时点的存量（余额、储量、保有量、某时点的面积），只与存量相加"],
        [
            labels.zh("stock_of"),
            "该数字是同一案例中第几项数字在另一时点的值（从401.49万亩增加至407.02万亩的401.49万亩）",
        ],
        [labels.zh("change_of"), "该数字是同一案例中第几项数字在两个时点之间或与目标相比的变化（增加5.53万亩）"],
        [
            labels.zh("additive"),
            "求和时可计入：不是部分、复述、另一说法、分级界限、目标、另一时点的存量或其变化，"
            "也不是人均、户均、每年等比率",
        ],
    ]
    return rows


def _text(v: Any) -> Any:
    """A text cell's value: control and invisible characters shown (XML cannot hold most of them);
    anything else as it is, so numbers stay numbers."""
    return visible(v) if isinstance(v, str) else v


def _width(values: list[Any], enough: int) -> int:
    """The widest line among the values, in terminal cells (a CJK character counts two), or the first
    wider than ``enough``: a column that wide wraps at MAX_WIDTH, and measuring the rest of its text
    (the long sections, most of the workbook's characters) would change nothing."""
    widest = 0
    for v in values:
        if v is not None:
            for line in str(v).split("\n"):
                w = width_of(line)
                if w > widest:
                    if w > enough:
                        return w
                    widest = w
    return widest


def _string(ws: Any, row: int, col: int, text: str) -> None:
    """A string cell; a text longer than a cell holds is refused rather than cut short unseen."""
    if ws.write_string(row, col, text) == -2:  # XlsxWriter cut it to the 32 767 UTF-16 units Excel holds
        from ..errors import GxecoError
        from ..i18n import _

        message = _(
            "a text of {n} characters is longer than a spreadsheet cell holds: use --format csv, json or sqlite"
        )
        raise GxecoError(message.format(n=len(text)))


class _Book:
    """An XlsxWriter workbook and the few cell formats every sheet shares."""

    def __init__(self, buf: Any) -> None:
        import xlsxwriter

        # strings are written with write_string only, so none is ever taken for a formula, a number or a
        # link; the options say so once more for any later write()
        self.wb = xlsxwriter.Workbook(
            buf,
            {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
        )
        self.bold = self.wb.add_format({"bold": True})
        self._formats: dict[tuple[bool, str | None], Any] = {}

    def format(self, wrap: bool, number: str | None = None) -> Any:
        """Top-aligned (wrapped for long text), with a number format if given; one per combination."""
        key = (wrap, number)
        fmt = self._formats.get(key)
        if fmt is None:
            props: dict[str, Any] = {"valign": "top"}
            if wrap:
                props["text_wrap"] = True
            if number:
                props["num_format"] = number
            fmt = self._formats[key] = self.wb.add_format(props)
        return fmt

    def sheet(self, name: str, header: list[str], rows: list[list[Any]], numeric: dict[str, str] | None = None) -> None:
        """One sheet: bold frozen header, autofilter, fitted widths, long text wrapped. A column's
        format (top or wrap) is set once on the column, which every cell without one of its own takes;
        only the numbers of a numeric column carry their own."""
        ws = self.wb.add_worksheet(name)
        rows = [[_text(v) for v in row] for row in rows]
        ws.write_row(0, 0, [_text(h) for h in header], self.bold)
        for col, name_ in enumerate(header):
            values = [r[col] for r in rows]
            widest = _width([name_, *values], MAX_WIDTH - 2)
            long = widest + 2 > MAX_WIDTH or any(isinstance(v, str) and "\n" in v for v in values)
            ws.set_column(col, col, min(max(widest + 2, MIN_WIDTH), MAX_WIDTH), self.format(long))
            fmt = (numeric or {}).get(name_)
            if fmt:
                whole, part = self.format(long, BIG_NUMBER), self.format(long, fmt)
                for r, v in enumerate(values, start=1):
                    if isinstance(v, (int, float)):
                        ws.write_number(r, col, v, whole if isinstance(v, int) else part)
                    elif v is not None:
                        _string(ws, r, col, str(v))
                continue
            for r, v in enumerate(values, start=1):
                if isinstance(v, str):
                    if v:
                        _string(ws, r, col, v)  # text is text: never a formula, whatever it starts with
                elif v is not None:
                    ws.write_number(r, col, v)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(rows), len(header) - 1)


def build(
    ds: Dataset,
    cases: Sequence[Case],
    *,
    rows: Sequence[FigureRow],
    cites: dict[int, str],
    metrics: bool = False,
    all_: bool = False,
) -> bytes:
    """The workbook's bytes; with ``metrics``, only the figures and the 说明 sheet. The
    figure ``rows`` (those that restate an earlier one only with ``all_``) and the publications'
    ``cites`` come from the API (api.export): the writer computes nothing.

    XlsxWriter, not openpyxl: measured on the bundled data, importing openpyxl (and numpy, which it
    imports whenever it is installed) and building and saving its cell objects took about three times
    as long as XlsxWriter's import and writer, and lxml would have cut only openpyxl's writer."""
    import io

    buf = io.BytesIO()
    book = _Book(buf)
    frows = rows
    figures = figure_table(frows)
    # Case ids repeat across batches: with several loaded, a 批次 column leads each case-keyed sheet.
    multi = ds.multi or len({c.batch for c in cases}) > 1  # several loaded: every row names its batch

    def keyed(header: list[str], rows: list[list[Any]], of_case: list[Case]) -> tuple[list[str], list[list[Any]]]:
        if not multi:
            return header, rows
        return ["批次", *header], [[c.batch, *r] for c, r in zip(of_case, rows, strict=True)]

    if not metrics:
        book.sheet("案例", *keyed(CASE_COLUMNS, case_rows(cases), list(cases)))
    figure_cases = [r.case for r in frows]
    header = FIGURE_COLUMNS
    if not all_:  # restatements and variants are left out, so these columns would be empty in every row
        drop = {FIGURE_KEYS.index("restates"), FIGURE_KEYS.index("variant_of")}
        header = [h for i, h in enumerate(header) if i not in drop]
        figures = [[v for i, v in enumerate(r) if i not in drop] for r in figures]
    book.sheet("数据", *keyed(header, figures, figure_cases), {"折算值": DECIMAL_NUMBER})
    if not metrics:
        policies = [[c.id, c.short_title, p] for c in cases for p in c.policies]
        policy_cases = [c for c in cases for _ in c.policies]
        book.sheet("政策", *keyed(POLICY_COLUMNS, policies, policy_cases))
    book.sheet("说明", ABOUT_COLUMNS, about_rows(ds, cases, len(figures), metrics, all_, cites))
    book.wb.set_properties({"title": visible(ds.meta.title), "author": f"gxeco {__version__}"})
    book.wb.close()
    return buf.getvalue()


def write(
    path: Path,
    ds: Dataset,
    cases: Sequence[Case],
    *,
    rows: Sequence[FigureRow],
    cites: dict[int, str],
    metrics: bool = False,
    force: bool = False,
    all_: bool = False,
) -> str:
    """Write the workbook atomically; the message says what was written."""
    from ..errors import GxecoError
    from ..i18n import _

    if path.suffix.lower() != ".xlsx":
        # Excel refuses to open a workbook whose extension does not match its content.
        raise GxecoError(_("{file}: an Excel workbook needs the extension .xlsx").format(file=path))
    refuse_existing(path, force=force)  # before the work, not after it
    data = build(ds, cases, rows=rows, cites=cites, metrics=metrics, all_=all_)
    # built in memory, then written in one go: the file lands whole or not at all
    with atomic_file(path, force=force) as tmp:
        tmp.write_bytes(data)
    n_figures = len(rows)
    if metrics:
        return _("wrote {figures} figures to {file}").format(figures=n_figures, file=path)
    return _("wrote {cases} cases, {figures} figures to {file}").format(cases=len(cases), figures=n_figures, file=path)
