"""`gxeco export --format html`: one self-contained page to read, find, filter and compare the cases.

The page is built by Jinja2 (autoescape on: every text from a data file is escaped where it is
written) from ``gxeco/templates/reader.html.j2``, with its style sheet, its script, the data the
script needs and the city map inline. A Content-Security-Policy in the page allows only that
style sheet and that script (by their hashes) and no request of any kind, so the file opens from
a mail attachment or a phone's file viewer and reaches nothing.

What the reader sees is built here from the library, as every other format is: the case text
and its run-in subheadings (the Case record), the figures as ``gxeco figures`` lists them
(``query.figure_rows``), related cases with their reasons (``similar.related``,
``reports.shared_sentence``), citations (``cite``), the map (``citymap`` drawn by
``render.svg``), the counts of ``gxeco stats`` (``query.stats``) and the rows of ``gxeco
compare`` (``query.compare``). The script only shows and hides what is already on the page,
filters, counts and finds; it never inserts markup (text goes in as ``textContent``).

Jinja2 loads with this module only, so no other command pays for it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from .._version import __version__
from ..i18n import _, is_zh
from ..model import Case, Dataset, ident

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime
    from typing import Any

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# Control and invisible characters (C0 and C1 controls but tab and line feed, zero-width and
# bidirectional marks, line and paragraph separators) never reach the page: text from a batch
# file written elsewhere could otherwise reorder or hide what a reader sees.
# The sanitiser of the output edge replaces this helper where one is shared by every format.
_UNSEEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean(s: str) -> str:
    """A text from a data file as it may appear on the page (escaping is the template's)."""
    return _UNSEEN.sub("", s)


def script_json(value: Any) -> str:
    """JSON for a ``<script type="application/json">`` element: ``<``, ``>``, ``&`` and the line
    separators escaped, so no text in the data can close the element or start markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _anchor(c: Case, multi: bool) -> str:
    return f"case-{c.batch}-{c.id}" if multi else f"case-{c.id}"


def _case_text(c: Case) -> dict[str, str]:
    """Each section's whole text (the characters the page's tables are cut to)."""
    out = {"background": c.background, "mechanism": c.mechanism}
    for key in ("practices", "outcomes"):
        out[key] = "\n".join(f"{i.title}。{i.body}" for i in getattr(c, key))
    return out


def _figures(c: Case, all_: bool) -> list[dict[str, Any]]:
    """The case's figures as `gxeco figures --case N` lists them (restatements with all_), each
    with its quote and what it is a part of. The page's script widens the quote to its sentence
    in the case's text when the reader points at the figure: the sentences written out again
    would be a quarter of the file."""
    from .. import vocab
    from ..query import figure_rows
    from ..reports import link_note

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
    from .. import vocab
    from ..cite import _meta as meta_of
    from ..cite import cite, pages, publication
    from ..reports import shared_sentence
    from ..similar import related

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
    from ..text import norm

    names = [ident(c, multi), c.number, c.slug, c.short_title, c.title, c.toc_title or ""]
    names += [p for p in (c.city, c.county, c.town, c.village) if p]
    names += [*c.models, *c.tags, *c.pinyin.full]
    return list(dict.fromkeys(n for n in (norm(clean(x)) for x in names) if n))


def _initials(c: Case) -> list[str]:
    """Pinyin initials: taken exactly or as a prefix only (as the command line takes them)."""
    from ..text import norm

    return list(dict.fromkeys(n for n in (norm(clean(x)) for x in c.pinyin.initials) if n))


def _tables(chars: set[str]) -> dict[str, str]:
    """The traditional->simplified table and the homophone table, restricted to what can
    meet the data: a traditional character whose simplified form occurs in it, a character
    that sounds like one that occurs in it."""
    from .._sounds import SOUND_FROM, SOUND_TO
    from .._tables import T2S_FROM, T2S_TO

    t2s = "".join(f + t for f, t in zip(T2S_FROM, T2S_TO, strict=True) if t in chars)
    sound = dict(zip(SOUND_FROM, SOUND_TO, strict=True))
    heard = {sound.get(ch, ch) for ch in chars}
    sounds = "".join(f + t for f, t in zip(SOUND_FROM, SOUND_TO, strict=True) if t in heard)
    return {"t2s": t2s, "sound": sounds}


def _facets(cases: Sequence[Case]) -> list[dict[str, Any]]:
    """The facets with the counts of `gxeco stats` (query.stats: its order, zeros too)."""
    from .. import vocab
    from ..query import stats

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
    from .. import vocab

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
    from ..query import compare
    from ..reports import compare_cell, field_name

    if len({(c.batch, c.id) for c in cases}) < 2:
        return None
    data = compare(cases, None, all_)
    return {
        "rows": [
            [field_name(r["field"]), r["field"].startswith("figures."), [clean(compare_cell(v)) for v in r["values"]]]
            for r in data["rows"]
        ]
    }


def _map_svg(ds: Dataset, cases: Sequence[Case], multi: bool) -> str:
    """The city map as `gxeco map --format svg` draws it, each tile a link to its cases."""
    from urllib.parse import quote

    from .. import citymap, reports
    from ..render.svg import svg_text

    report = reports.city_map(citymap.city_map(cases), ds.metas, {}, multi)
    svg = svg_text(report.data, href=lambda city: "#city=" + quote(city))
    return svg.split("\n", 1)[1] if svg.startswith("<?xml") else svg


def _messages() -> dict[str, str]:
    """The script's words, in the reader's language (the same catalog as the command line)."""
    return {
        "results": _("Cases found: {n}"),
        "none": _("No case matches."),
        "taken": _("Nothing matches {typed}; showing {taken}."),
        "traditional": _("Traditional {typed} read as {taken}."),
        "didYouMean": _("Did you mean:"),
        "copied": _("Copied"),
        "copyFailed": _("Select the text and copy it"),
        "chooseTwo": _("Choose two different cases."),
    }


def _ui() -> dict[str, str]:
    """The page's fixed words, in the reader's language."""
    return {
        "skip": _("Skip to the cases"),
        "cases": _("Cases"),
        "compare": _("Compare"),
        "map": _("Map"),
        "find": _("Find"),
        "find_hint": _("Name, place, pinyin or any words of the text"),
        "find_keys": _("/ to find, Esc to leave, arrows through the results"),
        "facets": _("Filter"),
        "clear": _("Clear filters"),
        "results": _("Results"),
        "back": _("All cases"),
        "figures": _("Figures"),
        "figure": _("Figure"),
        "as_published": _("As published"),
        "per": _("Per"),
        "year": _("Year"),
        "topic": _("Topic"),
        "relation": _("Part of / note"),
        "figures_caption": _("Figures as published; the source sentence shows on tap or hover. Pages {pages}."),
        "policies": _("Policies cited"),
        "notes": _("Notes"),
        "related": _("Related cases"),
        "cite": _("Cite"),
        "copy": _("Copy"),
        "source": _("Source"),
        "case_a": _("First case"),
        "case_b": _("Second case"),
        "field": _("Field"),
        "made": _("Made {time} by gxeco {version}."),
        "offline": _("This file works offline and makes no network request."),
        "map_title": _("Where the cases are"),
    }


_ENV: Any = None


def _environment() -> Any:
    """The template environment, built once a process (compiling the page's template takes a third
    of a render): autoescape on, and `keep`, the filter that keeps numbers whole."""
    global _ENV
    if _ENV is None:
        import jinja2

        _ENV = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        _ENV.filters["keep"] = keep
    return _ENV


def keep(text: str) -> Any:
    """Text escaped, each number kept whole with its unit (clreq: 555.19亿元, 2021—2023年) in a
    span the browser does not break."""
    from markupsafe import Markup, escape

    from ..layout import number_spans

    out = []
    pos = 0
    for a, b in number_spans(text):
        out.append(str(escape(text[pos:a])))
        out.append('<span class="nw">' + str(escape(text[a:b])) + "</span>")
        pos = b
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def render(ds: Dataset, cases: Sequence[Case], *, all_: bool = False, now: datetime | None = None) -> str:
    """The page for ``cases`` (of ``ds``), as text."""
    from datetime import datetime, timezone

    from markupsafe import Markup

    from ..cite import _meta as meta_of
    from ..cite import publication

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
        "messages": _messages(),
        **_tables(chars),
    }

    ui = _ui()
    env = _environment()
    style = (TEMPLATES / "reader.css").read_text(encoding="utf-8") + _column_names(ui)
    script = (TEMPLATES / "reader.js").read_text(encoding="utf-8")
    made = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    sources = list(dict.fromkeys(publication(meta_of(c, ds)) for c in pool))
    page: str = env.get_template("reader.html.j2").render(
        lang="zh-CN" if is_zh() else "en",
        title=clean(ds.meta.title) if len(ds.metas) == 1 else _("Cases of {n} batches").format(n=len(ds.metas)),
        cases=views,
        facets=_facets(pool),
        map_svg=Markup(_map_svg(ds, pool, multi)),
        data=Markup(script_json(data)),
        style=Markup(style),
        script=Markup(script),
        csp_style=_sha256(style),
        csp_script=_sha256(script),
        ui=ui,
        sources=[clean(s) for s in sources],
        made=_("Made {time} by gxeco {version}.").format(time=made, version=__version__),
        compare=data["compare"] is not None,
    )
    return page


FIGURE_COLUMNS = ("figure", "as_published", "per", "year", "topic", "relation")


def _column_names(ui: dict[str, str]) -> str:
    """On a phone each figure is a block of its cells, each led by its column's name: a rule of
    the style sheet per column rather than the name written into every cell (700 cells)."""
    rules = []
    for k, key in enumerate(FIGURE_COLUMNS, start=2):
        name = ui[key].replace("\\", "\\\\").replace('"', '\\"')
        rules.append(f'.figs td:nth-child({k})::before {{ content: "{name}："; }}')
    return "@media (max-width: 600px) {\n  " + "\n  ".join(rules) + "\n}\n"


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def write(output: Path, ds: Dataset, cases: Sequence[Case], *, force: bool = False, all_: bool = False) -> str:
    """Write the page to ``output`` (whole or not at all); returns the message saying what was written."""
    from ..i18n import ngettext
    from . import atomic_file, refuse_existing

    refuse_existing(output, force=force)
    page = render(ds, cases, all_=all_)
    with atomic_file(output, force=force) as tmp:
        tmp.write_text(page, encoding="utf-8", newline="")
    what = ngettext("{n} case", "{n} cases", len(cases)).format(n=len(cases))
    return _("wrote {what} to {file}").format(what=what, file=output)
