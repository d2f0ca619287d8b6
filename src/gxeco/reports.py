"""Turn library results into Reports: what each command shows, in every format."""

from __future__ import annotations

from . import units, vocab
from .model import Case, Dataset
from .render.blocks import Bars, Block, Bullets, Fields, Heading, Items, Para, Report, Styled, Table

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from .query import FigureRow
    from .resolve import Resolved
    from .search import Result

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


def ident(c: Case, multi: bool) -> str:
    """How a case's id reads: 10, or 3:10 whenever several batches are loaded (in every command)."""
    return c.ref if multi else str(c.id)


def _multi(cases: Sequence[Case], multi: bool | None) -> bool:
    return len({c.batch for c in cases}) > 1 if multi is None else multi


def _noted(entries: Sequence[dict[str, Any]], matched: Sequence[Resolved] | None) -> str | None:
    """A reference taken by a fuzzy match says so twice: ``matched_as`` in its JSON entry, and
    a notice on stderr (returned, one line each) — never silently."""
    notes = []
    for entry, r in zip(entries, matched or (), strict=False):
        if r.notice:
            entry["matched_as"] = r.matched_as()
            notes.append(r.notice)
    return "\n".join(notes) or None


def case_list(cases: Sequence[Case], multi: bool | None = None) -> Report:
    multi = _multi(cases, multi)
    data = [c.summary() for c in cases]
    rows: list[list[Styled | str]] = [
        [
            ident(c, multi),
            d["short_title"],
            d["city"] or d["scope"] or "",
            d["county"] or "",
            d["category"],
            "、".join(d["resources"]),
            str(d["page"]),
        ]
        for c, d in zip(cases, data, strict=True)
    ]
    table = Table(["编号", "简称", "地市", "县区", "类别", "资源", "页码"], rows, keep={0, 1, 2}, drop=(3, 5))
    return Report([table], data, SUMMARY_CSV, [[d[k] for k in SUMMARY_CSV] for d in data])


CASE_EXPORT_CSV = [*SUMMARY_CSV, "background", "mechanism", "practices", "outcomes", "policies", "notes", "metrics"]


def case_export(cases: Sequence[Case], all_: bool = False) -> Report:
    """Every field of every case (export): the list's table for people, the whole record
    for JSON, one CSV row a case with the items joined and the figures counted.
    Restatements of an earlier figure only with all_."""
    data = [c.full() for c in cases]
    for d in data if not all_ else ():
        d["metrics"] = [m for m in d["metrics"] if "restates" not in m]
    rows = []
    for d in data:
        flat = d | {
            "practices": [f"{i['title']}。{i['text']}" for i in d["practices"]],
            "outcomes": [f"{i['title']}。{i['text']}" for i in d["outcomes"]],
            "metrics": len(d["metrics"]),
        }
        rows.append([flat.get(k) for k in CASE_EXPORT_CSV])
    return Report(case_list(cases).blocks, data, CASE_EXPORT_CSV, rows)


def _fig_row(m: dict[str, Any]) -> list[Styled | str]:
    return [
        m["label"],
        units.format_published(m["value"], m["unit"], m.get("value_max"), m.get("qualifier")),
        str(m.get("year") or ""),
        vocab.TOPICS[m["topic"]][0],
    ]


METRIC_CSV = ["id", "label", "value", "value_max", "unit", "qualifier", "year", "topic", "section", "quote", "restates"]


def case_detail(
    c: Case, section: str | None = None, multi: bool = False, matched: Sequence[Resolved] | None = None
) -> Report:
    """One case, or one part of it. The data is built once; what people read and the
    CSV rows are derived from it, so no format can show more or less than another."""
    full = c.full()
    summary = c.summary()
    if section is None:
        data = full
    elif section == "header":
        data = summary | {"toc_title": full["toc_title"]}
    else:
        data = summary | {section: full[section]}
    blocks = _detail_blocks(data, c, section in (None, "header"), multi)
    return Report(blocks, data, *_detail_csv(data, section), message=_noted([data], matched))


def _detail_blocks(d: dict[str, Any], c: Case, header: bool, multi: bool) -> list[Block]:
    blocks: list[Block] = []
    if header:
        blocks.append(Heading(f"{d['number']}、{d['title']}"))
        rows = [
            ("编号", ident(c, multi)),
            ("简称", d["short_title"]),
            ("地点", c.place),
            ("类别", d["category"]),
            ("模式", "、".join(d["modes"])),
            ("资源", "、".join(d["resources"])),
            ("标签", "、".join(d["tags"])),
        ]
        if d["models"]:
            rows.append(("模型", "；".join(d["models"])))
        rows.append(("页码", str(d["page"])))
        if d.get("toc_title"):
            rows.append(("目录标题", d["toc_title"]))
        blocks.append(Fields(rows))
    names = vocab.SECTION_NAMES
    for key in ("background", "mechanism"):
        if key in d:
            blocks += [Heading(names[key], 2), *(Para([(p, None)]) for p in d[key].splitlines())]
    for key in ("practices", "outcomes"):
        if key in d:
            blocks += [Heading(names[key], 2), Items([(i["title"], i["text"]) for i in d[key]])]
    if d.get("metrics"):
        blocks += [
            Heading(f"数据（{len(d['metrics'])}项）", 2),
            Table(["指标", "数值", "年份", "主题"], [_fig_row(m) for m in d["metrics"]], wide={0}, drop=(3,)),
        ]
    if d.get("policies"):
        blocks += [Heading("引用文件", 2), Bullets([f"《{p}》" for p in d["policies"]])]
    if d.get("notes"):
        blocks += [Heading("注", 2), Bullets(list(d["notes"]))]
    return blocks


def _detail_csv(d: dict[str, Any], section: str | None) -> tuple[list[str], list[list[Any]]]:
    if section == "metrics":
        return METRIC_CSV, [[d["id"], *(m.get(k) for k in METRIC_CSV[1:])] for m in d["metrics"]]
    if section in ("policies", "notes"):
        return ["id", section], [[d["id"], x] for x in d[section]]
    rows: list[list[Any]] = [[d["id"], k, "", d[k]] for k in ("background", "mechanism") if k in d]
    rows += [[d["id"], k, i["title"], i["text"]] for k in ("practices", "outcomes") if k in d for i in d[k]]
    if section == "header" or not rows:
        return SUMMARY_CSV, [[d[k] for k in SUMMARY_CSV]]
    return ["id", "section", "title", "text"], rows


def _hl(snippet: str, spans: Sequence[Sequence[int]]) -> Styled:
    out: Styled = []
    pos = 0
    for a, b in sorted((s[0], s[1]) for s in spans):
        if a < pos:
            continue
        if a > pos:
            out.append((snippet[pos:a], None))
        out.append((snippet[a:b], "hit"))
        pos = b
    if pos < len(snippet):
        out.append((snippet[pos:], None))
    return out


SEARCH_CSV = ["id", "slug", "short_title", "score", "match", "section", "title", "snippet"]


def search_results(results: Sequence[Result], multi: bool | None = None) -> Report:
    multi = _multi([r.case for r in results], multi)
    data: list[dict[str, Any]] = [
        {
            "id": r.case.id,
            "batch": r.case.batch,
            "slug": r.case.slug,
            "short_title": r.case.short_title,
            "place": r.case.place,
            "score": r.score,
            "match": "near" if r.near else "corrected" if r.corrected else "exact",
            "corrected": r.corrected,
            "set_aside": r.set_aside,
            "hits": [
                {"section": h.section, "title": h.title, "snippet": h.snippet, "highlights": [list(s) for s in h.spans]}
                for h in r.hits
            ],
        }
        for r in results
    ]
    blocks: list[Block] = []
    csv_rows = []
    for r, d in zip(results, data, strict=True):
        blocks.append(Heading(f"{ident(r.case, multi)}  {d['short_title']}  ({d['place']})  score {d['score']:g}", 2))
        for h in d["hits"]:
            section = vocab.SECTION_NAMES.get(h["section"]) or vocab.SEARCH_SECTION.names[h["section"]][0]  # 标题
            label = section + (f"·{h['title']}" if h["title"] else "")
            blocks.append(Para(_hl(h["snippet"], h["highlights"]), label=label))
            csv_rows.append([*(d[k] for k in SEARCH_CSV[:5]), h["section"], h["title"] or "", h["snippet"]])
    notes = []
    if data and data[0]["set_aside"]:
        notes.append(set_aside_notice(data[0]["set_aside"]))
    if data and data[0]["corrected"]:
        notes.append(f"no exact match; showing results for {data[0]['corrected']}")
    elif data and data[0]["match"] == "near":
        notes.append("no exact match; showing near matches (fuzzy, character-level)")
    return Report(blocks, data, SEARCH_CSV, csv_rows, message="\n".join(notes) or None)


def set_aside_notice(chars: str) -> str:
    """What a search left out of the query: emoji, symbols, punctuation."""
    from .text import quoted

    return f"set aside {quoted(chars)} (not a letter or digit)"


def compare_cell(v: Any) -> str:
    """One case's value in a compare row, as text (figures one per line)."""
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


def field_name(field: str) -> str:
    """A compare row's name as people read it: 核心机制, 数据·投资 (figures by topic)."""
    if field.startswith("figures."):
        return "数据·" + vocab.TOPICS[field.split(".", 1)[1]][0]
    return FIELD_NAMES.get(field, field)


def comparison(
    data: dict[str, Any], cases: Sequence[Case], multi: bool | None = None, matched: Sequence[Resolved] | None = None
) -> Report:
    multi = _multi(cases, multi)
    message = _noted(data["cases"], matched)
    cols = [""] + [f"{ident(c, multi)} {c.short_title}" for c in cases]
    rows: list[list[Styled | str]] = []
    csv_rows = []
    for r in data["rows"]:
        f = r["field"]
        name = field_name(f)
        rows.append([name, *(compare_cell(v) for v in r["values"])])
        csv_rows.append([f, *(compare_cell(v).replace("\n", "; ") for v in r["values"])])
    return Report(
        [Table(cols, rows, wide=set(range(1, len(cols))), per_field=True)],
        data,
        ["field", *[f"{c.id}:{c.slug}" for c in cases]],
        csv_rows,
        message=message,
    )


def stats_report(data: dict[str, Any], dims: Sequence[str]) -> Report:
    titles = {d: "按" + vocab.DIMENSION.names[d][0] for d in vocab.DIMENSION.names}
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
    "restates",
    "position",  # within the case's figures: what restates refers to
]


def figures(rows: Sequence[FigureRow], multi: bool | None = None) -> Report:
    multi = _multi([r.case for r in rows], multi)
    trows: list[list[Styled | str]] = []
    data = [r.as_dict() for r in rows]
    for r, d in zip(rows, data, strict=True):
        trows.append(
            [
                ident(r.case, multi),
                d["short_title"],
                d["label"] + (f"（复述第{d['restates']}项）" if d["restates"] else ""),
                d["display"],
                d["normalized_display"],
                str(d["year"] or ""),
                vocab.TOPICS[d["topic"]][0],
                d["quote"],
            ]
        )
    t = Table(["编号", "案例", "指标", "数值", "折算", "年份", "主题", "原文"], trows, wide={2, 7}, drop=(1, 4, 6))
    return Report([t], data, FIGURE_CSV, [[d.get(k) for k in FIGURE_CSV] for d in data])


def citations(cases: Sequence[Case], ds: Dataset, style: str, matched: Sequence[Resolved] | None = None) -> Report:
    from . import cite as cite_mod  # cite alone needs it: not imported by every report

    texts = [cite_mod.cite(c, ds, style) for c in cases]
    blocks: list[Block] = [Para([(t, None)]) for t in texts]
    data = [
        {"id": c.id, "batch": c.batch, "slug": c.slug, "style": style, "citation": t, **cite_mod.pages(c, ds)}
        for c, t in zip(cases, texts, strict=True)
    ]
    unknown = [str(d["id"]) for d in data if d["page_end"] is None]
    message = _noted(data, matched)
    if unknown:
        end = f"end page unknown for case {', '.join(unknown)} (the contents give only where the last case starts)"
        message = f"{message}\n{end}" if message else end
    return Report(
        blocks,
        data,
        ["id", "slug", "style", "citation"],
        [[c.id, c.slug, style, t] for c, t in zip(cases, texts, strict=True)],
        message=message,
    )
