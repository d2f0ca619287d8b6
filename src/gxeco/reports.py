"""Turn library results into Reports: what each command shows, in every format."""

from __future__ import annotations

from . import labels, vocab
from .i18n import _
from .model import METRIC_ORDER, Case, Dataset, ident, several_batches
from .render.blocks import Bars, Block, Bullets, Fields, Heading, Items, Para, Report, Styled, Table, TileMap

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    from .citymap import CityMap
    from .resolve import Resolved
    from .search import Result
    from .similar import Related

SUMMARY_CSV = [
    "id",
    "batch",
    "slug",
    "short_title",
    "title",
    "city",
    "region",
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


def _batched(
    columns: list[str], rows: list[list[Any]], batches: Sequence[int], multi: bool
) -> tuple[list[str], list[list[Any]]]:
    """With several batches loaded a CSV row names its batch (ids repeat across batches): a
    ``batch`` column after ``id``, unless the table has one."""
    if not multi or "batch" in columns or "id" not in columns:
        return columns, rows
    at = columns.index("id") + 1
    return [*columns[:at], "batch", *columns[at:]], [[*r[:at], b, *r[at:]] for r, b in zip(rows, batches, strict=True)]


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
    multi = several_batches(cases, multi)
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
    header = [labels.zh(k) for k in ("id", "short_title", "city", "county", "category", "resources", "page")]
    table = Table(header, rows, keep={0, 1, 2}, drop=(3, 5))
    return Report([table], data, SUMMARY_CSV, [[d[k] for k in SUMMARY_CSV] for d in data])


CASE_EXPORT_CSV = [*SUMMARY_CSV, "background", "mechanism", "practices", "outcomes", "policies", "notes", "metrics"]


def case_export(cases: Sequence[Case], all_: bool = False) -> Report:
    """Every field of every case (export): the list's table for people, the whole record
    for JSON, one CSV row a case with the items joined and the figures counted.
    Restatements of an earlier figure only with all_."""
    data = [c.full() for c in cases]
    for d in data if not all_ else ():
        d["metrics"] = [m for m in d["metrics"] if "restates" not in m and "variant_of" not in m]
    rows = []
    for d in data:
        flat = d | {
            "practices": [f"{i['title']}。{_body(i)}" for i in d["practices"]],
            "outcomes": [f"{i['title']}。{_body(i)}" for i in d["outcomes"]],
            "metrics": len(d["metrics"]),
        }
        rows.append([flat.get(k) for k in CASE_EXPORT_CSV])
    return Report(case_list(cases).blocks, data, CASE_EXPORT_CSV, rows)


def _body(item: dict[str, Any]) -> str:
    """An item's whole text in one (CSV, flat exports): the lead, then each run-in subheading and its text."""
    return "".join([item["text"], *(p["title"] + p["text"] for p in item.get("parts", ()))])


METRIC_CSV = ["id", *METRIC_ORDER]


def case_detail(
    c: Case,
    section: str | None = None,
    multi: bool = False,
    related: Sequence[Related] | None = None,
    matched: Sequence[Resolved] | None = None,
) -> Report:
    """One case, or one part of it. The data is built once; what people read and the
    CSV rows are derived from it, so no format can show more or less than another.
    ``related`` (similar.related) adds a 相似 line to the header and its ids to the data."""
    full = c.full()
    summary = c.summary()
    if section is None:
        data = full
    elif section == "header":
        data = summary | {"toc_title": full["toc_title"]}
    else:
        data = summary | {section: full[section]}
    related_titles = None
    if related is not None and section in (None, "header"):
        data["related"] = [{"id": r.case.id, "batch": r.case.batch, "score": round(r.score, 4)} for r in related]
        related_titles = [f"{ident(r.case, multi)} {r.case.short_title}" for r in related]
    parts = case_parts(c, multi, related_titles)
    header = section in (None, "header")
    blocks = [b for key in CASE_PARTS if key in data or (key == "header" and header) for b in parts[key]]
    columns, rows = _detail_csv(data, section)
    return Report(blocks, data, *_batched(columns, rows, [c.batch] * len(rows), multi), message=_noted([data], matched))


# A case's parts in reading order: the header, then the sections of data/cases.toml.
CASE_PARTS = ("header", "background", "mechanism", "practices", "outcomes", "metrics", "policies", "notes")


def case_parts(c: Case, multi: bool = False, related: Sequence[str] | None = None) -> dict[str, list[Block]]:
    """A case as text to read, part by part (CASE_PARTS; a part the case lacks is empty).

    The one builder of a case's text: `gxeco show` prints the parts asked for, `gxeco browse`
    shows them as tabs. Paragraphs and items carry where they stand in search's passages
    (``Para.at``, ``Items.section``), so browse marks a search hit (passage, marks) in them.
    ``related``: the similar cases as written in the header's 相似 line."""
    rows = [
        (labels.zh("id"), ident(c, multi)),
        (labels.zh("short_title"), c.short_title),
        (labels.zh("place"), c.place),
        (labels.zh("category"), c.category),
        (labels.zh("modes"), "、".join(c.modes)),
        (labels.zh("resources"), "、".join(c.resources)),
        (labels.zh("tags"), "、".join(c.tags)),
    ]
    if c.models:
        rows.append((labels.zh("models"), "；".join(c.models)))
    rows.append((labels.zh("page"), str(c.page)))
    if related:
        rows.append(("相似", "、".join(related)))
    if c.toc_title:
        rows.append(("目录标题", c.toc_title))
    names = vocab.SECTION_NAMES
    parts: dict[str, list[Block]] = {"header": [Heading(f"{c.number}、{c.title}"), Fields(rows)]}
    for key in ("background", "mechanism"):
        text: str = getattr(c, key)
        paras: list[Block] = []
        at = 0
        for line in text.split("\n"):
            paras.append(Para([(line, None)], at=(key, None, at)))
            at += len(line) + 1
        parts[key] = [Heading(names[key], 2), *paras]
    for key in ("practices", "outcomes"):
        its = getattr(c, key)
        items = [(i.title, i.text) for i in its]
        subs = [[(p.title, p.text) for p in i.parts] for i in its]
        parts[key] = [Heading(names[key], 2), Items(items, subs, key)] if items else []
    from .figure_reports import fig_row  # a case's text alone (list, search) needs none of it

    figures = [fig_row(i, m) for i, m in enumerate(c.metrics, start=1)]
    parts["metrics"] = (
        [
            Heading(f"数据（{len(figures)}项）", 2),
            Table(["序号", "指标", "数值", "年份", "主题"], figures, wide={1}, keep={0}, drop=(4,)),
        ]
        if figures
        else []
    )
    policies: list[Block] = [Heading(labels.zh("policies"), 2), Bullets([f"《{p}》" for p in c.policies])]
    parts["policies"] = policies if c.policies else []
    parts["notes"] = [Heading(labels.zh("notes"), 2), Bullets(list(c.notes))] if c.notes else []
    return parts


def _detail_csv(d: dict[str, Any], section: str | None) -> tuple[list[str], list[list[Any]]]:
    if section == "metrics":
        return METRIC_CSV, [[d["id"], *(m.get(k) for k in METRIC_CSV[1:])] for m in d["metrics"]]
    if section in ("policies", "notes"):
        return ["id", section], [[d["id"], x] for x in d[section]]
    rows: list[list[Any]] = [[d["id"], k, "", d[k]] for k in ("background", "mechanism") if k in d]
    rows += [[d["id"], k, i["title"], _body(i)] for k in ("practices", "outcomes") if k in d for i in d[k]]
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
    multi = several_batches([r.case for r in results], multi)
    data: list[dict[str, Any]] = [r.as_dict() for r in results]
    blocks: list[Block] = []
    csv_rows = []
    batches = []
    for r, d in zip(results, data, strict=True):
        # what was found, not the score: a bare number reads as nothing
        if r.near:
            found = _("near match {percent}%").format(percent=f"{r.score:g}")
        elif r.named and r.mentions:
            found = _("title match, {n} mention(s) in the text").format(n=r.mentions)
        elif r.named:
            found = _("title match")
        else:
            found = _("{n} mention(s) in the text").format(n=r.mentions)
        heading = _("{id}  {title}  ({place})  {found}").format(
            id=ident(r.case, multi), title=d["short_title"], place=d["place"], found=found
        )
        blocks.append(Heading(heading, 2))
        for h in d["hits"]:
            section = labels.zh(h["section"])  # 标题, 核心机制 …: the one label table
            label = section + (f"·{h['title']}" if h["title"] else "")
            blocks.append(Para(_hl(h["snippet"], h["highlights"]), label=label))
            csv_rows.append([*(d[k] for k in SEARCH_CSV[:5]), h["section"], h["title"] or "", h["snippet"]])
            batches.append(r.case.batch)
    notes = []
    if data and data[0]["set_aside"]:
        notes.append(set_aside_notice(data[0]["set_aside"]))
    if data and data[0]["words"]:
        notes.append(_("searched by words: {words}").format(words=data[0]["words"]))
    if data and data[0]["corrected"]:
        notes.append(_("no exact match; showing results for {query}").format(query=data[0]["corrected"]))
    elif data and data[0]["match"] == "near":
        notes.append(_("no exact match; showing near matches (fuzzy, character-level)"))
    columns, rows = _batched(SEARCH_CSV, csv_rows, batches, multi)
    return Report(blocks, data, columns, rows, message="\n".join(notes) or None)


def set_aside_notice(chars: str) -> str:
    """What a search left out of the query: emoji, symbols, punctuation."""
    from .text import quoted

    return _("set aside {chars} (not a letter or digit)").format(chars=quoted(chars))


def compare_cell(v: Any) -> str:
    """One case's value in a compare row, as text (figures one per line)."""
    if isinstance(v, list):
        if v and isinstance(v[0], dict):
            return "\n".join(f"{x['label']}：{x['display']}" + (f"（{x['year']}）" if x.get("year") else "") for x in v)
        return "\n".join(str(x) for x in v) if any(len(str(x)) > 8 for x in v) else "、".join(map(str, v))
    return "" if v is None else str(v)


FIELD_NAMES = {k: labels.zh(k) for k in ("place", "category", "modes", "resources", "tags", "models")}
FIELD_NAMES |= {k: labels.zh(k) for k in ("mechanism", "practices", "outcomes")}


def field_name(field: str) -> str:
    """A compare row's name as people read it: 核心机制, 数据·投资 (figures by topic)."""
    if field.startswith("figures."):
        return "数据·" + vocab.TOPICS[field.split(".", 1)[1]][0]
    return FIELD_NAMES.get(field, field)


def comparison(
    data: dict[str, Any], cases: Sequence[Case], multi: bool | None = None, matched: Sequence[Resolved] | None = None
) -> Report:
    multi = several_batches(cases, multi)
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
        ["field", *[f"{ident(c, multi)}:{c.slug}" for c in cases]],
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


def citations(cases: Sequence[Case], ds: Dataset, style: str, matched: Sequence[Resolved] | None = None) -> Report:
    from . import cite as cite_mod  # cite alone needs it: not imported by every report

    texts = [cite_mod.cite(c, ds, style) for c in cases]
    # CSL-JSON is one document, an array of every item: what a reference manager imports
    shown = [cite_mod.cite_all(cases, ds, style)] if style == "csl-json" else texts
    blocks: list[Block] = [Para([(t, None)]) for t in shown]
    data = [
        {"id": c.id, "batch": c.batch, "slug": c.slug, "style": style, "citation": t, **cite_mod.pages(c, ds)}
        for c, t in zip(cases, texts, strict=True)
    ]
    unknown = [ident(c, ds.multi) for c, d in zip(cases, data, strict=True) if d["page_end"] is None]
    message = _noted(data, matched)
    if unknown:
        end = _("end page unknown for case {ids} (the contents give only where the last case starts)").format(
            ids=", ".join(unknown)
        )
        message = f"{message}\n{end}" if message else end
    columns, rows = _batched(
        ["id", "slug", "style", "citation"],
        [[c.id, c.slug, style, t] for c, t in zip(cases, texts, strict=True)],
        [c.batch for c in cases],
        ds.multi,
    )
    return Report(blocks, data, columns, rows, message=message)


MAP_CSV = ["city", "short", "row", "col", "count", "shade", "ids"]
MAP_NOTE = "示意图：每个方块是一个地级市，按大致方位排列，不表示行政边界；颜色越深，案例越多。"


def city_map(m: CityMap, metas: Sequence[Any], chosen: Mapping[str, Sequence[str]], multi: bool = False) -> Report:
    """Where the cases are (gxeco map): a tile per city, the region-wide cases beside it.
    ``chosen`` names the filters applied ({"category": "生态产业化经营"}); ``metas`` give
    the source line (the publication, as cite.publication writes it)."""
    from .cite import publication
    from .citymap import COLS, ROWS

    what = "；".join(f"{vocab.DIMENSION.names[k][0]} {'、'.join(v)}" for k, v in chosen.items())
    title = f"案例分布示意图{'（' + what + '）' if what else ''}：{m.total}个案例"

    def ids(cases: Sequence[Case]) -> str:
        return "、".join(ident(c, multi) for c in cases)

    def refs(cases: Sequence[Case]) -> list[dict[str, Any]]:
        return [{"id": c.id, "batch": c.batch, "short_title": c.short_title} for c in cases]

    tiles = [(t.row, t.col, t.short, t.count, t.level, ids(t.cases)) for t in m.tiles]
    blocks: list[Block] = [Heading(title), TileMap(ROWS, COLS, tiles)]
    beside = m.region_wide
    wide = f"全区 {len(beside)}个案例（不属某一地市，不画在方块上）"
    if beside:
        wide += "：" + "、".join(f"{ident(c, multi)} {c.short_title}" for c in beside)
    sources = [publication(meta) for meta in metas]
    blocks += [
        Para([(wide, None)]),
        Para([(MAP_NOTE, "dim")]),
        Para([("来源：" + "；".join(sources), "dim")]),
    ]
    by_city = {t.city: t.count for t in m.tiles}
    by_city[vocab.REGION_WIDE] = len(beside)
    data: dict[str, Any] = {
        "title": title,
        "filters": {k: list(v) for k, v in chosen.items()},
        "total": m.total,
        "by_city": by_city,
        "grid": {"rows": ROWS, "cols": COLS, "top": m.top},
        "tiles": [
            {
                "city": t.city,
                "short": t.short,
                "row": t.row,
                "col": t.col,
                "count": t.count,
                "shade": t.level,
                "cases": refs(t.cases),
            }
            for t in m.tiles
        ],
        "region_wide": refs(beside),
        "note": MAP_NOTE,
        "source": sources,
    }
    csv_rows: list[list[Any]] = [[t.city, t.short, t.row, t.col, t.count, t.level, ids(t.cases)] for t in m.tiles]
    csv_rows.append([vocab.REGION_WIDE, vocab.REGION_WIDE, None, None, len(beside), None, ids(beside)])
    return Report(blocks, data, MAP_CSV, csv_rows)


RELATED_CSV = ["id", "batch", "slug", "short_title", "score", "shared"]


def shared_sentence(shared: Mapping[str, Sequence[str]]) -> str:
    """What two cases share, as a reader can check it in both: 生态产业化经营；土地、水；
    标签 梯田、乡村旅游；模型「小块并大块」；做法「承包经营」. Category and modes come
    first (a value that is both once), then resources, tags, models and the shared wording."""
    parts = []
    kinds = list(dict.fromkeys([*shared.get("category", ()), *shared.get("modes", ())]))
    if kinds:
        parts.append("、".join(kinds))
    if shared.get("resources"):
        parts.append("、".join(shared["resources"]))
    if shared.get("tags"):
        parts.append(FIELD_SHORT["tags"] + " " + "、".join(shared["tags"]))
    if shared.get("models"):
        parts.append(FIELD_SHORT["models"] + "".join(f"「{m}」" for m in shared["models"]))
    if shared.get("practices"):
        parts.append(FIELD_SHORT["practices"] + "".join(f"「{p}」" for p in shared["practices"]))
    return "；".join(parts)


# the fields related compares (similar.FIELDS, not imported here: similar loads on demand), named
# from the one label table: 标签, 模型, 做法 in what two cases share, 具体做法 in full in the note
_RELATED_FIELDS = ("category", "modes", "resources", "tags", "models", "practices")
FIELD_SHORT = {k: labels.short(k) for k in _RELATED_FIELDS}
_SETS = "、".join(labels.zh(k) for k in _RELATED_FIELDS[:-1])
RELATED_NOTE = (
    f"括号中是相似度（0 至 1）：{_SETS}与{labels.zh('practices')}词语的加权重合，"
    "少见的共同点分量更重；算法见 gxeco related --help。"
)


def related(
    c: Case, found: Sequence[Related], multi: bool = False, matched: Sequence[Resolved] | None = None
) -> Report:
    """Cases like ``c`` (gxeco related), each with a sentence of what they share."""
    from .similar import FIELDS, WEIGHTS

    lines = []
    data: list[dict[str, Any]] = []
    rows = []
    for r in found:
        why = shared_sentence(r.shared)
        lines.append(f"{ident(r.case, multi)} {r.case.short_title} — 共同：{why}（{r.score:.2f}）")
        data.append(
            {
                "id": r.case.id,
                "batch": r.case.batch,
                "slug": r.case.slug,
                "short_title": r.case.short_title,
                "score": round(r.score, 4),
                "parts": {f: round(r.parts[f], 4) for f in FIELDS},
                "shared": {f: list(v) for f, v in r.shared.items()},
                "reason": why,
            }
        )
        rows.append([r.case.id, r.case.batch, r.case.slug, r.case.short_title, round(r.score, 4), why])
    blocks: list[Block] = [
        Heading(f"与 {ident(c, multi)} {c.short_title} 相似的案例"),
        Bullets(lines),
        Para([(RELATED_NOTE, "dim")]),
    ]
    out = {"id": c.id, "batch": c.batch, "short_title": c.short_title, "weights": WEIGHTS, "related": data}
    return Report(blocks, out, RELATED_CSV, rows, message=_noted([out], matched))
