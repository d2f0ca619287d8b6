"""Load case data files into the model, validating everything on the way in.

A data file is either loaded whole and valid or not at all: every problem is a
DataError naming file, case, field and line. Parsed data is cached in the
user's cache folder, keyed by the files' identity and the tool version, so
repeated runs skip TOML parsing and provenance checks. The cache is written with
marshal, not JSON: importing json costs ~2.5 ms of every run (a tenth of what
gxeco adds to a rich table), marshal is built in and reads as fast. marshal is not
meant for data from others; the cache folder is the user's own, as trusted as the
code in their environment, and an entry that does not read back is parsed again.
"""

from __future__ import annotations

import marshal
import os
import sys

from ._version import __version__
from .errors import DataError
from .i18n import _
from .model import Case, Dataset, Item, Meta, Metric, Part, Pinyin

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from .tomlio import StrPath


DATA_ENV = "GXECO_DATA"
NO_CACHE_ENV = "GXECO_NO_CACHE"
# 3: Metric.restates; 4: marshal; 5: search's folded passages; 6: similar's bigrams; 7: figures as published, parts;
# 8: search's folded passages in an entry of search's own (passages.py); 9: similar's rankings (show's 相似 line)
# instead of its bigrams (~800 a case: a third of every load at 1 500 cases, for `related` alone); 10: no rankings
# (similar keeps what it derives in an entry of its own: ranking every case made cold loads quadratic)
CACHE_FORMAT = 10


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


def parse_file(path: StrPath, collect: list[DataError] | None = None) -> tuple[Meta, tuple[Case, ...]]:
    """Parse and fully validate one data file (no cache); the rules live in schema.py.

    With collect, problems of separate cases and metrics are gathered there
    instead of stopping at the first (for `gxeco validate`).
    """
    from pathlib import Path  # parsing is the slow path anyway

    from .schema import build_file
    from .tomlio import read_file

    data, text = read_file(path)
    return build_file(Path(path), data, text, collect)


# --- cache ------------------------------------------------------------------------


def cache_dir() -> str | None:
    if os.environ.get(NO_CACHE_ENV):
        return None
    base = os.environ.get("XDG_CACHE_HOME")
    if sys.platform == "win32":
        base = base or os.environ.get("LOCALAPPDATA")
    elif sys.platform == "darwin" and not base:
        base = os.path.join(os.path.expanduser("~"), "Library", "Caches")
    if not base:
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "gxeco")


def _stamp(path: StrPath) -> list[Any]:
    st = os.stat(path)
    return [os.path.realpath(path), st.st_size, st.st_mtime_ns]


def _cache_key(path: StrPath, meta_source: str | None) -> list[Any]:
    key: list[Any] = [CACHE_FORMAT, __version__, _stamp(path)]
    if meta_source:
        src = os.path.join(os.path.dirname(os.fspath(path)), meta_source)
        if os.path.exists(src):
            key.append(_stamp(src))
    return key


def _cache_prefix() -> str:
    return f"v{__version__}-f{CACHE_FORMAT}-"


def _cache_file(path: StrPath) -> str | None:
    """One cache entry per data file and gxeco version (the name says both)."""
    d = cache_dir()
    if d is None:
        return None
    # FNV-1a over the real path, not hashlib (~4 ms to import) nor zlib (~0.5 ms): the name only
    # spreads the entries out, the key inside the file is what is checked
    h = 0x811C9DC5
    for byte in os.path.realpath(path).encode("utf-8", "surrogateescape"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    # marshal's format is Python's own: one entry per Python version too
    py = f"py{sys.version_info[0]}{sys.version_info[1]}"
    return os.path.join(d, f"{_cache_prefix()}{py}-{h:08x}.marshal")


def _from_plain(d: dict[str, Any]) -> tuple[Meta, tuple[Case, ...]]:
    meta = Meta(**d["meta"])
    cases = []
    for c in d["cases"]:
        c = dict(c)
        for key in ("practices", "outcomes"):
            c[key] = tuple(Item(x["title"], x["text"], tuple(Part(**p) for p in x["parts"])) for x in c[key])
        c["metrics"] = tuple(Metric(*row) for row in c["metrics"])
        c["pinyin"] = Pinyin(tuple(tuple(x) for x in c["pinyin"]["names"]))
        for k in ("modes", "resources", "tags", "models", "policies", "notes"):
            c[k] = tuple(c[k])
        cases.append(Case(**c))
    return meta, tuple(cases)


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
        d["practices"] = [i.as_dict() for i in c.practices]  # parts as dicts: marshal takes no records
        d["outcomes"] = [i.as_dict() for i in c.outcomes]
        # metrics as rows in field order: about half the keys to parse for 47 figures a case
        d["metrics"] = [metric_row(m) for m in c.metrics]
        d["pinyin"] = {"names": c.pinyin.names}
        out.append(d)
    return {"meta": asdict(meta), "cases": out}


def load_file(path: StrPath) -> tuple[Meta, tuple[Case, ...]]:
    """Load one file through the cache; a stale or broken cache is never used."""
    cfile = _cache_file(path)
    if cfile is not None:
        try:
            with open(cfile, "rb") as fh:
                blob = marshal.loads(fh.read())
            key = blob.get("key")
            if key == _cache_key(path, blob.get("source")):
                meta, cases = _from_plain(blob["data"])
                _remember(cases, cfile, key)
                return meta, cases
        except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError):
            pass
    meta, cases = parse_file(path)
    if cfile is not None:
        key = _cache_key(path, meta.source)
        write_cache(cfile, {"key": key, "source": meta.source, "data": _to_plain(meta, cases)})
        _remember(cases, cfile, key)
    return meta, cases


# The cache entry each case of this run came from: (case, entry, its key, cases in the file).
# Others keep what they derive from a file beside its entry, under the same key (search's
# folded text: search.py), so the loader need not know what they keep.
_ORIGIN: dict[int, tuple[Case, str, list[Any], int]] = {}


def _remember(cases: Sequence[Case], cfile: str, key: list[Any]) -> None:
    for c in cases:
        _ORIGIN[id(c)] = (c, cfile, key, len(cases))


def origin(case: Case) -> tuple[str, list[Any], int] | None:
    """(cache entry, key, number of cases in the file) of a case this run loaded through the
    cache; None for a case built otherwise or with the cache off."""
    got = _ORIGIN.get(id(case))
    return got[1:] if got is not None and got[0] is case else None


def write_cache(cfile: str, blob: dict[str, Any]) -> None:
    """Write a cache entry atomically; a folder that cannot be written only costs speed."""
    import tempfile

    folder = os.path.dirname(cfile)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".marshal")
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(blob, fh)
            os.replace(tmp, cfile)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        # Entries of other gxeco versions (and the older *.json ones) are never
        # read again: remove them, so the folder does not grow with every upgrade.
        for name in os.listdir(folder):
            if name.endswith((".json", ".marshal")) and not name.startswith(_cache_prefix()):
                os.unlink(os.path.join(folder, name))
    except OSError:
        pass  # a read-only or missing cache folder only costs speed


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
    return Dataset(tuple(metas), tuple(cases), tuple(os.fspath(p) for p in paths))
