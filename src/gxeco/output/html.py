"""`gxeco export --format html`: one self-contained page to read, find, filter and compare the cases.

The page is built by Jinja2 (autoescape on: every text from a data file is escaped where it is
written) from ``gxeco/templates/reader.html.j2``, with its style sheet, its script, the data the
script needs and the city map inline. A Content-Security-Policy in the page allows only that
style sheet and that script (by their hashes) and no request of any kind, so the file opens from
a mail attachment or a phone's file viewer and reaches nothing.

What the reader holds is built by ``reader.page`` from the library (``api.export`` hands it
here); this module lays it out, with the map drawn by ``render.svg``. The script only shows and
hides what is already on the page, filters, counts and finds; it never inserts markup (text
goes in as ``textContent``).

Jinja2 loads with this module only, so no other command pays for it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from .._version import __version__
from ..i18n import _, is_zh

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def script_json(value: Any) -> str:
    """JSON for a ``<script type="application/json">`` element: ``<``, ``>``, ``&`` and the line
    separators escaped, so no text in the data can close the element or start markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _map_svg(data: dict[str, Any]) -> str:
    """The city map as `gxeco map --format svg` draws it, each tile a link to its cases."""
    from urllib.parse import quote

    from ..render.svg import svg_text

    svg = svg_text(data, href=lambda city: "#city=" + quote(city))
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


def render(page: dict[str, Any], *, now: datetime | None = None) -> str:
    """The page, as text, of what reader.page built."""
    from datetime import datetime, timezone

    from markupsafe import Markup

    data = {**page["data"], "messages": _messages()}
    ui = _ui()
    env = _environment()
    style = (TEMPLATES / "reader.css").read_text(encoding="utf-8") + _column_names(ui)
    script = (TEMPLATES / "reader.js").read_text(encoding="utf-8")
    made = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    text: str = env.get_template("reader.html.j2").render(
        lang="zh-CN" if is_zh() else "en",
        title=page["title"],
        cases=page["cases"],
        facets=page["facets"],
        map_svg=Markup(_map_svg(page["map"])),
        data=Markup(script_json(data)),
        style=Markup(style),
        script=Markup(script),
        csp_style=_sha256(style),
        csp_script=_sha256(script),
        ui=ui,
        sources=page["sources"],
        made=_("Made {time} by gxeco {version}.").format(time=made, version=__version__),
        compare=data["compare"] is not None,
    )
    return text


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
