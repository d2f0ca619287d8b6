"""gxeco: the Guangxi ecological-product value realization cases (batch 3) as data.

The Python API (``docs/api.md``)::

    >>> import gxeco
    >>> gxeco.case("龙胜").short_title
    '龙胜梯田「一田生五金」'

``import gxeco`` loads nothing but this file: the CLI's every run imports the package for
``__version__``, so the API's names (``gxeco.api``) are imported on first use (PEP 562).
"""

from ._version import __version__

__all__ = [
    "Case",
    "CityMap",
    "Dataset",
    "FigureRow",
    "Found",
    "Hit",
    "Item",
    "Meta",
    "Metric",
    "Records",
    "Related",
    "Result",
    "__version__",
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

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .api import (
        Case,
        CityMap,
        Dataset,
        FigureRow,
        Found,
        Hit,
        Item,
        Meta,
        Metric,
        Records,
        Related,
        Result,
        case,
        cases,
        citations,
        city_map,
        compare,
        dataset,
        export,
        figures,
        find,
        load,
        lookup,
        matches,
        related,
        select,
        stats,
        total,
        unmatched,
        validate,
        warm,
    )


def __getattr__(name: str) -> object:
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'gxeco' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
