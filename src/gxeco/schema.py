"""The data file schema as data, and the one small engine that enforces it.

Each table of a case file (``[meta]``, ``[[case]]``, a practice or outcome, a
figure) is a spec: key → kind, required, vocabulary, check (``spec.Key``). ``docs/schema.md``
documents the same keys (a test holds the two together), so what the docs
promise is what the loader enforces. Every problem is a DataError naming file,
line, case and field. Loading stops at the first; ``validate`` gathers all of them
(``Checker.problem``): each stage goes on after a problem wherever it can, leaving
out only the rules that need a value found wrong, and a table with a problem is
never built (``Invalid``).
"""

from __future__ import annotations

import contextlib
import itertools
import re
from pathlib import Path

from . import units, vocab
from .errors import DataError
from .figure_rules import links, quote_passes, quote_problems, sum_problems
from .i18n import _, ngettext
from .model import Case, Item, Meta, Metric, Part, Pinyin
from .spec import BOOL, INT, NUMBER, PINYIN, TABLES, TEXT, TEXTS, Key, kind_name, plan_for, table_problems
from .text import quoted
from .tomlio import Locator

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    Check = Callable[[Any], str | None]  # a problem, or None


def _published(v: str) -> str | None:
    return (
        None if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v) else _("must be YYYY-MM, not {value}").format(value=quoted(v))
    )


def _between(lo: int, hi: int) -> Check:
    """A whole number in a sensible range: an id or a year beyond it is a mistake, and a number beyond
    64 bits would crash the SQLite export."""

    def check(v: int) -> str | None:
        if lo <= v <= hi:
            return None
        if v < 1 == lo:
            return _("must be 1 or more")
        return _("must be from {lo} to {hi}, not {value}").format(lo=lo, hi=hi, value=v)

    return check


ID_RANGE = (1, 999_999)  # a case's id; a file of 100 000 cases fits
PAGE_RANGE = (1, 99_999)
YEAR_RANGE = (1900, 2100)  # the years figures are tied to, plans included
POSITION_RANGE = (1, 9_999)  # restates, part_of, variant_of: a figure's position in its case
BATCH_RANGE = (1, 9_999)
ADCODE_RANGE = (100_000, 999_999)  # six digits (GB/T 2260)


def _slug(v: str) -> str | None:
    ok = re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", v)
    return None if ok else _("slug {value} must be lower-case ASCII words joined by '-'").format(value=quoted(v))


def _distinct(v: list[str]) -> str | None:
    """A value listed twice would be counted twice (stats --by tag)."""
    seen: set[str] = set()
    for x in v:
        if x in seen:
            return _("lists {value} twice").format(value=quoted(x))
        seen.add(x)
    return None


def _tags(v: list[str]) -> str | None:
    return _distinct(v) or (None if 5 <= len(v) <= 15 else _("must hold 5-15 tags, not {n}").format(n=len(v)))


def _numeral(v: str) -> str | None:
    """The case's number as the source heads it (十五、…): a Chinese numeral, written as gxeco writes one."""
    from .numerals import numeral, reference

    n = reference(v)
    if n is not None and numeral(n) == v:
        return None
    return _("must be a Chinese numeral such as 十五, not {value}").format(value=quoted(v))


def _unit(v: str) -> str | None:
    return None if units.known(v) else _("unknown unit {unit}").format(unit=quoted(v))


META: dict[str, Key] = {
    "title": Key(TEXT, True),
    "publisher": Key(TEXT, True),
    "published": Key(TEXT, True, check=_published),
    "batch": Key(INT, True, check=_between(*BATCH_RANGE)),
    "source": Key(TEXT),
    "overview": Key(TEXT),
    "category_note": Key(TEXT),
}

ITEM: dict[str, Key] = {"title": Key(TEXT, True), "text": Key(TEXT), "parts": Key(TABLES)}

# a run-in subheading (bold in the source) inside a practice or outcome, and its text
PART: dict[str, Key] = {"title": Key(TEXT, True), "text": Key(TEXT)}

METRIC: dict[str, Key] = {
    "label": Key(TEXT, True),
    "value": Key(NUMBER, True),
    "value_max": Key(NUMBER),
    "unit": Key(TEXT, True, check=_unit),
    "qualifier": Key(TEXT, vocab=vocab.QUALIFIERS),
    "year": Key(INT, check=_between(*YEAR_RANGE)),
    "topic": Key(TEXT, True, vocab=vocab.TOPICS),
    "section": Key(TEXT, True, vocab=vocab.SECTIONS),
    "quote": Key(TEXT, True),
    "restates": Key(INT, check=_between(*POSITION_RANGE)),
    "as_published": Key(TEXT),
    "aggregate": Key(TEXT, vocab=vocab.AGGREGATES),
    "part_of": Key(INT, check=_between(*POSITION_RANGE)),
    "variant_of": Key(INT, check=_between(*POSITION_RANGE)),
    "bound": Key(BOOL),
    "qualifier_after": Key(TEXT, vocab=vocab.QUALIFIERS),
    "target": Key(BOOL),
    "stock": Key(BOOL),
    "stock_of": Key(INT, check=_between(*POSITION_RANGE)),
    "change_of": Key(INT, check=_between(*POSITION_RANGE)),
}

CASE: dict[str, Key] = {
    "id": Key(INT, True, check=_between(*ID_RANGE)),
    "number": Key(TEXT, True, check=_numeral),
    "slug": Key(TEXT, True, check=_slug),
    "title": Key(TEXT, True),
    "toc_title": Key(TEXT),
    "short_title": Key(TEXT, True),
    "page": Key(INT, True, check=_between(*PAGE_RANGE)),
    "city": Key(TEXT, vocab=vocab.CITIES),
    "scope": Key(TEXT),
    "county": Key(TEXT),
    "town": Key(TEXT),
    "village": Key(TEXT),
    "adcode": Key(INT, check=_between(*ADCODE_RANGE)),
    "category": Key(TEXT, True, vocab=vocab.CATEGORIES),
    "modes": Key(TEXTS, True, vocab=vocab.MODES, check=_distinct),
    "resources": Key(TEXTS, True, vocab=vocab.RESOURCES, check=_distinct),
    "tags": Key(TEXTS, True, check=_tags),
    "models": Key(TEXTS, check=_distinct),
    "policies": Key(TEXTS),
    "notes": Key(TEXTS),
    "background": Key(TEXT, True),
    "mechanism": Key(TEXT, True),
    "metrics": Key(TABLES),
    "pinyin": Key(PINYIN),
    "practices": Key(TABLES, True),
    "outcomes": Key(TABLES, True),
}


# --- where a problem is ------------------------------------------------------------


class Invalid(Exception):
    """A table that cannot be built; its problems are already in the checker's list (validate)."""


class Checker:
    """Applies specs to the tables of one file; knows the file for its messages.

    Without ``collect`` (loading) the first problem raises its DataError; with it
    (validate) every problem is added to it and the check goes on."""

    def __init__(self, path: Path, text: str, collect: list[DataError] | None = None) -> None:
        self.path = str(path)
        self.text = text
        self._loc: Locator | None = None
        self.collect = collect

    def locate(self) -> Locator:
        """The file's lines, split only when a problem needs a line number (a valid file never does)."""
        if self._loc is None:
            self._loc = Locator(self.text)
        return self._loc

    def fail(
        self, msg: str, index: int | None = None, case: Any = None, field: str | None = None, metric: int | None = None
    ) -> DataError:
        return DataError(msg, path=self.path, case=case, field=field, line=self.locate().line(index, field, metric))

    def problem(
        self, msg: str, index: int | None = None, case: Any = None, field: str | None = None, metric: int | None = None
    ) -> None:
        """One problem: raised when loading, noted when validating."""
        exc = self.fail(msg, index, case, field, metric)
        if self.collect is None:
            raise exc
        self.collect.append(exc)

    def count(self) -> int:
        """Problems noted so far: a stage compares the count before and after it."""
        return len(self.collect) if self.collect is not None else 0

    def table(
        self, d: Any, spec: dict[str, Key], *, index: int | None, case: Any, where: str, metric: int | None = None
    ) -> dict[str, Any]:
        """The table's values by key (None where absent or wrong), each checked against its spec;
        Invalid when d is no table at all."""
        if not isinstance(d, dict):
            what = where.rstrip(".") or "table"
            self.problem(_("must be a table, not {kind}").format(kind=kind_name(d)), index, case, what, metric)
            raise Invalid
        plan = plan_for(spec)
        if plan.passes(d):  # the common case: one pass, no generator, no message built
            out = plan.blank.copy()
            out.update(d)
            return out
        out = {}
        for k, problem in table_problems(d, spec):
            if problem is None:
                out[k] = d.get(k)
            else:  # the field's name is built only for a message
                self.problem(problem, index, case, f"{where}{k}", metric)
                out.setdefault(k, None)
        return out


_METRIC_PLAN = plan_for(METRIC)  # looked up once, not once a figure


# --- building the model ------------------------------------------------------------


def build_meta(ck: Checker, d: Any) -> Meta:
    """The [meta] table; when validating, a meta with problems is built with blanks so the cases are checked too."""
    if d is None:
        ck.problem(_("missing [meta] table"), field="meta")
        d = {}
    try:
        m = ck.table(d, META, index=None, case=None, where="meta.")
    except Invalid:
        m = {}
    values: dict[str, Any] = {k: "" if m.get(k) is None else m[k] for k in META}
    if values["batch"] == "":
        values["batch"] = 0
    return Meta(**values)


def build_case(ck: Checker, d: Any, i: int, batch: int, sources: dict[str, str] | None) -> Case:
    """One [[case]]; when validating, every field, item and figure is checked even after a problem."""
    cid = d.get("id", f"#{i + 1}") if isinstance(d, dict) else f"#{i + 1}"
    before = ck.count()
    v = ck.table(d, CASE, index=i, case=cid, where="")
    if v["id"] is not None:
        cid = v["id"]
    for problem, key in _case_problems(v, before == ck.count()):
        ck.problem(problem, i, cid, key)
    adcode = vocab.CITIES[v["city"]] if v["city"] is not None else v["adcode"]
    items: dict[str, Any] = {}
    for key in ("practices", "outcomes"):
        built_items = []
        for j, it in enumerate(v[key] or ()):
            with contextlib.suppress(Invalid):
                built_items.append(_build_item(ck, it, i, cid, f"{key}[{j}]."))
        items[key] = tuple(built_items)
    case_src = None
    if sources is not None and v["number"] is not None:
        case_src = sources.get(v["number"])
        if case_src is None:
            ck.problem(_("no case with this number in the source text"), i, cid, "number")
    from . import provenance  # once a case, not once a figure (~50 a case)

    metrics = []
    for j, m in enumerate(v["metrics"] or []):
        try:  # not contextlib.suppress, a context manager built for each of ~50 figures a case
            metric = build_metric(ck, m, i, j, cid, case_src, provenance)
        except Invalid:
            continue
        metrics.append(metric)
    whole = metrics if len(metrics) == len(v["metrics"] or ()) else []
    for j, m in enumerate(whole):
        for problem, where in links(metrics, j, m):
            ck.problem(problem, i, cid, f"metrics[{j}].{where}", j)
    for j, problem, where in sum_problems(whole):
        ck.problem(problem, i, cid, f"metrics[{j}].{where}", j)
    if ck.count() > before:
        raise Invalid
    direct = {k: v[k] for k in CASE if k not in _BUILT and CASE[k].kind != TEXTS}
    lists: dict[str, Any] = {k: tuple(v[k] or ()) for k in CASE if CASE[k].kind == TEXTS}
    names = tuple((name, full, ini) for name, (full, ini) in (v["pinyin"] or {}).items())
    return Case(**direct, **lists, batch=batch, adcode=adcode, **items, metrics=tuple(metrics), pinyin=Pinyin(names))


def _build_item(ck: Checker, it: Any, i: int, cid: Any, where: str) -> Item:
    """A practice or outcome with its run-in parts; Invalid (problems noted) if any of them has a problem."""
    before = ck.count()
    r = ck.table(it, ITEM, index=i, case=cid, where=where)
    parts = []
    for k, p in enumerate(r["parts"] or ()):
        try:
            pv = ck.table(p, PART, index=i, case=cid, where=f"{where}parts[{k}].")
        except Invalid:
            continue
        parts.append(Part(pv["title"], pv["text"] or ""))
    if ck.count() > before:
        raise Invalid
    return Item(r["title"], r["text"] or "", tuple(parts))


def _case_problems(v: dict[str, Any], fields_ok: bool) -> Iterable[tuple[str, str]]:
    """(problem, key) of the rules across a case's fields; a rule whose field was wrong is left out."""
    if fields_ok and v["city"] is None and v["scope"] is None:
        yield _("needs a city or a scope (e.g. 全区)"), "city"
    adcode, city = v["adcode"], v["city"]
    if city is not None and adcode is not None and adcode != vocab.CITIES[city]:
        message = _("adcode {adcode} does not belong to {city} ({code})")
        yield message.format(adcode=adcode, city=city, code=vocab.CITIES[city]), "adcode"


# keys of CASE that build_case turns into something other than their value
_BUILT = ("adcode", "practices", "outcomes", "metrics", "pinyin")


def build_metric(ck: Checker, m: Any, i: int, j: int, cid: Any, case_src: str | None, provenance: Any) -> Metric:
    """One figure; Invalid (problems noted) if it has any."""
    plan = _METRIC_PLAN
    if type(m) is dict and plan.passes(m) and quote_passes(m, case_src, provenance):
        v = plan.blank.copy()  # nearly every figure: checked by the short cuts, nothing to word
        v.update(m)
    else:
        v = _checked_metric(ck, m, i, j, cid, case_src, provenance)
    v["bound"] = bool(v["bound"])
    v["target"] = bool(v["target"])
    v["stock"] = bool(v["stock"])
    return Metric(**v)  # the spec's keys are the record's fields


def _checked_metric(
    ck: Checker, m: Any, i: int, j: int, cid: Any, case_src: str | None, provenance: Any
) -> dict[str, Any]:
    """A figure's values, every problem noted; Invalid if it has any."""
    before = ck.count()
    v = ck.table(m, METRIC, index=i, case=cid, where=f"metrics[{j}].", metric=j)
    for problem, key in quote_problems(v, case_src, provenance):
        ck.problem(problem, i, cid, f"metrics[{j}].{key}", j)
    if ck.count() > before:
        raise Invalid
    return v


def source_text(where: str, path: Path, source: str) -> str:
    """The source text [meta] source names, beside the data file: a regular UTF-8 file under the size cap."""
    from .tomlio import read_bytes

    src = path.parent / source
    try:
        return read_bytes(src, data=False).decode("utf-8")
    except UnicodeDecodeError:
        problem = _("source text {file} is not valid UTF-8").format(file=quoted(source))
    except DataError as exc:
        if src.exists() or src.is_symlink():  # a folder, a device, too large: what the reader said
            problem = _("source text {file}: {reason}").format(file=quoted(source), reason=exc.reason)
        else:
            problem = _("source text {file} not found").format(file=quoted(source))
    raise DataError(problem, path=where, field="meta.source")


def build_file(
    path: Path, data: dict[str, Any], text: str, collect: list[DataError] | None
) -> tuple[Meta, tuple[Case, ...]]:
    """Every table of a parsed file checked and built; whole-file rules last.

    With collect (validate), every problem is added to it and the cases that could be built are returned."""
    ck = Checker(path, text, collect)
    from .characters import unsafe_characters

    unsafe_characters(ck.path, ck.locate, data, text, collect)
    meta = build_meta(ck, data.get("meta"))
    for k in data:
        if k not in ("meta", "case"):
            ck.problem(_("unknown table (a file holds [meta] and [[case]] tables)"), None, None, k)
    sources = None
    if meta.source:
        from . import provenance

        try:
            sources = provenance.split_cases(source_text(ck.path, path, meta.source))
        except DataError as exc:
            ck.problem(exc.reason, None, None, "meta.source")
    raw = data.get("case")
    if not isinstance(raw, list) or not raw:
        ck.problem(_("no [[case]] tables"), None, None, "case")
        raw = []
    built: list[tuple[int, Case]] = []
    for i, d in enumerate(raw):
        with contextlib.suppress(Invalid):
            built.append((i, build_case(ck, d, i, meta.batch, sources)))
    for problem, index, cid, key in _file_problems(built):
        ck.problem(problem, index, cid, key)
    return meta, tuple(c for _, c in built)


def _file_problems(built: list[tuple[int, Case]]) -> Iterable[tuple[str, int, int, str]]:
    """(problem, index, case id, key) of the rules across the cases that were built."""
    first: dict[object, int] = {}
    for i, c in built:  # reported at the duplicate, naming the first
        for what, key in (("id", c.id), ("slug", c.slug)):
            if (what, key) in first:
                message = _("duplicate {what} {value} (first at case #{n})")
                value = quoted(key) if isinstance(key, str) else key
                yield message.format(what=what, value=value, n=first[what, key] + 1), i, c.id, what
            first[what, key] = i
    for (_i, a), (k, b) in itertools.pairwise(built):
        if b.page < a.page:
            yield _("pages must ascend in publication order"), k, b.id, "page"


# validate lists this many problems of a file, then says how many more there are
MAX_PROBLEMS = 50


def validate(path: Path) -> list[str]:
    """Every problem of a data file, one line each, by line (empty when valid); the first MAX_PROBLEMS."""
    from .tomlio import read_file

    found: list[DataError] = []
    try:
        data, text = read_file(path)
    except DataError as exc:  # nothing can be checked in a file that does not parse
        return [exc.message]
    meta, cases = build_file(path, data, text, found)
    if meta.source and not any(e.field == "meta.source" for e in found):  # nothing of the source may be left out
        from . import provenance

        sources = provenance.split_cases(source_text(str(path), path, meta.source))
        loc = Locator(text)
        for c in cases:
            i = next(k for k, d in enumerate(data["case"]) if isinstance(d, dict) and d.get("id") == c.id)
            for problem in provenance.completeness(c.full() | {"number": c.number}, sources[c.number]):
                found.append(DataError(problem, path=str(path), case=c.id, line=loc.line(i)))
    found.sort(key=lambda e: e.line if e.line is not None else 0)  # stable: one line's problems keep their order
    out = [e.message for e in found[:MAX_PROBLEMS]]
    if len(found) > MAX_PROBLEMS:
        more = len(found) - MAX_PROBLEMS
        out.append(
            ngettext("{file}: … and {n} more problem", "{file}: … and {n} more problems", more).format(
                file=path, n=more
            )
        )
    return out
