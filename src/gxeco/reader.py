"""What the HTML reader (`gxeco export --format html`) holds, built from the library as every
other format is: the case text and its run-in subheadings (the Case record), the figures as
``gxeco figures`` lists them (``query.figure_rows``), related cases with their reasons
(``similar.related``, ``reports.shared_sentence``), citations (``cite``), the map's report
(``citymap``), the counts of ``gxeco stats`` (``query.stats``), the rows of ``gxeco compare``
(``query.compare``) and the tables find-as-you-type reads. ``output/html.py`` only lays it out.

Every text from a data file is made visible (safe.visible: a control or invisible character is
shown, never hidden or acted on); escaping is the template's."""

from __future__ import annotations

from .i18n import _
from .model import ITEM_JOIN, Case, Dataset, ident
from .safe import visible as clean

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any


def _anchor(c: Case, multi: bool) -> str:
    return f"case-{c.batch}-{c.id}" if multi else f"case-{c.id}"


def _case_text(c: Case) -> dict[str, str]:
    """Each section's whole text (the characters the page's tables are cut to)."""
    out = {"background": c.background, "mechanism": c.mechanism}
    for key in ("practices", "outcomes"):
        out[key] = "\n".join(f"{i.title}{ITEM_JOIN}{i.body}" for i in getattr(c, key))
    return out


def _figures(c: Case, all_: bool) -> list[dict[str, Any]]:
    """The case's figures as `gxeco figures --case N` lists them (restatements with all_), each
    with its quote and what it is a part of. The page's script widens the quote to its sentence
    in the case's text when the reader points at the figure: the sentences written out again
    would be a quarter of the file."""
    from . import vocab
    from .figure_reports import link_note
    from .query import figure_rows

    rows = []
    for r in figure_rows([c], all_=all_):
        d = r.as_dict()
        m = r.metric
        rows.append(
            {
                "position": d["position"],
                "label": clean(d["label"]),
                "note": clean(link_note(m)),
                "display": clean(d["display"]),
                # what a rate is per, in the unit's own words: 万元/人 -> 每人, 吨/日 -> 每日
                "per": "每" + clean(m.unit.split("/", 1)[1]) if d["per"] else "",
                "year": d["year"] or "",
                "topic": vocab.TOPICS[d["topic"]][0] if d["topic"] in vocab.TOPICS else clean(d["topic"]),
                "part_of": m.part_of,  # the note (（第13项的一部分）) links to that figure
                "quote": clean(m.quote),
                "section": vocab.SECTION_NAMES.get(m.section, ""),
            }
        )
    return rows


def _paragraphs(text: str) -> list[str]:
    return [clean(p) for p in text.split("\n") if p.strip()]


def _case_view(c: Case, ds: Dataset, pool: Sequence[Case], multi: bool, all_: bool) -> dict[str, Any]:
    from . import vocab
    from .cite import _meta as meta_of
    from .cite import cite, pages, publication
    from .reports import shared_sentence
    from .similar import related

    fields = [
        (_("No."), ident(c, multi)),
        (_("Short title"), c.short_title),
        (_("Place"), c.place),
        (_("Category"), c.category),
        (_("Modes"), "、".join(c.modes)),
        (_("Resources"), "、".join(c.resources)),
        (_("Tags"), "、".join(c.tags)),
    ]
    if c.models:
        fields.append((_("Models"), "；".join(c.models)))
    p = pages(c, ds)
    page = f"{p['page_start']}—{p['page_end']}" if p["page_end"] else str(p["page_start"])
    fields.append((_("Pages"), page))
    if c.toc_title:
        fields.append((_("Title in the contents"), c.toc_title))
    items = {
        key: [
            {
                "title": clean(i.title),
                "text": _paragraphs(i.text),
                "parts": [{"title": clean(pt.title), "text": _paragraphs(pt.text)} for pt in i.parts],
            }
            for i in getattr(c, key)
        ]
        for key in ("practices", "outcomes")
    }
    others = [x for x in pool if x is not c]
    near = related(pool, c) if others else []
    return {
        "anchor": _anchor(c, multi),
        "ref": ident(c, multi),
        "heading": clean(f"{c.number}、{c.title}"),
        "short_title": clean(c.short_title),
        "fields": [(k, clean(v)) for k, v in fields],
        "sections": [
            {"key": "background", "name": vocab.SECTION_NAMES["background"], "paras": _paragraphs(c.background)},
            {"key": "mechanism", "name": vocab.SECTION_NAMES["mechanism"], "paras": _paragraphs(c.mechanism)},
        ],
        "items": [
            {"key": k, "name": vocab.SECTION_NAMES[k], "items": items[k]} for k in ("practices", "outcomes") if items[k]
        ],
        "figures": _figures(c, all_),
        "page": page,
        "policies": [clean(x) for x in c.policies],
        "notes": [clean(x) for x in c.notes],
        "related": [
            {
                "anchor": _anchor(r.case, multi),
                "ref": ident(r.case, multi),
                "title": clean(r.case.short_title),
                "why": clean(shared_sentence(r.shared)),
                "score": f"{r.score:.2f}",
            }
            for r in near
        ],
        "citation": clean(cite(c, ds)),
        "source": clean(publication(meta_of(c, ds))),
    }


def _names(c: Case, multi: bool) -> list[str]:
    """Every name find-as-you-type takes silently for this case, folded as the command line
    folds them (text.norm): id, numeral, slug, titles, places, tags, models, pinyin, initials."""
    from .text import norm

    names = [ident(c, multi), c.number, c.slug, c.short_title, c.title, c.toc_title or ""]
    names += [p for p in (c.city, c.county, c.town, c.village) if p]
    names += [*c.models, *c.tags, *c.pinyin.full]
    return list(dict.fromkeys(n for n in (norm(clean(x)) for x in names) if n))


def _initials(c: Case) -> list[str]:
    """Pinyin initials: taken exactly or as a prefix only (as the command line takes them)."""
    from .text import norm

    return list(dict.fromkeys(n for n in (norm(clean(x)) for x in c.pinyin.initials) if n))


def _tables(chars: set[str]) -> dict[str, str]:
    """The traditional->simplified table and the homophone table, restricted to what can
    meet the data: a traditional character whose simplified form occurs in it, a character
    that sounds like one that occurs in it."""
    from ._sounds import SOUND_FROM, SOUND_TO
    from ._tables import T2S_FROM, T2S_TO

    t2s = "".join(f + t for f, t in zip(T2S_FROM, T2S_TO, strict=True) if t in chars)
    sound = dict(zip(SOUND_FROM, SOUND_TO, strict=True))
    heard = {sound.get(ch, ch) for ch in chars}
    sounds = "".join(f + t for f, t in zip(SOUND_FROM, SOUND_TO, strict=True) if t in heard)
    return {"t2s": t2s, "sound": sounds}


def _facets(cases: Sequence[Case]) -> list[dict[str, Any]]:
    """The facets with the counts of `gxeco stats` (query.stats: its order, zeros too)."""
    from . import vocab
    from .query import stats

    counts = stats(cases)
    names = {"city": _("City"), "category": _("Category"), "mode": _("Mode"), "resource": _("Resource")}
    names["tag"] = _("Tag")
    return [
        {
            "dim": dim,
            "name": names[dim],
            "title": vocab.DIMENSION.names[dim][0],
            "values": list(counts[f"by_{dim}"].items()),
        }
        for dim in ("city", "category", "mode", "resource", "tag")
    ]


def _facet_values(c: Case) -> dict[str, list[str]]:
    from . import vocab

    return {
        "city": [clean(c.city or c.scope or vocab.REGION_WIDE)],
        "category": [clean(c.category)],
        "mode": [clean(x) for x in c.modes],
        "resource": [clean(x) for x in c.resources],
        "tag": [clean(x) for x in c.tags],
    }


def _compare(cases: Sequence[Case], all_: bool) -> dict[str, Any] | None:
    """`gxeco compare`'s rows for every case at once: the page shows two columns of them, and a
    figures row only when one of the two has figures of its topic, as compare does."""
    from .query import compare
    from .reports import compare_cell, field_name

    if len({(c.batch, c.id) for c in cases}) < 2:
        return None
    data = compare(cases, None, all_)
    return {
        "rows": [
            [field_name(r["field"]), r["field"].startswith("figures."), [clean(compare_cell(v)) for v in r["values"]]]
            for r in data["rows"]
        ]
    }


def page(ds: Dataset, cases: Sequence[Case], *, all_: bool = False) -> dict[str, Any]:
    """The reader's content for ``cases`` (of ``ds``): each case's view, the facets, the map's
    report data, the data the page's script reads (without its words), the sources and the title."""
    from . import citymap, reports
    from .cite import _meta as meta_of
    from .cite import publication

    multi = ds.multi
    pool = list(cases)
    views = [_case_view(c, ds, pool, multi, all_) for c in pool]
    chars = {ch for c in pool for n in _names(c, multi) for ch in n}
    chars |= {ch for c in pool for ch in "".join(_case_text(c).values())}
    data = {
        "cases": [
            {
                "anchor": v["anchor"],
                "ref": v["ref"],
                "title": v["short_title"],
                "names": _names(c, multi),
                "initials": _initials(c),
                "facets": _facet_values(c),
            }
            for c, v in zip(pool, views, strict=True)
        ],
        "compare": _compare(pool, all_),
        **_tables(chars),
    }
    title = clean(ds.meta.title) if len(ds.metas) == 1 else _("Cases of {n} batches").format(n=len(ds.metas))
    return {
        "title": title,
        "cases": views,
        "facets": _facets(pool),
        "map": reports.city_map(citymap.city_map(pool), ds.metas, {}, multi).data,
        "data": data,
        "sources": [clean(x) for x in dict.fromkeys(publication(meta_of(c, ds)) for c in pool)],
    }
