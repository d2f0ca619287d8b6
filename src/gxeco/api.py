"""gxeco as a Python library: the one pipeline every face runs through.

Every command of the CLI, ``gxeco browse`` and the exporters are views of these functions:
a face reads its request (``request.py``), calls a function here, and hands the result to a
renderer. The results are the records the CLI renders (``Case``, ``FigureRow``,
``search.Result``, ``similar.Related``, ``citymap.CityMap``), each with ``as_dict()`` where it
has a plain form. A list of them is a :class:`Records`, which turns into a pandas DataFrame
with ``.frame()`` when pandas is installed (pandas is never imported otherwise).
``docs/api.md`` shows every function at work; the suite runs its examples.

Every function takes ``data=`` (a :class:`Dataset` from :func:`load`); without it, the data the
CLI would load (``GXECO_DATA``, else the bundled publication), loaded once: the one dataset
cache of a process (the CLI's ``--data`` sets what it holds, through :func:`dataset`).

A filter (``city``, ``category``, ``resource``, ``mode``, ``tag``) takes one value, several
(a list, or one string holding ``,`` or ``、``: ``"梧州,玉林"``) meaning any of them; different
filters narrow. A library call never guesses: a value that is not an exact form of a name is
refused (the CLI takes a clearly closest one with a notice).
"""

from __future__ import annotations

from .model import Case, Dataset, Item, Meta, Metric

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any, TextIO, TypeVar

    from .citymap import CityMap
    from .query import FigureRow
    from .request import Raw
    from .resolved import Resolved
    from .search import Hit, Result
    from .similar import Related
    from .tomlio import StrPath
    from .typeahead import Found

    T = TypeVar("T")

__all__ = [
    "Case",
    "CityMap",
    "Dataset",
    "FigureRow",
    "Figures",
    "Found",
    "Hit",
    "Item",
    "Matches",
    "Meta",
    "Metric",
    "Records",
    "Related",
    "Result",
    "case",
    "cases",
    "citations",
    "city_map",
    "compare",
    "dataset",
    "export",
    "figures",
    "find",
    "load",
    "lookup",
    "matches",
    "related",
    "select",
    "stats",
    "total",
    "unmatched",
    "validate",
    "warm",
]

# records of modules a command may not need (search, similar, citymap): imported on first use
_LAZY = {
    "FigureRow": "query",
    "Found": "typeahead",
    "Hit": "search",
    "Result": "search",
    "Related": "similar",
    "CityMap": "citymap",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Records(list["T"]):
    """A list of records (cases, figures, search results) with their plain forms."""

    def dicts(self) -> list[dict[str, Any]]:
        """Each record as a plain dict, keyed as the CLI's JSON: a case by its summary keys
        (``Case.summary()``; ``Case.as_dict()`` has the text too), a figure or a search result
        by its ``as_dict()``."""
        return [r.summary() if isinstance(r, Case) else r.as_dict() for r in self]  # type: ignore[attr-defined]

    def frame(self) -> Any:
        """A pandas DataFrame, one row per record, columns as :meth:`dicts` (needs pandas)."""
        try:
            import pandas  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            raise ImportError("Records.frame() needs pandas: pip install pandas") from None
        return pandas.DataFrame(self.dicts())


class Figures(Records["FigureRow"]):
    """The figures of a selection, with how many it left out: ``restated``, restatements of an
    earlier figure, and ``variants``, other statements of one (both shown with ``all``)."""

    restated = 0
    variants = 0


class Matches(Records["Found"]):
    """The answer of ``matches``, with what it answered (``text``, over the cases ``pool``,
    their ids) and the cases whose text holds it exactly (``held``; None when not known), for
    the next answer's ``after``."""

    text = ""
    held: list[Case] | None = None
    pool: tuple[int, ...] = ()


def load(*paths: StrPath, with_bundled: bool = False) -> Dataset:
    """Load case files (validated, through the parsed-data cache), as ``gxeco --data``.

    With no paths: the files of ``GXECO_DATA`` if set, else the bundled publication.
    ``with_bundled`` adds the bundled publication to the given files."""
    from . import loader

    return loader.load(loader.data_paths(paths, with_bundled))


# the one dataset cache of a process: the files (as loader.data_paths resolves them, so GXECO_DATA
# counts) and their size and modification time -> Dataset
_loaded: dict[tuple[Any, ...], Dataset] = {}


def dataset(paths: Sequence[StrPath] = (), with_bundled: bool = False) -> Dataset:
    """The dataset of these files (none: ``GXECO_DATA``, else the bundled publication), loaded
    once per process and again only when a file changed (``load`` always loads)."""
    import os

    from . import loader

    files = loader.data_paths(paths, with_bundled)
    key: list[Any] = []
    for f in files:
        try:
            st = os.stat(f)
            key.append((f, st.st_size, st.st_mtime_ns))
        except OSError:
            key.append((f, None, None))  # the loader says what is wrong with it
    ds = _loaded.get(tuple(key))
    if ds is None:
        ds = loader.load(files)
        _loaded.clear()  # one dataset at a time: a process that switches files does not keep the old
        _loaded[tuple(key)] = ds
    return ds


def _ds(data: Dataset | None) -> Dataset:
    return data if data is not None else dataset()


def case(ref: str | int, *, data: Dataset | None = None) -> Case:
    """One case by any exact form of a reference the CLI takes: an id (10, "3:10", 十), a
    name, a place, a tag, a model, pinyin or initials. Raises :class:`gxeco.errors.NotFound`
    (with the candidates) when nothing or more than one case fits, and for a typo (naming the
    case meant): a library call never guesses, as it could not say so (resolve.lookup can)."""
    return _lookup(_ds(data), str(ref), take_fuzzy=False).case


def cases(
    *,
    city: Raw = None,
    category: Raw = None,
    resource: Raw = None,
    mode: Raw = None,
    tag: Raw = None,
    sort: str = "id",
    reverse: bool = False,
    data: Dataset | None = None,
) -> Records[Case]:
    """The cases ``gxeco list`` shows for the same filters and sort (every value in any of
    its names: ``city="桂林"``, ``"guilin"``, ``"gl"``; several: ``city=["梧州", "玉林"]``)."""
    from . import request

    f = request.filters(city=city, category=category, resource=resource, mode=mode, tag=tag)
    return select(f, sort=sort, reverse=reverse, data=data)


def select(
    f: Any, *, sort: str = "id", reverse: bool = False, data: Dataset | None = None, notices: list[str] | None = None
) -> Records[Case]:
    """The cases of a ``request.Filters`` (what ``cases`` reads from its keywords), sorted;
    ``notices`` as in ``export``."""
    from . import query, request, vocab

    key = request.one(sort, vocab.LIST_SORT) or "id"
    ds = _ds(data)
    return Records(query.sort_cases(request.select(ds.cases, f.chosen(ds, notices)), key, reverse))


def lookup(ref: str | int, *, data: Dataset | None = None) -> Resolved:
    """A reference as the CLI reads it: an exact form silently; a clearly closest typo taken,
    with ``notice`` saying so (園博圆 -> 6 南宁园博园生态修复); otherwise NotFound naming the
    candidates. ``.case`` is the case."""
    return _lookup(_ds(data), str(ref), take_fuzzy=True)


def _lookup(ds: Dataset, ref: str, *, take_fuzzy: bool) -> Resolved:
    """resolve.lookup, with a plain id answered before its matcher is imported."""
    from .resolved import by_id

    found = by_id(ds, ref)
    if found is not None:
        return found
    from .resolve import lookup

    return lookup(ds, ref, take_fuzzy=take_fuzzy)


def _refs(ds: Dataset, refs: Iterable[str | int | Case]) -> list[Case]:
    return [r if isinstance(r, Case) else case(r, data=ds) for r in refs]


def _among(data: Dataset | None, cases: str | int | Case | Sequence[str | int | Case] | None) -> list[Case]:
    """The cases named (all of them ``Case`` records: no dataset needed), else every case."""
    if cases is None:
        return list(_ds(data).cases)
    refs = [cases] if isinstance(cases, (str, int, Case)) else list(cases)
    if all(isinstance(r, Case) for r in refs):
        return refs  # type: ignore[return-value]
    return _refs(_ds(data), refs)


def find(
    query: str | Sequence[str],
    *,
    section: Raw = None,
    case: str | int | Case | Sequence[str | int | Case] | None = None,
    limit: int | None = None,
    snippets: int = 3,
    context: int = 40,
    exact: bool = False,
    data: Dataset | None = None,
    notices: list[str] | None = None,
) -> Records[Result]:
    """Full-text search as ``gxeco search``: every term must match ("碳汇 质押"; quote a
    phrase), best first, each result with its snippets; ``case`` one or several cases to
    search in, ``section`` one or several sections. When nothing matches exactly, the results
    are for a question taken apart into the known words it holds (``Result.words``), a
    one-character correction (``Result.corrected``) or near matches (``Result.near``) unless
    ``exact``. ``limit``: the most results, a positive number. ``notices`` as in ``export``
    (a case or a section named one character off, or a case's clearly closest name)."""
    from . import request, vocab
    from .search import search as run

    n = request.limit(limit)
    secs = request.resolved(section, vocab.SEARCH_SECTION, notices) or None
    ds = _ds(data)
    pool = list(request.cases(case, ds, notices) or ds.cases)
    words = [query] if isinstance(query, str) else list(query)
    found = run(pool, words, sections=secs, context=context, snippets=snippets, near=not exact, top=n)
    return Records(found[:n])


def matches(
    text: str,
    *,
    case: str | int | Case | Sequence[str | int | Case] | None = None,
    near: bool = True,
    top: int | None = None,
    cancelled: Callable[[], bool] | None = None,
    after: Matches | None = None,
    data: Dataset | None = None,
) -> Matches:
    """Find as you type (``gxeco browse``'s list): the cases a text names or mentions, best
    first, each a ``Found`` with the ``snippet`` that put it there and the ``spans`` of it that
    matched (a name matched shows the name). Names, places, tags, models and pinyin come before
    full-text hits, near matches (``near``) last; a typo taken says what it took
    (``corrected``). No text: every case, in order. ``case``: the cases to look in (a list,
    even an empty one, is exactly those; default every case). ``top``: how many of the first
    cases get a snippet (all are ranked). ``near=False`` leaves out the slow fallback (a
    correction, else sentences that nearly match) when nothing matched; ``cancelled`` is asked
    as the search goes and ends it with no results. ``after``: the answer to the query typed
    before over the same cases; when this one only narrows it (红 → 红树: every text holding
    红树 holds 红), the text search reads only the cases that answer found, so typing on
    costs less with every character."""
    from . import request, typeahead

    n = request.limit(top)
    pool = _among(data, case)
    key = tuple(map(id, pool))
    within = None
    if after is not None and after.held is not None and after.pool == key and typeahead.narrows(after.text, text):
        within = after.held
    found, held = typeahead.answer(pool, text, cancelled, near=near, top=n, within=within)
    out = Matches(found)
    out.text, out.held, out.pool = text, held, key
    return out


def warm(*, case: str | int | Case | Sequence[str | int | Case] | None = None, data: Dataset | None = None) -> None:
    """Build now what the first ``matches`` or ``find`` over these cases builds on first use
    (normalised names and their sounds, passages, the fuzzy scorer), so that no later query
    pays for it: an app calls this once it has painted."""
    from .typeahead import warm as run

    run(_among(data, case))


def figures(
    *,
    topic: Raw = None,
    case: str | int | Case | Sequence[str | int | Case] | None = None,
    unit: Raw = None,
    sort: str | None = None,
    ascending: bool = False,
    limit: int | None = None,
    all: bool = False,
    data: Dataset | None = None,
    notices: list[str] | None = None,
) -> Figures:
    """The figures ``gxeco figures`` lists for the same options: ``topic`` (投资, income …),
    ``unit`` kind (金额, area …), each one value or several (any of them), ``sort`` (value,
    year, case, topic; descending unless ``ascending``), ``limit`` (a positive number),
    restatements of an earlier figure only with ``all``; ``case`` one or several cases;
    ``notices`` as in ``export``."""
    from . import query, request, vocab

    topics = request.resolved(topic, vocab.TOPIC, notices)
    kinds = request.resolved(unit, vocab.UNIT_KIND, notices)
    key = request.one(sort, vocab.FIGURE_SORT, notices)
    n = request.limit(limit)
    ds = _ds(data)
    pool = list(request.cases(case, ds, notices) or ds.cases)
    every = query.figure_rows(pool, topics, kinds, True)
    shown = every if all else [r for r in every if not (r.metric.restates or r.metric.variant_of)]
    out = Figures(query.sort_figures(shown, key, not ascending)[:n])
    if not all:
        out.restated = sum(1 for r in every if r.metric.restates)
        out.variants = len(every) - len(shown) - out.restated
    return out


def total(
    *,
    topic: Raw = None,
    case: str | int | Case | Sequence[str | int | Case] | None = None,
    unit: Raw = None,
    by: str | None = None,
    data: Dataset | None = None,
    notices: list[str] | None = None,
) -> Any:
    """Totals as ``gxeco figures --sum``: one per unit kind (and per case, city, topic or year
    with ``by``), exact (``Decimal``), each with the figures it adds and those it leaves out
    and why (``reason``: part, restatement, variant, target, bound, rate, stock, change …).
    ``topic`` and ``unit`` take one value or several, as ``figures`` does.
    A list of ``totals.Total``; ``as_dict()`` is the JSON of ``figures --sum``."""
    from . import query, request, vocab
    from .totals import select

    topics = request.resolved(topic, vocab.TOPIC, notices)
    kinds = request.resolved(unit, vocab.UNIT_KIND, notices)
    key = request.one(by, vocab.TOTAL_BY, notices)
    ds = _ds(data)
    pool = list(request.cases(case, ds, notices) or ds.cases)
    return select(query.figure_rows(pool, topics, kinds, True), key, ds.multi)


def compare(
    *refs: str | int | Case,
    topic: Raw = None,
    all: bool = False,
    data: Dataset | None = None,
) -> dict[str, Any]:
    """Two or more cases side by side, as ``gxeco compare --format json``: ``cases`` (their
    summaries) and ``rows``, each a ``field`` with one value per case (figures by topic)."""
    from . import query, request, vocab

    topics = request.resolved(topic, vocab.TOPIC)
    ds = _ds(data)
    found = [r if isinstance(r, Case) else case(r, data=ds) for r in refs]
    return query.compare(found, topics, all)


def stats(*, by: Raw = None, data: Dataset | None = None) -> dict[str, Any]:
    """Counts as ``gxeco stats --format json``: ``total`` and ``by_city``, ``by_category`` …
    (every value, zeros too), or only the dimensions of ``by`` (地市, tag …)."""
    from . import query, request, vocab

    dims = request.resolved(by, vocab.DIMENSION) or query.DIMENSIONS
    counts = query.stats(_ds(data).cases)
    return {"total": counts["total"], **{f"by_{d}": counts[f"by_{d}"] for d in dims}}


def related(ref: str | int | Case, *, explained: bool = True, data: Dataset | None = None) -> Records[Related]:
    """The loaded cases most like one, as ``gxeco related``: three to five, best first, each
    with its ``score`` (0-1) and what it ``shared`` with the case, field by field (left empty
    without ``explained``: the names alone, as ``gxeco show``'s 相似 line)."""
    from . import similar

    ds = _ds(data)
    c = ref if isinstance(ref, Case) else case(ref, data=ds)
    return Records(similar.related(ds.cases, c) if explained else similar.neighbours(ds.cases, c))


def unmatched(
    query: str | Sequence[str],
    *,
    case: str | int | Case | Sequence[str | int | Case] | None = None,
    exact: bool = False,
    data: Dataset | None = None,
    notices: list[str] | None = None,
) -> tuple[str, list[str]]:
    """When ``find`` found nothing: what it set aside of the query (emoji, symbols,
    punctuation; "" with ``exact``) and the words of the data near it."""
    from . import request, search

    ds = _ds(data)
    pool = list(request.cases(case, ds, notices) or ds.cases)
    words = [query] if isinstance(query, str) else list(query)
    dropped = search.set_aside(words)[1] if not exact else ""
    return dropped, search.near_words(pool, words)


def validate(path: StrPath) -> list[str]:
    """The problems of a case file, one message each, as ``gxeco validate`` prints them
    (none: the file is valid)."""
    from pathlib import Path

    from .schema import validate as check

    return list(check(Path(path)))


def city_map(
    *,
    category: Raw = None,
    resource: Raw = None,
    mode: Raw = None,
    tag: Raw = None,
    case: str | int | Case | Sequence[str | int | Case] | None = None,
    data: Dataset | None = None,
) -> CityMap:
    """Where the cases are, as ``gxeco map``: a tile per city with its count and cases,
    and the region-wide (全区) cases beside the grid; the filters as in ``cases``.
    ``case``: one or several cases (a list, even an empty one, is exactly those, each tile
    keeping their order: a list a search ranked), which the filters narrow."""
    from . import citymap, request

    f = request.filters(category=category, resource=resource, mode=mode, tag=tag)
    if case is None:
        return citymap.city_map(select(f, data=data))
    pool = _among(data, case)
    if f != request.Filters():
        pool = request.select(pool, f.chosen(_ds(data)))
    return citymap.city_map(pool)


def citations(*refs: str | int | Case, style: str = "gbt7714", data: Dataset | None = None) -> str:
    """Citations as ``gxeco cite`` prints them: GB/T 7714-2015 (default), ``bibtex``, ``ris``
    or ``csl-json`` (one JSON array of every case); no refs cites every case."""
    from . import request, vocab
    from .cite import cite_all

    chosen = request.one(style, vocab.STYLE) or "gbt7714"
    ds = _ds(data)
    return cite_all(_refs(ds, refs) if refs else list(ds.cases), ds, chosen)


def export(
    to: StrPath | TextIO,
    format: str | None = None,
    *,
    metrics: bool = False,
    all: bool = False,
    excel: bool = False,
    force: bool = False,
    metadata: StrPath | None = None,
    city: Raw = None,
    category: Raw = None,
    resource: Raw = None,
    mode: Raw = None,
    tag: Raw = None,
    case: str | int | Case | Sequence[str | int | Case] | None = None,
    data: Dataset | None = None,
    notices: list[str] | None = None,
) -> str:
    """Write the cases (or, with ``metrics``, their figures) as ``gxeco export`` does, to a
    path (written whole or not at all; an existing file only with ``force``) or to an open
    text stream, and say what was written ("15 cases"). ``case``: one or several cases, which
    narrow what the filters keep. Without ``format`` a path's suffix decides (.json, .jsonl,
    .csv, .md, .html, .xlsx, .db …); a suffix that is no format of export, or
    disagrees with ``format``, is refused. Figures that restate another are left out unless
    ``all``, so a sum over the export counts no fact twice. ``notices``: a list that takes a
    filter value one character off a single name (梧洲 for 梧州) and receives the notice saying
    so, as the CLI does (and a case named by its clearly closest name); without it such a value
    is refused naming the value meant."""
    from . import output, query, request

    f = request.filters(city=city, category=category, resource=resource, mode=mode, tag=tag, notices=notices)
    target = output.Target.of("export", format, to)
    ds = _ds(data)
    found = select(f, data=ds, notices=notices)
    if case is not None:  # named cases narrow what the filters keep
        named = {id(c) for c in request.cases(case, ds, notices)}
        found = Records(c for c in found if id(c) in named)
    if not found:
        from .errors import NotFound
        from .i18n import _

        raise NotFound(_("no case matches these filters"))
    binary = output.FORMATS[target.fmt or "json"].binary
    rows = query.figure_rows(found, all_=all) if metrics or binary else None
    cites: dict[int, str] = {}
    if binary:
        from .cite import publication

        cites = {m.batch: publication(m) for m in ds.metas}
    page = None
    if target.fmt == "html":
        from . import reader

        page = reader.page(ds, found, all_=all)
    return output.export(
        target,
        ds,
        found,
        rows,
        cites=cites,
        metrics=metrics,
        all_=all,
        excel=excel,
        force=force,
        metadata=metadata,
        page=page,
    )
