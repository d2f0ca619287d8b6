"""gxeco as a Python library: the work every command does, callable from a script or a notebook.

The CLI and ``gxeco browse`` are views of these same functions' parts (``loader``, ``resolve``,
``query``, ``search``, ``cite``): a case is found by the resolver the CLI uses, figures are
filtered and sorted as ``gxeco figures`` does, and so on; the results are the records the CLI
renders (``Case``, ``FigureRow``, ``search.Result``), each with ``as_dict()``. A list of them is
a :class:`Records`, which turns into a pandas DataFrame with ``.frame()`` when pandas is
installed (pandas is never imported otherwise). ``docs/api.md`` shows every function at work;
the suite runs its examples.

Every function takes ``data=`` (a :class:`Dataset` from :func:`load`); without it, the data the
CLI would load (``GXECO_DATA``, else the bundled publication), loaded once.
"""

from __future__ import annotations

from .model import Case, Dataset, Item, Meta, Metric
from .query import FigureRow
from .search import Hit, Result

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any, TypeVar

    from .tomlio import StrPath

    T = TypeVar("T")

__all__ = [
    "Case",
    "Dataset",
    "FigureRow",
    "Hit",
    "Item",
    "Meta",
    "Metric",
    "Records",
    "Result",
    "case",
    "cases",
    "citations",
    "compare",
    "figures",
    "find",
    "load",
    "stats",
]


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


_loaded: Dataset | None = None


def load(*paths: StrPath, with_bundled: bool = False) -> Dataset:
    """Load case files (validated, through the parsed-data cache), as ``gxeco --data``.

    With no paths: the files of ``GXECO_DATA`` if set, else the bundled publication.
    ``with_bundled`` adds the bundled publication to the given files."""
    from . import loader

    return loader.load(loader.data_paths(paths, with_bundled))


def _ds(data: Dataset | None) -> Dataset:
    global _loaded
    if data is not None:
        return data
    if _loaded is None:
        _loaded = load()
    return _loaded


def case(ref: str | int, *, data: Dataset | None = None) -> Case:
    """One case by any exact form of a reference the CLI takes: an id (10, "3:10", 十), a
    name, a place, a tag, a model, pinyin or initials. Raises :class:`gxeco.errors.NotFound`
    (with the candidates) when nothing or more than one case fits, and for a typo (naming the
    case meant): a library call never guesses, as it could not say so (resolve.lookup can)."""
    from .resolve import resolve

    return resolve(_ds(data), str(ref))


def cases(
    *,
    city: str | None = None,
    category: str | None = None,
    resource: str | None = None,
    mode: str | None = None,
    tag: str | None = None,
    sort: str = "id",
    reverse: bool = False,
    data: Dataset | None = None,
) -> Records[Case]:
    """The cases ``gxeco list`` shows for the same filters and sort (every value in any of
    its names: ``city="桂林"``, ``"guilin"``, ``"gl"``)."""
    from . import query

    ds = _ds(data)
    found = query.apply_filters(ds, query.Filters(city, category, resource, mode, tag))
    return Records(query.sort_cases(found, sort, reverse))


def _refs(ds: Dataset, refs: Iterable[str | int]) -> list[Case]:
    from .resolve import resolve

    return [resolve(ds, str(r)) for r in refs]


def find(
    query: str | Sequence[str],
    *,
    section: str | Sequence[str] | None = None,
    case: str | int | None = None,
    limit: int | None = None,
    snippets: int = 3,
    context: int = 40,
    exact: bool = False,
    data: Dataset | None = None,
) -> Records[Result]:
    """Full-text search as ``gxeco search``: every term must match ("碳汇 质押"; quote a
    phrase), best first, each result with its snippets. When nothing matches exactly, the
    results are for a question taken apart into the known words it holds (``Result.words``),
    a one-character correction (``Result.corrected``) or near matches (``Result.near``) unless
    ``exact``."""
    from . import vocab
    from .resolve import pick
    from .search import search as run

    ds = _ds(data)
    pool = _refs(ds, [case]) if case is not None else list(ds.cases)
    secs = [section] if isinstance(section, str) else section
    chosen = [pick(s, vocab.SEARCH_SECTION) for s in secs] if secs else None
    words = [query] if isinstance(query, str) else list(query)
    found = run(pool, words, sections=chosen, context=context, snippets=snippets, near=not exact, top=limit)
    return Records(found[:limit])


def figures(
    *,
    topic: str | None = None,
    case: str | int | Sequence[str | int] | None = None,
    unit: str | None = None,
    sort: str | None = None,
    ascending: bool = False,
    limit: int | None = None,
    all: bool = False,
    data: Dataset | None = None,
) -> Records[FigureRow]:
    """The figures ``gxeco figures`` lists for the same options: ``topic`` (投资, income …),
    ``unit`` kind (金额, area …), ``sort`` (value, year, case, topic; descending unless
    ``ascending``), restatements of an earlier figure only with ``all``."""
    from . import query

    ds = _ds(data)
    refs = [case] if isinstance(case, (str, int)) else case
    pool = _refs(ds, refs) if refs else list(ds.cases)
    rows = query.sort_figures(query.figure_rows(pool, topic, unit, all), sort, not ascending)
    return Records(rows[:limit] if limit else rows)


def compare(
    *refs: str | int,
    topic: str | Sequence[str] | None = None,
    all: bool = False,
    data: Dataset | None = None,
) -> dict[str, Any]:
    """Two or more cases side by side, as ``gxeco compare --format json``: ``cases`` (their
    summaries) and ``rows``, each a ``field`` with one value per case (figures by topic)."""
    from . import query

    topics = [topic] if isinstance(topic, str) else topic
    return query.compare(_refs(_ds(data), refs), topics, all)


def stats(*, by: str | Sequence[str] | None = None, data: Dataset | None = None) -> dict[str, Any]:
    """Counts as ``gxeco stats --format json``: ``total`` and ``by_city``, ``by_category`` …
    (every value, zeros too), or only the dimensions of ``by`` (地市, tag …)."""
    from . import query

    dims = query.dimensions([by] if isinstance(by, str) else by)
    counts = query.stats(_ds(data).cases)
    return {"total": counts["total"], **{f"by_{d}": counts[f"by_{d}"] for d in dims}}


def citations(*refs: str | int, style: str = "gbt7714", data: Dataset | None = None) -> str:
    """Citations as ``gxeco cite`` prints them: GB/T 7714-2015 (default), ``bibtex``, ``ris``
    or ``csl-json`` (one JSON array of every case); no refs cites every case."""
    from . import vocab
    from .cite import cite_all
    from .resolve import pick

    ds = _ds(data)
    return cite_all(_refs(ds, refs) if refs else list(ds.cases), ds, pick(style, vocab.STYLE))
