"""What a person asked for, read once, the same way for every face (the CLI, the fast path,
the Python API, browse's facets).

- A filter's values form a set: repeating an option widens it (``--city 梧州 --city 玉林``:
  梧州 or 玉林), and so does one value holding several (``梧州,玉林``, ``梧州、玉林``);
  different filters narrow (``--city 梧州 --resource 森林``: both).
- Every value goes through ``resolve.pick`` (match.py's rule); an empty value is refused
  exactly as a blank one is.
- Values that do not depend on the data (cities, categories, resources, modes, every
  enumerated option) are resolved here, before any data is loaded; tags come with the data
  and are resolved against it (``Filters.chosen``).
- ``limit`` is a positive number or nothing.
"""

from __future__ import annotations

from . import vocab
from .errors import GxecoError
from .i18n import _

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Iterable
    from dataclasses import dataclass as record

    from .model import Case, Dataset
    from .vocab import Vocab

    Raw = str | int | Iterable[str | int] | None
else:
    from .record import record

# what separates several values given in one: ASCII and full-width commas, the enumeration comma
SEPARATORS = ",，、"
_AS_COMMA = str.maketrans(dict.fromkeys(SEPARATORS[1:], ","))

# the filters of list, search, figures, export, map and browse's facets, in the order headings name them
FILTERS = ("city", "category", "resource", "mode", "tag")


def values(raw: Raw, v: Vocab | None = None) -> tuple[str, ...]:
    """An option's values as typed: each repetition, each split at SEPARATORS. A value that is
    itself a name of ``v`` (the model 同权、同价、同责) stays whole. Empty parts stay, for
    ``pick`` to refuse as it refuses a blank value."""
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, (str, int)) else list(raw)
    out: list[str] = []
    for item in items:
        text = str(item)
        if v is not None and any(c in text for c in SEPARATORS) and _is_name(text, v):
            out.append(text)
        else:
            out.extend(text.translate(_AS_COMMA).split(","))
    return tuple(out)


def _is_name(text: str, v: Vocab) -> bool:
    from .text import norm

    q = norm(text)
    return any(q == norm(n) for key, names in v.names.items() for n in (key, *names))


def resolved(raw: Raw, v: Vocab, notices: list[str] | None = None) -> tuple[str, ...]:
    """The vocabulary keys an option's values stand for, each once, in the order given.
    ``notices``: the CLI's list for what was taken one character off (resolve.pick); without
    it (the API) such a value is refused, naming the value meant."""
    out: list[str] = []
    for x in values(raw, v):
        key = pick(x, v, notices)
        if key not in out:
            out.append(key)
    return tuple(out)


def one(raw: str | None, v: Vocab, notices: list[str] | None = None) -> str | None:
    """A single-valued option's key (None when not given): the same rule as a filter's."""
    return None if raw is None else pick(raw, v, notices)


def cases(
    raw: str | int | Case | Iterable[str | int | Case] | None,
    ds: Dataset,
    notices: list[str] | None = None,
) -> tuple[Case, ...]:
    """The cases an option names (``--case``, the API's ``case=``), each once, in the order
    given: repeating it widens, and so does one value holding several (``3,10``, ``3、10``)
    unless the whole value is itself within a case's name (the model 同权、同价、同责).
    Each value by the rule of a case reference (resolve.lookup): an exact form silently; with
    ``notices`` (the CLI's), a clearly closest name or one a character off is taken and the
    notice saying so added there; without it (the API) such a value is refused, naming the
    case meant. A ``Case`` passes as it is."""
    if raw is None:  # before importing the matcher and its tables, which no option given needs
        return ()
    from .model import Case
    from .resolve import FUZZY, lookup, rank

    items = [raw] if isinstance(raw, (str, int, Case)) else list(raw)
    out: list[Case] = []
    for item in items:
        if isinstance(item, Case):
            found = [item]
        else:
            text = str(item)
            parts = [text]
            if any(c in text for c in SEPARATORS) and not any(m.tier > FUZZY for m in rank(ds.cases, text)):
                parts = text.translate(_AS_COMMA).split(",")
            found = []
            for part in parts:
                got = lookup(ds, part, take_fuzzy=notices is not None)
                if got.notice and notices is not None and got.notice not in notices:
                    notices.append(got.notice)
                found.append(got.case)
        out += [c for c in found if all(c is not o for o in out)]
    return tuple(out)


def pick(value: str, v: Vocab, notices: list[str] | None = None) -> str:
    """``resolve.pick``, which imports the matcher and its tables, for anything but a key typed
    exactly (a default such as ``--sort id``): that is the key itself under the rule too, as no
    key is another key's name (tests/test_vocab.py)."""
    if value in v.names:
        return value
    from .resolve import pick as by_rule

    return by_rule(value, v, notices)


def limit(n: int | None) -> int | None:
    """A limit is a positive number; 0 and negatives are refused, never read as "all" or "none"."""
    if n is None:
        return None
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise GxecoError(
            _("limit must be a positive number, not {n}").format(n=repr(n)),
            hint=_("leave it out for every row"),
        )
    return n


@record(frozen=True)
class Filters:
    """The filters of one call: each a tuple of vocabulary keys (OR within, AND across);
    ``tag`` as typed, since tags and models come with the data."""

    city: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    resource: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()

    def chosen(self, ds: Dataset, notices: list[str] | None = None) -> dict[str, tuple[str, ...]]:
        """Each filter given, as its keys (tags resolved against the loaded cases): what the
        cases are filtered by, and what a heading names."""
        out = {k: getattr(self, k) for k in FILTERS[:-1] if getattr(self, k)}
        if self.tag:
            tags = vocab.tag_vocab(ds.cases)
            keys: list[str] = []
            for t in values(self.tag, tags):
                key = pick(t, tags, notices)
                if key not in keys:
                    keys.append(key)
            out["tag"] = tuple(keys)
        return out


def filters(
    *,
    city: Raw = None,
    category: Raw = None,
    resource: Raw = None,
    mode: Raw = None,
    tag: Raw = None,
    notices: list[str] | None = None,
) -> Filters:
    """Read the filters once: every value but the tags resolved now, before the data loads."""
    return Filters(
        resolved(city, vocab.CITY, notices),
        resolved(category, vocab.CATEGORY, notices),
        resolved(resource, vocab.RESOURCE, notices),
        resolved(mode, vocab.MODE, notices),
        _tags(tag),
    )


def _tags(raw: Raw) -> tuple[str, ...]:
    """Tags as typed, split in ``chosen``: whether 同权、同价、同责 is one model or three values
    depends on the data."""
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, (str, int)) else list(raw)
    return tuple(str(x) for x in items)


def select(cases: Iterable[Case], chosen: dict[str, tuple[str, ...]]) -> list[Case]:
    """The cases every filter keeps: any of a filter's values, every filter."""
    out = list(cases)
    if "city" in chosen:
        out = [c for c in out if (c.city or c.scope or vocab.REGION_WIDE) in chosen["city"]]
    if "category" in chosen:
        out = [c for c in out if c.category in chosen["category"]]
    if "resource" in chosen:
        out = [c for c in out if any(r in c.resources for r in chosen["resource"])]
    if "mode" in chosen:
        out = [c for c in out if any(m in c.modes for m in chosen["mode"])]
    if "tag" in chosen:
        out = [c for c in out if any(t in c.tags or t in c.models for t in chosen["tag"])]
    return out
