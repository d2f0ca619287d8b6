"""Turn library results into Reports: what each command shows, in every format."""

from __future__ import annotations

from . import cite as cite_mod
from . import units, vocab
from .model import Case, Dataset, metric_dict
from .query import FigureRow
from .render.blocks import Bars, Block, Bullets, Fields, Heading, Items, Para, Report, Styled, Table
from .search import Result

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

SUMMARY_CSV = [
    "id",
    "batch",
    "slug",
    "short_title",
    "title",
    "city",
    "county",
    "town",
    "village",
    "category",
    "modes",
    "resources",
    "tags",
    "models",
    "page",
]


def case_list(cases: Sequence[Case]) -> Report:
    multi = len({c.batch for c in cases}) > 1
    rows: list[list[Styled | str]] = []
    for c in cases:
        rows.append(
            [
                c.ref if multi else str(c.id),
                c.short_title,
                c.city or c.scope or "",
                c.county or "",
                c.category,
                "、".join(c.resources),
                str(c.page),
            ]
        )
    table = Table(["编号", "简称", "地市", "县区", "类别", "资源", "页码"], rows, keep={0, 1, 2}, drop=(3, 5))
    return Report(
        [table], [c.summary() for c in cases], SUMMARY_CSV, [[c.summary()[k] for k in SUMMARY_CSV] for c in cases]
    )


def _fig_row(m: Any) -> list[Styled | str]:
    return [m.label, units.format_published(m.value, m.unit, m.value_max, m.qualifier), str(m.year or ""), m.topic]


SHOW_PARTS = ("header", "background", "mechanism", "practices", "outcomes", "metrics", "policies", "notes")


def case_detail(c: Case, section: str | None = None) -> Report:
    parts = [section] if section else list(SHOW_PARTS)
    blocks: list[Block] = []
    if "header" in parts or section is None:
        blocks.append(Heading(f"{c.number}、{c.title}"))
        rows = [
            ("编号", c.ref if c.batch != 3 else str(c.id)),
            ("简称", c.short_title),
            ("地点", c.place),
            ("类别", c.category),
            ("模式", "、".join(c.modes)),
            ("资源", "、".join(c.resources)),
            ("标签", "、".join(c.tags)),
        ]
        if c.models:
            rows.append(("模型", "；".join(c.models)))
        rows.append(("页码", str(c.page)))
        if c.toc_title:
            rows.append(("目录标题", c.toc_title))
        blocks.append(Fields(rows))
    names = vocab.SECTION_NAMES
    if "background" in parts:
        blocks += [Heading(names["background"], 2), *(Para([(p, None)]) for p in c.background.splitlines())]
    if "mechanism" in parts:
        blocks += [Heading(names["mechanism"], 2), *(Para([(p, None)]) for p in c.mechanism.splitlines())]
    if "practices" in parts:
        blocks += [Heading(names["practices"], 2), Items([(i.title, i.text) for i in c.practices])]
    if "outcomes" in parts:
        blocks += [Heading(names["outcomes"], 2), Items([(i.title, i.text) for i in c.outcomes])]
    if "metrics" in parts and c.metrics:
        blocks += [
            Heading(f"数据（{len(c.metrics)}项）", 2),
            Table(["指标", "数值", "年份", "主题"], [_fig_row(m) for m in c.metrics], wide={0}, drop=(3,)),
        ]
    if "policies" in parts and c.policies:
        blocks += [Heading("引用文件", 2), Bullets([f"《{p}》" for p in c.policies])]
    if "notes" in parts and c.notes:
        blocks += [Heading("注", 2), Bullets(list(c.notes))]
    data = c.full()
    if section and section != "header":
        data = {k: v for k, v in data.items() if k in c.summary()} | {section: data[section]}
    csv_cols = ["id", "section", "title", "text"]
    csv_rows: list[list[Any]] = []
    for key in ("background", "mechanism"):
        if key in parts:
            csv_rows.append([c.id, key, "", getattr(c, key)])
    for key in ("practices", "outcomes"):
        if key in parts:
            csv_rows += [[c.id, key, i.title, i.text] for i in getattr(c, key)]
    if section == "metrics":
        csv_cols = ["id", "label", "value", "value_max", "unit", "qualifier", "year", "topic", "section", "quote"]
        csv_rows = [[c.id] + [metric_dict(m).get(k) for k in csv_cols[1:]] for m in c.metrics]
    elif section in ("policies", "notes"):
        csv_cols = ["id", section]
        csv_rows = [[c.id, x] for x in getattr(c, section)]
    elif section == "header" or not csv_rows:
        csv_cols = SUMMARY_CSV
        csv_rows = [[c.summary()[k] for k in SUMMARY_CSV]]
    return Report(blocks, data, csv_cols, csv_rows)


def _hl(snippet: str, spans: Sequence[tuple[int, int]]) -> Styled:
    out: Styled = []
    pos = 0
    for a, b in sorted(spans):
        if a < pos:
            continue
        if a > pos:
            out.append((snippet[pos:a], None))
        out.append((snippet[a:b], "hit"))
        pos = b
    if pos < len(snippet):
        out.append((snippet[pos:], None))
    return out


def search_results(results: Sequence[Result]) -> Report:
    blocks: list[Block] = []
    data = []
    csv_rows = []
    for r in results:
        c = r.case
        blocks.append(Heading(f"{c.id}  {c.short_title}  ({c.place})  score {r.score:g}", 2))
        for h in r.hits:
            label = vocab.SECTION_NAMES.get(h.section, h.section)
            if h.title:
                label += f"·{h.title}"
            blocks.append(Para(_hl(h.snippet, h.spans), label=label))
            csv_rows.append(
                [
                    c.id,
                    c.slug,
                    c.short_title,
                    r.score,
                    "near" if r.near else "exact",
                    h.section,
                    h.title or "",
                    h.snippet,
                ]
            )
        data.append(
            {
                "id": c.id,
                "batch": c.batch,
                "slug": c.slug,
                "short_title": c.short_title,
                "place": c.place,
                "score": r.score,
                "match": "near" if r.near else "exact",
                "hits": [
                    {
                        "section": h.section,
                        "title": h.title,
                        "snippet": h.snippet,
                        "highlights": [list(s) for s in h.spans],
                    }
                    for h in r.hits
                ],
            }
        )
    msg = None
    if results and results[0].near:
        msg = "no exact match; showing near matches (fuzzy, character-level)"
    return Report(
        blocks,
        data,
        ["id", "slug", "short_title", "score", "match", "section", "title", "snippet"],
        csv_rows,
        message=msg,
    )


def _cell(v: Any) -> str:
    if isinstance(v, list):
        if v and isinstance(v[0], dict):
            return "\n".join(f"{x['label']}：{x['display']}" + (f"（{x['year']}）" if x.get("year") else "") for x in v)
        return "\n".join(str(x) for x in v) if any(len(str(x)) > 8 for x in v) else "、".join(map(str, v))
    return "" if v is None else str(v)


FIELD_NAMES = {
    "place": "地点",
    "category": "类别",
    "modes": "模式",
    "resources": "资源",
    "tags": "标签",
    "models": "模型",
    "mechanism": "核心机制",
    "practices": "具体做法",
    "outcomes": "主要成效",
}


def comparison(data: dict[str, Any], cases: Sequence[Case]) -> Report:
    cols = [""] + [f"{c.id} {c.short_title}" for c in cases]
    rows: list[list[Styled | str]] = []
    csv_rows = []
    for r in data["rows"]:
        f = r["field"]
        name = FIELD_NAMES.get(f) or ("数据·" + f.split(".", 1)[1] if f.startswith("figures.") else f)
        rows.append([name, *(_cell(v) for v in r["values"])])
        csv_rows.append([f, *(_cell(v).replace("\n", "; ") for v in r["values"])])
    return Report(
        [Table(cols, rows, wide=set(range(1, len(cols))), per_field=True)],
        data,
        ["field", *[f"{c.id}:{c.slug}" for c in cases]],
        csv_rows,
    )


def stats_report(data: dict[str, Any], dims: Sequence[str]) -> Report:
    titles = {"city": "按地市", "category": "按类别", "mode": "按模式", "resource": "按资源", "tag": "按标签"}
    blocks: list[Block] = [Para([(f"案例总数 {data['total']}", "strong")])]
    csv_rows = []
    for d in dims:
        counts = data[f"by_{d}"]
        blocks.append(Bars(titles[d], list(counts.items())))
        csv_rows += [[d, k, n] for k, n in counts.items()]
    out = {"total": data["total"], **{f"by_{d}": data[f"by_{d}"] for d in dims}}
    return Report(blocks, out, ["dimension", "key", "count"], csv_rows)


FIGURE_CSV = [
    "id",
    "batch",
    "slug",
    "short_title",
    "label",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "display",
    "normalized",
    "normalized_unit",
    "kind",
    "year",
    "topic",
    "section",
    "quote",
]


def figures(rows: Sequence[FigureRow]) -> Report:
    trows: list[list[Styled | str]] = []
    data = [r.as_dict() for r in rows]
    for d in data:
        trows.append(
            [
                str(d["id"]),
                d["short_title"],
                d["label"],
                d["display"],
                d["normalized_display"],
                str(d["year"] or ""),
                d["topic"],
                d["quote"],
            ]
        )
    t = Table(["编号", "案例", "指标", "数值", "折算", "年份", "主题", "原文"], trows, wide={2, 7}, drop=(1, 4, 6))
    return Report([t], data, FIGURE_CSV, [[d.get(k) for k in FIGURE_CSV] for d in data])


def citations(cases: Sequence[Case], ds: Dataset, style: str) -> Report:
    texts = [cite_mod.cite(c, ds, style) for c in cases]
    blocks: list[Block] = [Para([(t, None)]) for t in texts]
    data = [
        {"id": c.id, "batch": c.batch, "slug": c.slug, "style": style, "citation": t, **cite_mod.pages(c, ds)}
        for c, t in zip(cases, texts, strict=True)
    ]
    unknown = [str(d["id"]) for d in data if d["page_end"] is None]
    message = None
    if unknown:
        message = f"end page unknown for case {', '.join(unknown)} (the contents give only where the last case starts)"
    return Report(
        blocks,
        data,
        ["id", "slug", "style", "citation"],
        [[c.id, c.slug, style, t] for c, t in zip(cases, texts, strict=True)],
        message=message,
    )
