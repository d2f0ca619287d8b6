"""Load case data files into the model, validating everything on the way in.

A data file is either loaded whole and valid or not at all: every problem is a
DataError naming file, case, field and line. Parsed data is cached as JSON in
the user's cache folder, keyed by the files' identity and the tool version, so
repeated runs skip TOML parsing and provenance checks.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from . import __version__, vocab
from .errors import DataError
from .model import Case, Dataset, Item, Meta, Metric, Pinyin

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

DATA_ENV = "GXECO_DATA"
NO_CACHE_ENV = "GXECO_NO_CACHE"
CACHE_FORMAT = 3  # 3: Metric.restates


# --- where the data is --------------------------------------------------------


def bundled_path() -> Path:
    """The bundled cases.toml: inside the installed package, or the checkout in dev mode."""
    # importlib.resources would cost ~10 ms at start-up; a wheel installs plain files.
    candidate = Path(__file__).parent / "data" / "cases.toml"
    if candidate.is_file():
        return candidate
    # An editable install imports src/gxeco; its data lives at the project root.
    dev = Path(__file__).resolve().parent.parent.parent / "data" / "cases.toml"
    if dev.is_file() and (dev.parent.parent / "pyproject.toml").is_file():
        return dev
    raise DataError("bundled data not found; the installation is incomplete", path=str(candidate))


def data_paths(explicit: Sequence[str] | None, with_bundled: bool) -> list[Path]:
    """Which files to load: --data, else GXECO_DATA, else the bundled file."""
    chosen = list(explicit or [])
    if not chosen and os.environ.get(DATA_ENV):
        chosen = [p for p in os.environ[DATA_ENV].split(os.pathsep) if p]
    paths = [Path(p) for p in chosen]
    if not paths or with_bundled:
        paths.insert(0, bundled_path())
    return paths


# --- TOML ---------------------------------------------------------------------


def _toml_loads(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 in CI
        import tomli as tomllib
    data: dict[str, Any] = tomllib.loads(text)
    return data


def _parse(path: Path) -> tuple[dict[str, Any], str]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise DataError("is a folder, not a data file", path=str(path)) from None
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", path=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise DataError("not valid UTF-8", path=str(path), line=bad_line) from None
    try:
        return _toml_loads(text), text
    except Exception as exc:  # tomllib.TOMLDecodeError and tomli's
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line: int | None = int(m.group(1)) if m else getattr(exc, "lineno", None)
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg).split("\n")[0]
        raise DataError(f"TOML syntax error: {msg}", path=str(path), line=line) from None


class _Locator:
    """Finds the line of a case's field in the raw text, for error messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.case_starts = [i for i, ln in enumerate(self.lines) if ln.strip() == "[[case]]"]

    def line(self, index: int, field: str | None = None, metric: int | None = None) -> int | None:
        if index >= len(self.case_starts):
            return None
        start = self.case_starts[index]
        end = self.case_starts[index + 1] if index + 1 < len(self.case_starts) else len(self.lines)
        if field is None:
            return start + 1
        if metric is not None:
            seen = -1
            inside = False
            for i in range(start, end):
                s = self.lines[i].strip()
                if s.startswith("metrics") and "[" in s:
                    inside = True
                elif (inside and s.startswith("{")) or s.startswith("[[case.metrics]]"):
                    seen += 1
                    if seen == metric:
                        return i + 1
        pat = re.compile(rf"^\s*{re.escape(field.split('.')[0])}\s*=")
        for i in range(start, end):
            if pat.match(self.lines[i]):
                return i + 1
        return start + 1


# --- validation -----------------------------------------------------------------


class _Checker:
    def __init__(self, path: Path, text: str) -> None:
        self.path = str(path)
        self.loc = _Locator(text)

    def fail(
        self, msg: str, index: int | None = None, case: Any = None, field: str | None = None, metric: int | None = None
    ) -> DataError:
        line = self.loc.line(index, field, metric) if index is not None else None
        return DataError(msg, path=self.path, case=case, field=field, line=line)

    def present(self, d: dict[str, Any], key: str, i: int, cid: Any, name: str, required: bool) -> bool:
        """Whether an optional field is there; a missing required one is an error."""
        if key in d:
            return True
        if required:
            raise self.fail("missing required field", i, cid, name)
        return False

    def str_(
        self,
        d: dict[str, Any],
        key: str,
        i: int,
        cid: Any,
        *,
        required: bool = True,
        vocab_: Iterable[str] | None = None,
        where: str = "",
    ) -> str | None:
        name = f"{where}{key}"
        if not self.present(d, key, i, cid, name, required):
            return None
        v = d[key]
        if not isinstance(v, str):
            raise self.fail(f"must be text, not {type(v).__name__}", i, cid, name)
        if required and not v.strip():
            raise self.fail("must not be empty", i, cid, name)
        self._in_vocab([v], vocab_, i, cid, name)
        return v

    def int_(
        self, d: dict[str, Any], key: str, i: int, cid: Any, *, required: bool = True, where: str = ""
    ) -> int | None:
        name = f"{where}{key}"
        if not self.present(d, key, i, cid, name, required):
            return None
        v = d[key]
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.fail(f"must be a whole number, not {type(v).__name__}", i, cid, name)
        return v

    def strs(
        self,
        d: dict[str, Any],
        key: str,
        i: int,
        cid: Any,
        *,
        required: bool = True,
        vocab_: Iterable[str] | None = None,
        nonempty: bool = False,
    ) -> tuple[str, ...]:
        if not self.present(d, key, i, cid, key, required):
            return ()
        v = d[key]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise self.fail("must be a list of text", i, cid, key)
        if nonempty and not v:
            raise self.fail("must not be empty", i, cid, key)
        self._in_vocab(v, vocab_, i, cid, key)
        return tuple(v)

    def _in_vocab(self, values: list[str], vocab_: Iterable[str] | None, i: int, cid: Any, name: str) -> None:
        if vocab_ is None:
            return
        allowed = tuple(vocab_)
        for x in values:
            if x not in allowed:
                raise self.fail(f"unknown value {x!r}; allowed: {', '.join(allowed)}", i, cid, name)


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _build_case(
    ck: _Checker, d: Any, i: int, batch: int, sources: dict[str, str] | None, collect: list[DataError] | None = None
) -> Case:
    if not isinstance(d, dict):
        raise ck.fail("each [[case]] must be a table", i)

    cid = d.get("id", f"#{i + 1}")
    ident = ck.int_(d, "id", i, cid)
    assert ident is not None
    if ident < 1:
        raise ck.fail("must be 1 or more", i, cid, "id")
    get = ck.str_
    city = get(d, "city", i, cid, required=False, vocab_=tuple(vocab.CITIES))
    scope = get(d, "scope", i, cid, required=False)
    if city is None and scope is None:
        raise ck.fail("needs a city or a scope (e.g. 全区)", i, cid, "city")
    adcode = ck.int_(d, "adcode", i, cid, required=False)
    if city is not None and adcode is not None and vocab.CITIES[city] != adcode:
        raise ck.fail(f"adcode {adcode} does not belong to {city} ({vocab.CITIES[city]})", i, cid, "adcode")
    items: dict[str, tuple[Item, ...]] = {}
    for key in ("practices", "outcomes"):
        raw = d.get(key)
        if not isinstance(raw, list) or not raw:
            raise ck.fail("must be a non-empty array of tables", i, cid, key)
        out = []
        for j, it in enumerate(raw):
            if not isinstance(it, dict):
                raise ck.fail("each item must be a table with title and text", i, cid, f"{key}[{j}]")
            t = get(it, "title", i, cid, where=f"{key}[{j}].")
            x = get(it, "text", i, cid, required=False, where=f"{key}[{j}].") or ""
            assert t is not None
            out.append(Item(t, x))
        items[key] = tuple(out)
    metrics = []
    raw_metrics = d.get("metrics", [])
    if not isinstance(raw_metrics, list):
        raise ck.fail("must be an array of tables", i, cid, "metrics")
    case_src = None
    if sources is not None:
        case_src = sources.get(str(d.get("number", "")))
        if case_src is None:
            raise ck.fail("no case with this number in the source text", i, cid, "number")
    for j, m in enumerate(raw_metrics):
        try:
            metrics.append(_build_metric(ck, m, i, j, cid, case_src))
        except DataError as exc:
            if collect is None:
                raise
            collect.append(exc)
    for j, m in enumerate(metrics if len(metrics) == len(raw_metrics) else ()):
        first = metrics[m.restates - 1] if m.restates else None
        if first is not None and (first.value, first.unit) != (m.value, m.unit):
            raise ck.fail(
                f"restates figure {m.restates} ({first.value} {first.unit}), not the same value and unit",
                i,
                cid,
                f"metrics[{j}].restates",
                j,
            )

    py = d.get("pinyin", {})
    if not isinstance(py, dict):
        raise ck.fail("must be a table of name = [full, initials]", i, cid, "pinyin")
    names = []
    for name, v in py.items():
        if not (isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)):
            raise ck.fail("each entry must be [full, initials]", i, cid, f"pinyin.{name}")
        names.append((name, v[0], v[1]))
    pinyin = Pinyin(tuple(names))
    page = ck.int_(d, "page", i, cid)
    assert page is not None
    return Case(
        id=ident,
        batch=batch,
        number=get(d, "number", i, cid) or "",
        slug=_slug(ck, get(d, "slug", i, cid) or "", i, cid),
        title=get(d, "title", i, cid) or "",
        toc_title=get(d, "toc_title", i, cid, required=False),
        short_title=get(d, "short_title", i, cid) or "",
        page=page,
        scope=scope,
        city=city,
        county=get(d, "county", i, cid, required=False),
        town=get(d, "town", i, cid, required=False),
        village=get(d, "village", i, cid, required=False),
        adcode=adcode if adcode is not None else (vocab.CITIES[city] if city else None),
        category=get(d, "category", i, cid, vocab_=vocab.CATEGORIES) or "",
        modes=ck.strs(d, "modes", i, cid, vocab_=vocab.MODES, nonempty=True),
        resources=ck.strs(d, "resources", i, cid, vocab_=vocab.RESOURCES, nonempty=True),
        tags=ck.strs(d, "tags", i, cid),
        models=ck.strs(d, "models", i, cid, required=False),
        background=get(d, "background", i, cid) or "",
        mechanism=get(d, "mechanism", i, cid) or "",
        practices=items["practices"],
        outcomes=items["outcomes"],
        metrics=tuple(metrics),
        policies=ck.strs(d, "policies", i, cid, required=False),
        notes=ck.strs(d, "notes", i, cid, required=False),
        pinyin=pinyin,
    )


def _build_metric(ck: _Checker, m: Any, i: int, j: int, cid: Any, case_src: str | None) -> Metric:
    from . import provenance, units

    if not isinstance(m, dict):
        raise ck.fail("each metric must be a table", i, cid, f"metrics[{j}]", j)

    def mfail(msg: str, key: str, j: int = j) -> DataError:
        return ck.fail(msg, i, cid, f"metrics[{j}].{key}", j)

    for key in ("label", "unit", "topic", "section", "quote"):
        if key not in m:
            raise mfail("missing required field", key)
        if not isinstance(m[key], str):
            raise mfail(f"must be text, not {type(m[key]).__name__}", key)
    if "value" not in m:
        raise mfail("missing required field", "value")
    for key in ("value", "value_max"):
        if key in m and not _number(m[key]):
            raise mfail(f"must be a number, not {type(m[key]).__name__}", key)
    if "year" in m and (isinstance(m["year"], bool) or not isinstance(m["year"], int)):
        raise mfail("must be a whole number", "year")
    r = m.get("restates")
    if r is not None and (isinstance(r, bool) or not isinstance(r, int) or not 1 <= r <= j):
        raise mfail(f"must be the position (1 to {j}) of an earlier figure of this case", "restates")
    if m["topic"] not in vocab.TOPICS:
        raise mfail(f"unknown topic {m['topic']!r}; allowed: {', '.join(vocab.TOPICS)}", "topic")
    if m["section"] not in vocab.SECTIONS:
        raise mfail(f"unknown section {m['section']!r}; allowed: {', '.join(vocab.SECTIONS)}", "section")
    q = m.get("qualifier")
    if q is not None and q not in vocab.QUALIFIERS:
        raise mfail(f"unknown qualifier {q!r}; allowed: {', '.join(vocab.QUALIFIERS)}", "qualifier")
    if not units.known(m["unit"]):
        raise mfail(f"unknown unit {m['unit']!r}", "unit")
    if not provenance.value_in_quote(m["value"], m["quote"]):
        raise mfail(f"value {m['value']} does not appear in its quote", "value")
    if "value_max" in m and not provenance.value_in_quote(m["value_max"], m["quote"]):
        raise mfail(f"value_max {m['value_max']} does not appear in its quote", "value_max")
    if case_src is not None and not provenance.quote_in_source(m["quote"], case_src):
        raise mfail("quote not found in the source text of this case", "quote")
    return Metric(
        label=m["label"],
        value=m["value"],
        unit=m["unit"],
        topic=m["topic"],
        section=m["section"],
        quote=m["quote"],
        value_max=m.get("value_max"),
        qualifier=q,
        year=m.get("year"),
        restates=r,
    )


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _slug(ck: _Checker, s: str, i: int, cid: Any) -> str:
    if not _SLUG.match(s):
        raise ck.fail(f"slug {s!r} must be lower-case ASCII words joined by '-'", i, cid, "slug")
    return s


def _build_meta(ck: _Checker, d: Any) -> Meta:
    if not isinstance(d, dict):
        raise DataError("missing [meta] table", path=ck.path, field="meta")

    def need(key: str) -> Any:
        if key not in d:
            raise DataError("missing required field", path=ck.path, field=f"meta.{key}")
        return d[key]

    batch = need("batch")
    if isinstance(batch, bool) or not isinstance(batch, int):
        raise DataError("must be a whole number", path=ck.path, field="meta.batch")
    fields = {}
    for k in ("title", "publisher", "published"):
        v = need(k)
        if not isinstance(v, str):
            raise DataError("must be text", path=ck.path, field=f"meta.{k}")
        fields[k] = v
    return Meta(
        title=fields["title"],
        publisher=fields["publisher"],
        published=fields["published"],
        batch=batch,
        source=str(d.get("source", "")),
        overview=str(d.get("overview", "")),
        category_note=str(d.get("category_note", "")),
    )


def parse_file(path: Path, collect: list[DataError] | None = None) -> tuple[Meta, tuple[Case, ...]]:
    """Parse and fully validate one data file (no cache).

    With collect, problems of separate cases and metrics are gathered there
    instead of stopping at the first (for `gxeco validate`).
    """
    data, text = _parse(path)
    ck = _Checker(path, text)
    meta = _build_meta(ck, data.get("meta"))
    sources = None
    if meta.source:
        src_path = (path.parent / meta.source).resolve()
        try:
            from . import provenance

            sources = provenance.split_cases(src_path.read_text(encoding="utf-8"))
        except OSError:
            raise DataError(f"source text {meta.source!r} not found", path=str(path), field="meta.source") from None
    raw_cases = data.get("case")
    if not isinstance(raw_cases, list) or not raw_cases:
        raise DataError("no [[case]] tables", path=str(path), field="case")
    cases = []
    for i, c in enumerate(raw_cases):
        try:
            cases.append(_build_case(ck, c, i, meta.batch, sources, collect))
        except DataError as exc:
            if collect is None:
                raise
            collect.append(exc)
    seen_id: dict[int, int] = {}
    seen_slug: dict[str, int] = {}
    for c in cases:
        i = raw_cases.index(next(r for r in raw_cases if isinstance(r, dict) and r.get("id") == c.id))
        if c.id in seen_id:
            raise ck.fail(f"duplicate id {c.id} (also case #{seen_id[c.id] + 1})", i, c.id, "id")
        if c.slug in seen_slug:
            raise ck.fail(f"duplicate slug {c.slug!r}", i, c.id, "slug")
        seen_id[c.id], seen_slug[c.slug] = i, i
    for k in range(1, len(cases)):
        if cases[k].page < cases[k - 1].page:
            raise ck.fail("pages must ascend in publication order", k, cases[k].id, "page")
    if collect:
        raise collect[0]
    return meta, tuple(cases)


# --- cache ------------------------------------------------------------------------


def cache_dir() -> Path | None:
    if os.environ.get(NO_CACHE_ENV):
        return None
    base = os.environ.get("XDG_CACHE_HOME")
    if sys.platform == "win32":
        base = base or os.environ.get("LOCALAPPDATA")
    elif sys.platform == "darwin" and not base:
        base = str(Path.home() / "Library" / "Caches")
    if not base:
        base = str(Path.home() / ".cache")
    return Path(base) / "gxeco"


def _stamp(path: Path) -> list[Any]:
    st = path.stat()
    return [str(path.resolve()), st.st_size, st.st_mtime_ns]


def _cache_key(path: Path, meta_source: str | None) -> list[Any]:
    key: list[Any] = [CACHE_FORMAT, __version__, _stamp(path)]
    if meta_source:
        src = path.parent / meta_source
        if src.exists():
            key.append(_stamp(src))
    return key


def _cache_file(path: Path) -> Path | None:
    d = cache_dir()
    if d is None:
        return None
    import zlib  # not hashlib (~4 ms): the key inside the file is what is checked

    h = zlib.crc32(str(path.resolve()).encode("utf-8", "surrogateescape"))
    return d / f"cases-{h:08x}.json"


def _from_json(d: dict[str, Any]) -> tuple[Meta, tuple[Case, ...]]:
    meta = Meta(**d["meta"])
    cases = []
    for c in d["cases"]:
        c = dict(c)
        c["practices"] = tuple(Item(**x) for x in c["practices"])
        c["outcomes"] = tuple(Item(**x) for x in c["outcomes"])
        c["metrics"] = tuple(Metric(*row) for row in c["metrics"])
        c["pinyin"] = Pinyin(tuple(tuple(x) for x in c["pinyin"]["names"]))
        for k in ("modes", "resources", "tags", "models", "policies", "notes"):
            c[k] = tuple(c[k])
        cases.append(Case(**c))
    return meta, tuple(cases)


def _to_json(meta: Meta, cases: Sequence[Case]) -> dict[str, Any]:
    from .record import asdict

    out = []
    for c in cases:
        d = asdict(c)
        # metrics as rows in field order: about half the keys to parse for 47 figures a case
        d["metrics"] = [list(m.values()) for m in d["metrics"]]
        out.append(d)
    return {"meta": asdict(meta), "cases": out}


def load_file(path: Path) -> tuple[Meta, tuple[Case, ...]]:
    """Load one file through the cache; a stale or broken cache is never used."""
    cfile = _cache_file(path)
    if cfile is not None:
        try:
            blob = json.loads(cfile.read_bytes())
            if blob.get("key") == _cache_key(path, blob.get("source")):
                return _from_json(blob["data"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    meta, cases = parse_file(path)
    if cfile is not None:
        _write_cache(
            cfile, {"key": _cache_key(path, meta.source), "source": meta.source, "data": _to_json(meta, cases)}
        )
    return meta, cases


def _write_cache(cfile: Path, blob: dict[str, Any]) -> None:
    import tempfile

    try:
        cfile.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cfile.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(blob, fh, ensure_ascii=False)
            os.replace(tmp, cfile)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or missing cache folder only costs speed


def load(paths: Sequence[Path]) -> Dataset:
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


def _load(paths: Sequence[Path]) -> Dataset:
    metas: list[Meta] = []
    cases: list[Case] = []
    seen_batch: dict[int, Path] = {}
    for p in paths:
        meta, cs = load_file(p)
        if meta.batch in seen_batch:
            raise DataError(
                f"batch {meta.batch} is already loaded from {seen_batch[meta.batch]}", path=str(p), field="meta.batch"
            )
        seen_batch[meta.batch] = p
        metas.append(meta)
        cases.extend(cs)
    cases.sort(key=lambda c: (c.batch, c.id))
    return Dataset(tuple(metas), tuple(cases), tuple(str(p) for p in paths))
