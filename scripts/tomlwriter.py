"""Canonical TOML writer for data/cases.toml (dev tool; not shipped at run time).

Keeps the data file in one stable layout: scalars first, long text as
multi-line strings, items as [[case.practices]] tables, one metric per line.
"""

from __future__ import annotations

import json
from typing import Any

from gxeco.model import METRIC_ORDER  # the one reading order of a figure's fields

CASE_ORDER = [
    "id",
    "number",
    "slug",
    "title",
    "toc_title",
    "short_title",
    "page",
    "scope",
    "city",
    "county",
    "town",
    "village",
    "adcode",
    "category",
    "modes",
    "resources",
    "tags",
    "models",
    "policies",
    "notes",
    "background",
    "mechanism",
    "metrics",
    "pinyin",
    "practices",
    "outcomes",
]


def s(v: str) -> str:
    return json.dumps(v, ensure_ascii=False)


def scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return s(v)
    if isinstance(v, list):
        return "[" + ", ".join(scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {scalar(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def ml(v: str) -> str:
    """Multi-line basic string; escapes backslashes and quote runs."""
    body = v.replace("\\", "\\\\").replace('"""', '""\\"')
    return '"""\n' + body + '"""'


def dump_case(c: dict[str, Any], table: str = "case") -> str:
    out = [f"[[{table}]]"]
    keys = [k for k in CASE_ORDER if k in c] + [k for k in c if k not in CASE_ORDER]
    for k in keys:
        v = c[k]
        if k in ("practices", "outcomes", "metrics", "pinyin"):
            continue
        if isinstance(v, str) and (len(v) > 80 or "\n" in v):
            out.append(f"{k} = {ml(v)}")
        elif isinstance(v, list) and v and sum(len(str(x)) for x in v) > 60:
            out.append(f"{k} = [\n" + "".join(f"  {scalar(x)},\n" for x in v) + "]")
        else:
            out.append(f"{k} = {scalar(v)}")
    if "metrics" in c:
        # An inline array must come before the case's sub-tables, or TOML
        # would read it as part of the last [[case.outcomes]] table.
        out.append("metrics = [")
        for m in c["metrics"]:
            mk = [k for k in METRIC_ORDER if k in m] + [k for k in m if k not in METRIC_ORDER]
            out.append("  { " + ", ".join(f"{k} = {scalar(m[k])}" for k in mk) + " },")
        out.append("]")
    if "pinyin" in c:
        out.append("")
        out.append(f"[{table}.pinyin]")
        for k, v in c["pinyin"].items():
            out.append(f"{s(k)} = {scalar(v)}")
    for key in ("practices", "outcomes"):
        for item in c.get(key, []):
            out.append("")
            out.append(f"[[{table}.{key}]]")
            out.append(f"title = {s(item['title'])}")
            out.append(f"text = {ml(item['text'])}")
            for part in item.get("parts", []):  # run-in subheadings, bold in the source
                out.append("")
                out.append(f"[[{table}.{key}.parts]]")
                out.append(f"title = {s(part['title'])}")
                out.append(f"text = {ml(part['text'])}")
    return "\n".join(out) + "\n"


META_ORDER = ["title", "publisher", "published", "batch", "source", "category_note", "overview"]


def dump_file(meta: dict[str, Any], cases: list[dict[str, Any]], header: str = "") -> str:
    out = [header.rstrip() + "\n"] if header else []
    out.append("[meta]")
    for k in [k for k in META_ORDER if k in meta] + [k for k in meta if k not in META_ORDER]:
        v = meta[k]
        out.append(f"{k} = {ml(v)}" if isinstance(v, str) and len(v) > 80 else f"{k} = {scalar(v)}")
    text = "\n".join(out) + "\n"
    return text + "".join("\n" + dump_case(c) for c in cases)
