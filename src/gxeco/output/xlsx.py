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
from ..model import Case, Dataset
from ..safe import visible
from ..units import published
from .files import atomic_file, refuse_existing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from openpyxl.worksheet.worksheet import Worksheet

    from ..query import FigureRow

MAX_WIDTH = 60  # wider text wraps instead of running off the screen
MIN_WIDTH = 4
JOIN = "、"  # how a list reads in Chinese prose
BIG_NUMBER = "#,##0"  # 717844000000 元 reads as such, not 7.17844E+11
DECIMAL_NUMBER = "#,##0.######"
TOP, WRAP = "gxeco top", "gxeco wrap"  # named cell styles (Excel lists them under 单元格样式)

# the headers from the one label table; 编号 is the Chinese numeral (序号 elsewhere), as the publication numbers cases
CASE_COLUMNS = [
    "id",
    "编号",
    *(labels.zh(k) for k in ("title", "short_title", "city", "county", "category", "modes", "resources", "tags")),
    *(labels.zh(k) for k in ("models", "page", *vocab.SECTIONS)),
]
FIGURE_COLUMNS = [
    "案例id",
    "简称",
    "序号",
    "指标",
    "数值",
    "上限",
    "单位",
    "限定词",
    "折算值",
    "折算单位",
    "年份",
    "主题",
    "章节",
    "原文",
    "复述序号",
    "原文数值",
    "属于第几项",
    "另一说法之第几项",
    "分级界限",
    "可加总",
]
POLICY_COLUMNS = ["案例id", "简称", "文件"]
ABOUT_COLUMNS = ["项目", "内容"]


def _items(items: Sequence[Any]) -> str:
    """Each headline with its text; the source's run-in subheadings each start an indented line."""
    return "\n".join(f"{i.title}。{i.text}" + "".join(f"\n    {p.title}{p.text}" for p in i.parts) for i in items)


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
        ["复述序号", "该数字重复同一案例中第几项数字（数据表的序号）；空白表示不是复述"]
        if all_
        else ["复述", "同一数字在做法与成效中重复出现时只收首次（gxeco export --all 收入全部并加“复述序号”列）"],
        [
            "原文数值",
            "数字在原文中的写法（21.70万亩、26.22亿余元、全区第一）；“约…9.47亿元”表示限定词在原文中与数字隔开",
        ],
        ["属于第几项", "该数字是同一案例中第几项数字的一部分（如挂牌出让的500吨属于核定的1278.78吨）"],
        ["另一说法之第几项", "该数字与同一案例中第几项数字说的是同一件事而数值不同（案例注释说明哪个为准）"]
        if all_
        else ["另一说法", "同一件事的另一数值不收（gxeco export --all 收入并加“另一说法之第几项”列）"],
        ["可加总", "求和时可计入：不是部分、复述、另一说法或分级界限，也不是人均、户均、每年等比率"],
    ]
    return rows


def _text(v: Any) -> Any:
    """A text cell's value: control and invisible characters shown (XML cannot hold most of them);
    anything else as it is, so numbers stay numbers."""
    return visible(v) if isinstance(v, str) else v


def _fill(ws: Worksheet, header: list[str], rows: list[list[Any]], numeric: dict[str, str] | None = None) -> None:
    """One sheet: bold frozen header, autofilter, fitted widths, wrapped long text."""
    from copy import copy

    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = [[_text(v) for v in row] for row in rows]
    ws.append([_text(h) for h in header])
    for r, row in enumerate(rows, start=2):
        ws.append(row)
        for c, v in enumerate(row, start=1):
            if isinstance(v, str) and v.startswith("="):  # openpyxl takes such text for a formula:
                ws.cell(r, c).data_type = "s"  # a string cell, which no spreadsheet evaluates
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for col, name in enumerate(header, start=1):
        values = [r[col - 1] for r in rows]
        widest = max(
            (width_of(line) for v in [name, *values] if v is not None for line in str(v).split("\n")), default=0
        )
        width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(col)].width = width
        long = widest + 2 > MAX_WIDTH or any(isinstance(v, str) and "\n" in v for v in values)
        fmt = (numeric or {}).get(name)
        style = WRAP if long else TOP  # a named style is set by name, far cheaper than an Alignment per cell
        proto = None
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            if proto is None:
                cell.style = style
                proto = cell._style  # type: ignore[union-attr]
            else:
                # the first cell's style record, copied: setting the named style on each cell looked it
                # up by name every time (a third of building the workbook); copying is what openpyxl
                # itself does when it copies a cell
                cell._style = copy(proto)  # type: ignore[union-attr]
            if fmt and isinstance(cell.value, (int, float)):
                cell.number_format = BIG_NUMBER if isinstance(cell.value, int) else fmt


def _styles(wb: Any) -> None:
    from openpyxl.styles import Alignment, NamedStyle

    wb.add_named_style(NamedStyle(TOP, alignment=Alignment(vertical="top")))
    wb.add_named_style(NamedStyle(WRAP, alignment=Alignment(vertical="top", wrap_text=True)))


def build(
    ds: Dataset,
    cases: Sequence[Case],
    *,
    rows: Sequence[FigureRow],
    cites: dict[int, str],
    metrics: bool = False,
    all_: bool = False,
) -> Any:
    """The workbook in memory; with ``metrics``, only the figures and the 说明 sheet. The
    figure ``rows`` (those that restate an earlier one only with ``all_``) and the publications'
    ``cites`` come from the API (api.export): the writer computes nothing."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    _styles(wb)
    frows = rows
    figures = figure_table(frows)
    # Case ids repeat across batches: with several loaded, a 批次 column leads each case-keyed sheet.
    multi = ds.multi or len({c.batch for c in cases}) > 1  # several loaded: every row names its batch

    def keyed(header: list[str], rows: list[list[Any]], of_case: list[Case]) -> tuple[list[str], list[list[Any]]]:
        if not multi:
            return header, rows
        return ["批次", *header], [[c.batch, *r] for c, r in zip(of_case, rows, strict=True)]

    if not metrics:
        _fill(wb.create_sheet("案例"), *keyed(CASE_COLUMNS, case_rows(cases), list(cases)))
    figure_cases = [r.case for r in frows]
    header = FIGURE_COLUMNS
    if not all_:  # restatements and variants are left out, so these columns would be empty in every row
        drop = {FIGURE_COLUMNS.index("复述序号"), FIGURE_COLUMNS.index("另一说法之第几项")}
        header = [h for i, h in enumerate(header) if i not in drop]
        figures = [[v for i, v in enumerate(r) if i not in drop] for r in figures]
    _fill(wb.create_sheet("数据"), *keyed(header, figures, figure_cases), {"折算值": DECIMAL_NUMBER})
    if not metrics:
        policies = [[c.id, c.short_title, p] for c in cases for p in c.policies]
        policy_cases = [c for c in cases for _ in c.policies]
        _fill(wb.create_sheet("政策"), *keyed(POLICY_COLUMNS, policies, policy_cases))
    _fill(wb.create_sheet("说明"), ABOUT_COLUMNS, about_rows(ds, cases, len(figures), metrics, all_, cites))
    wb.properties.title = visible(ds.meta.title)
    wb.properties.creator = f"gxeco {__version__}"
    return wb


def _save(wb: Any, buf: Any) -> str | None:
    """Save the workbook into buf; why it failed, or None. openpyxl writes each sheet through a
    temporary file of its own: when that fails (a full disk, a size limit), the half-done sheet
    writer fails again as it is collected, which Python reports as "Exception ignored … Traceback";
    that second report is swallowed, the first becomes the one line the user reads."""
    import gc
    import sys

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    reason = None
    try:
        try:
            wb.save(buf)
        except OSError as exc:
            reason = str(exc.strerror or exc)
        if reason is not None:
            gc.collect()  # the failed save's frames and its sheet writer are a cycle: collected here, silently
    finally:
        sys.unraisablehook = hook
    return reason


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
    wb = build(ds, cases, rows=rows, cites=cites, metrics=metrics, all_=all_)
    import io

    # built in memory, then written in one go: a zip file that fails half-way (a full disk) would
    # otherwise try to finish itself when collected and print a traceback past the error
    buf = io.BytesIO()
    reason = _save(wb, buf)
    if reason is not None:
        raise GxecoError(_("cannot write {file}: {reason}").format(file=path, reason=reason))
    with atomic_file(path, force=force) as tmp:
        tmp.write_bytes(buf.getbuffer())
    n_figures = wb["数据"].max_row - 1
    if metrics:
        return _("wrote {figures} figures to {file}").format(figures=n_figures, file=path)
    return _("wrote {cases} cases, {figures} figures to {file}").format(cases=len(cases), figures=n_figures, file=path)
