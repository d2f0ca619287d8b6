"""Load case data files into the model, validating everything on the way in.

A data file is either loaded whole and valid or not at all: every problem is a
DataError naming file, case, field and line. Parsed data is cached in the
user's cache folder (cache.py), keyed by the digest of the file's bytes and the tool
version, so repeated runs skip TOML parsing and provenance checks; a memo beside the entry
(cache.recall) lets a warm run skip reading and hashing a file whose status is as it was when
it was hashed. The cache is written
with marshal, not JSON: importing json costs ~2.5 ms of every run (a tenth of what
gxeco adds to a rich table), marshal is built in and reads as fast. marshal is not
meant for data from others; the cache folder is the user's own (created 0700), and an
entry whose checksum does not hold is never unmarshalled, only parsed again.
"""

from __future__ import annotations

import marshal
import os

from . import cache
from ._version import __version__
from .errors import DataError
from .i18n import _
from .model import LATER, Case, Dataset, Item, Meta, Metric, Part, Pinyin
from .record import restore
from .safe import vouch

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from .tomlio import StrPath


DATA_ENV = "GXECO_DATA"
STDIN = "-"  # tomlio.STDIN, named here so that a warm run need not import the TOML reader


# --- where the data is --------------------------------------------------------


def bundled_path() -> str:
    """The bundled cases.toml: inside the installed package, or the checkout in dev mode."""
    # importlib.resources would cost ~10 ms at start-up; a wheel installs plain files.
    here = os.path.dirname(__file__)
    candidate = os.path.join(here, "data", "cases.toml")
    if os.path.isfile(candidate):
        return candidate
    # An editable install imports src/gxeco; its data lives at the project root.
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    dev = os.path.join(root, "data", "cases.toml")
    if os.path.isfile(dev) and os.path.isfile(os.path.join(root, "pyproject.toml")):
        return dev
    raise DataError(_("bundled data not found; the installation is incomplete"), path=candidate)


def data_paths(explicit: Sequence[StrPath] | None, with_bundled: bool) -> list[str]:
    """Which files to load: --data, else GXECO_DATA, else the bundled file."""
    chosen = [os.fspath(p) for p in explicit or []]
    if not chosen and os.environ.get(DATA_ENV):
        chosen = [p for p in os.environ[DATA_ENV].split(os.pathsep) if p]
    if not chosen or with_bundled:
        chosen.insert(0, bundled_path())
    return chosen


def parse_file(
    path: StrPath, collect: list[DataError] | None = None, *, raw: bytes | None = None
) -> tuple[Meta, tuple[Case, ...]]:
    """Parse and fully validate one data file (no cache); the rules live in schema.py.

    With collect, problems of separate cases and metrics are gathered there
    instead of stopping at the first (for `gxeco validate`).
    """
    from pathlib import Path  # parsing is the slow path anyway

    from .schema import build_file
    from .tomlio import read_file

    data, text = read_file(path, raw)
    return build_file(Path(path), data, text, collect)


# --- cache ------------------------------------------------------------------------


def _cache_file(path: StrPath) -> str | None:
    """The cache entry of a data file (cache.py: keyed on content, checksummed)."""
    return cache.entry_path(os.fspath(path))


def _cache_key(raw: bytes) -> tuple[Any, ...]:
    """What names an entry: the cache format, gxeco's version and the digest of the file's bytes."""
    return (cache.CACHE_FORMAT, __version__, cache.digest(raw))


def _source_path(path: StrPath, meta_source: str) -> str:
    return os.path.join(os.path.dirname(os.fspath(path)), meta_source)


def _source_key(
    key: tuple[Any, ...], path: StrPath, meta_source: str | None, recorded: list[tuple[str, Any]]
) -> tuple[Any, ...]:
    """The key with the digest of the source text the data was checked against, if it names one;
    the source's status goes to ``recorded`` (for the memo) when it could be read."""
    if not meta_source:
        return key
    from .tomlio import read_regular

    src = _source_path(path, meta_source)
    try:
        raw, st = read_regular(src, data=False)
    except DataError:
        return (*key, None)  # gone or unreadable: parsing says what is wrong
    recorded.append((src, cache.stamp(st)))
    return (*key, cache.digest(raw))


# A case's texts: with its figures, nine tenths of an entry, and what list, stats and most of
# search never print. Each case's are marshalled apart and read on first use, as its figures are.
_TEXTS = ("background", "mechanism", "practices", "outcomes", "policies", "notes")


def _from_plain(d: dict[str, Any]) -> tuple[Meta, tuple[Case, ...]]:
    # every record as _to_plain wrote it, each field in order: restored without running __init__;
    # what a case's texts and figures hold stays marshalled until a command reads it
    meta = restore(Meta, d["meta"].values())
    fields = Case.__record_fields__  # type: ignore[attr-defined]
    cases = []
    for c in d["cases"]:
        c = dict(c)
        later = _texts_later(c.pop("texts"))
        later["metrics"] = _figures_later(c.pop("metrics"))
        c["pinyin"] = restore(Pinyin, (tuple(tuple(x) for x in c["pinyin"]["names"]),))
        for k in ("modes", "resources", "tags", "models"):
            c[k] = tuple(c[k])
        if len(c) + len(later) != len(fields) or not all(n in c or n in later for n in fields):
            raise ValueError("a case not as _to_plain wrote it")
        case = object.__new__(Case)
        case.__dict__.update(c)
        case.__dict__[LATER] = later
        cases.append(case)
    return meta, tuple(cases)


def _texts_later(blob: bytes) -> dict[str, Callable[[], Any]]:
    """The builders of a case's texts (_TEXTS), which unmarshal them together on the first's use."""
    from functools import partial  # imported by re already, as every run has it

    if type(blob) is not bytes:
        raise TypeError("texts not as _to_plain wrote them")
    got: dict[str, Any] = {}

    def build(name: str) -> Any:
        if not got:
            values = dict(zip(_TEXTS, marshal.loads(blob), strict=True))
            for key in ("practices", "outcomes"):
                values[key] = tuple(
                    restore(Item, (x[0], x[1], tuple(restore(Part, p) for p in x[2]))) for x in values[key]
                )
            for key in ("policies", "notes"):
                values[key] = tuple(values[key])
            got.update(values)
        return got[name]

    return {name: partial(build, name) for name in _TEXTS}


def _figures_later(blob: bytes) -> Callable[[], tuple[Metric, ...]]:
    def build() -> tuple[Metric, ...]:
        if type(blob) is not bytes:
            raise TypeError("figures not as _to_plain wrote them")
        return tuple(Metric(*row) for row in marshal.loads(blob))

    return build


def _to_plain(meta: Meta, cases: Sequence[Case]) -> dict[str, Any]:
    """What _from_plain reads back, for marshal (which takes tuples as they are). Written
    field by field rather than by the generic record.asdict: its recursion over every
    string of every case was a quarter of a cold load."""
    from operator import attrgetter

    from .record import asdict

    fields = attrgetter(*Case.__record_fields__)  # type: ignore[attr-defined]
    metric_row = attrgetter(*Metric.__record_fields__)  # type: ignore[attr-defined]
    out = []
    for c in cases:
        d = dict(zip(Case.__record_fields__, fields(c), strict=True))  # type: ignore[attr-defined]
        # practices and outcomes: items as (title, text, parts), parts as (title, text)
        texts = [
            [(x.title, x.text, [(p.title, p.text) for p in x.parts]) for x in getattr(c, n)]
            if n in ("practices", "outcomes")
            else getattr(c, n)
            for n in _TEXTS
        ]
        d["texts"] = marshal.dumps(texts)  # read on first use
        for n in _TEXTS:
            del d[n]
        # metrics as rows in field order: about half the keys to parse for 47 figures a case
        d["metrics"] = marshal.dumps([metric_row(m) for m in c.metrics])  # read on first use
        d["pinyin"] = {"names": c.pinyin.names}
        out.append(d)
    return {"meta": asdict(meta), "cases": out}


def load_file(path: StrPath) -> tuple[Meta, tuple[Case, ...]]:
    """Load one file through the cache; a stale, broken or altered entry is never used.
    Standard input (``-``) is read once and never cached."""
    name = os.fspath(path)
    cfile = None if name == STDIN else _cache_file(path)
    if cfile is None:
        from .tomlio import read_bytes

        return parse_file(path, raw=read_bytes(path))  # standard input, or the cache turned off
    known = _recalled(cfile, name)  # the memo's key, when the files are as they were when it was hashed
    if known is not None:
        return known
    from .tomlio import read_regular

    taken = cache.now_ns()
    raw, st = read_regular(path)  # a regular file under the size cap
    recorded: list[tuple[str, Any]] = [(name, cache.stamp(st))]
    key = _cache_key(raw)
    # the entry names the data's digest; inside, the source text's is checked too
    blob = cache.read(cfile, key)
    try:
        if blob is not None and _source_key(key, path, blob["source"], recorded) == tuple(blob["key"]):
            meta, cases = _from_plain(blob["data"])
            full = tuple(blob["key"])
            _remember(cases, cfile, full)
            cache.remember(cfile, full, recorded, taken)
            return meta, cases
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    del recorded[1:]
    meta, cases = parse_file(path, raw=raw)
    full = _source_key(key, path, meta.source, recorded)
    cache.write(cfile, key, {"key": full, "source": meta.source, "data": _to_plain(meta, cases)})
    _remember(cases, cfile, full)
    if None not in full:
        cache.remember(cfile, full, recorded, taken)
    return meta, cases


def _recalled(cfile: str, name: str) -> tuple[Meta, tuple[Case, ...]] | None:
    """The entry's cases under the key the memo holds (cache.recall), without reading or hashing the
    data file or its source text: when the memo covers exactly the files the entry names."""
    memo = cache.recall(cfile, name)
    if memo is None:
        return None
    key, files = memo
    try:
        if tuple(key[:2]) != (cache.CACHE_FORMAT, __version__):
            return None
        blob = cache.read(cfile, tuple(key[:3]))
        if blob is None or tuple(blob["key"]) != key:
            return None
        source = blob["source"]
        if files != ((name, _source_path(name, source)) if source else (name,)):
            return None
        meta, cases = _from_plain(blob["data"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    _remember(cases, cfile, key)
    return meta, cases


# The cache entry each case of this run came from: (case, entry, its key, cases in the file).
# Others keep what they derive from a file beside its entry, under the same key (search's
# folded text: search.py), so the loader need not know what they keep.
_ORIGIN: dict[int, tuple[Case, str, tuple[Any, ...], int]] = {}


def _remember(cases: Sequence[Case], cfile: str, key: tuple[Any, ...]) -> None:
    for c in cases:
        _ORIGIN[id(c)] = (c, cfile, key, len(cases))


def origin(case: Case) -> tuple[str, tuple[Any, ...], int] | None:
    """(cache entry, key, number of cases in the file) of a case this run loaded through the
    cache; None for a case built otherwise or with the cache off."""
    got = _ORIGIN.get(id(case))
    return got[1:] if got is not None and got[0] is case else None


class PerCase:
    """What a module derives per case of a cached data file (search's folded passages, similar's
    words), kept in an entry of its own beside the loader's (``<entry>-<name>.marshal``) and valid
    under the loader's key: read once a run, written once every case of the file has its value
    (one write a file). Cases built otherwise, or loaded with the cache off, keep nothing."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._read: dict[str, dict[tuple[int, int], Any] | None] = {}
        self._done: dict[str, dict[tuple[int, int], Any]] = {}

    def _where(self, case: Case) -> tuple[str, tuple[Any, ...], int] | None:
        got = origin(case)
        if got is None:
            return None
        cfile, key, n = got
        return cfile.removesuffix(".marshal") + f"-{self.name}.marshal", key, n

    def get(self, case: Case) -> Any:
        """The case's value from the entry, or None."""
        where = self._where(case)
        if where is None:
            return None
        path, key = where[:2]
        if path not in self._read:
            from .cache import read

            blob = read(path, key)  # None unless written under this key with its checksum intact
            self._read[path] = blob if isinstance(blob, dict) else None
        table = self._read[path]
        return table.get((case.batch, case.id)) if table else None

    def put(self, case: Case, value: Any) -> None:
        """Keep a case's value; once every case of its file has one, write the entry."""
        where = self._where(case)
        if where is None:
            return
        path, key, n = where
        done = self._done.setdefault(path, {})
        done[(case.batch, case.id)] = value
        if len(done) == n:
            from .cache import write

            write(path, key, done)


def load(paths: Sequence[StrPath]) -> Dataset:
    """Load several files into one dataset; (batch, id) must be unique across them."""
    import gc

    # Loading allocates many objects and frees none: cyclic GC passes over them are
    # pure cost (~20% of loading 1 500 cases).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(paths)
    finally:
        if was_enabled:
            gc.enable()


def _load(paths: Sequence[StrPath]) -> Dataset:
    metas: list[Meta] = []
    cases: list[Case] = []
    seen_batch: dict[int, StrPath] = {}
    for p in paths:
        meta, cs = load_file(p)
        if meta.batch in seen_batch:
            raise DataError(
                _("batch {batch} is already loaded from {file}").format(batch=meta.batch, file=seen_batch[meta.batch]),
                path=str(p),
                field="meta.batch",
            )
        seen_batch[meta.batch] = p
        metas.append(meta)
        cases.extend(cs)
    cases.sort(key=lambda c: (c.batch, c.id))
    vouch(cases)  # checked for control and invisible characters as they were parsed: browse need not walk them
    return Dataset(tuple(metas), tuple(cases), tuple(os.fspath(p) for p in paths))
