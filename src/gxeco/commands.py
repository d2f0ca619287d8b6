"""What each command does, apart from how its arguments are parsed.

Two front ends call these functions: ``cli.py`` (typer: help, completion and
usage errors) and ``fastpath.py`` (the common command lines, parsed without
importing typer). Front ends pass every parameter explicitly, so defaults live
once, in ``cli.py``'s declarations; the fast path reads them from the grammar
generated from those declarations.

A command returns its exit code; a GxecoError it raises becomes a message and
that error's code in ``guarded``.
"""

from __future__ import annotations

import os
import sys

from ._version import __version__
from .errors import GxecoError
from .i18n import _, ngettext

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from .model import Case, Dataset
    from .render import Format


class State:
    """Global options of one run, shared by the commands."""

    data: tuple[str, ...] = ()
    with_bundled = False
    color: bool | None = None
    _ds: Dataset | None = None

    @classmethod
    def dataset(cls) -> Dataset:
        if cls._ds is None:
            from . import loader

            cls._ds = loader.load(loader.data_paths(cls.data, cls.with_bundled))
        return cls._ds


def err(msg: str, hint: str | None = None) -> None:
    from .text import printable

    # every line through printable: a message may quote what the user typed
    lines = [printable(ln) for ln in msg.split("\n")]
    sys.stderr.write("gxeco: " + "\n".join(lines) + "\n")
    if hint:
        sys.stderr.write(f"  {printable(hint)}\n")


def guarded(fn: Callable[..., int], kwargs: dict[str, Any]) -> int:
    """Run a command; the domain error becomes a message and its exit code, never a traceback."""
    try:
        return fn(**kwargs)
    except GxecoError as exc:
        err(exc.message, exc.hint)
        return exc.code


def setup(*, data: Sequence[Any] | None, with_bundled: bool, no_color: bool) -> None:
    """The global options (``gxeco [OPTIONS] COMMAND``)."""
    State.data = tuple(str(p) for p in data or [])
    State.with_bundled = with_bundled
    State.color = False if no_color or os.environ.get("NO_COLOR") else None
    State._ds = None


def version() -> None:
    from . import loader

    try:
        ds = loader.load(loader.data_paths(None, False))
        m = ds.meta
        data = _("data: 《{title}》 {publisher}, batch {batch}, {published} ({n} cases)").format(
            title=m.title, publisher=m.publisher, batch=m.batch, published=m.published, n=len(ds.cases)
        )
    except GxecoError as exc:
        data = _("data: unavailable ({reason})").format(reason=exc.message)
    sys.stdout.write(f"gxeco {__version__}\n{data}\n")


def complete_values(name: str, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of an option value or a case reference: (value, help) pairs.

    ``name`` is a vocabulary of vocab.py (TOPIC, CITY …), TAG (tags and models of the
    loaded data), FORMAT or CASE. Chinese names come first; a value is offered by the
    first of its names (Chinese, English key, pinyin) that starts with what was typed.
    The fast path answers a TAB with this, without typer; typer's own completion calls it too."""
    from . import vocab
    from .errors import GxecoError

    if name == "CASE":
        from .model import ident

        try:
            ds = State.dataset()
        except GxecoError:
            return []
        out = []
        for c in ds.cases:
            written = ident(c, ds.multi)
            for cand in (written, c.short_title, c.slug, *c.pinyin.full[:1]):
                if cand.startswith(incomplete):
                    out.append((cand, f"{written} {c.short_title}"))
                    break
        return out
    if name in ("FORMAT", "EXPORT_FORMAT", "MAP_FORMAT"):
        from .export import BINARY_FORMATS, FORMATS
        from .render import SVG, Format

        if name == "FORMAT":
            formats = [f.value for f in Format]
        elif name == "MAP_FORMAT":
            formats = [*(f.value for f in Format if f is not Format.jsonl), SVG]
        else:
            formats = [*FORMATS, *BINARY_FORMATS]
        return [(f, "") for f in formats if f.startswith(incomplete)]
    if name == "TAG":
        try:
            v = vocab.tag_vocab(State.dataset().cases)
        except GxecoError:
            return []
    else:
        v = getattr(vocab, name)
    from ._tables import PINYIN

    low = incomplete.casefold()
    out = []
    for key, names in v.names.items():
        forms = [*names[:1], key, *names[1:]]
        forms += [py[0] for n in forms if (py := v.pinyin.get(n) or PINYIN.get(n))]
        for form in forms:
            if form.casefold().startswith(low):
                out.append((form, v.label(key)))
                break
    return out


def _format(fmt: Any) -> Format | None:
    from .render import Format

    return None if fmt is None else Format(fmt)


def emit(report: Any, fmt: Any, no_color: bool = False, *, pager: bool = False) -> None:
    from .render import default_format, render

    out = sys.stdout
    chosen = _format(fmt) or default_format(out)
    for line in (report.message or "").splitlines():  # notices first, one line each
        err(line)
    render(report, chosen, out, color=False if no_color else State.color, pager=pager)


def _multi() -> bool:
    """Several batches loaded: every command then writes ids as BATCH:ID (model.ident)."""
    return State.dataset().multi


def _cases(refs: Sequence[str] | None) -> list[Case]:
    """The cases an option (--case) names: exact forms only, a fuzzy match is refused naming it."""
    from .resolve import resolve_many

    ds = State.dataset()
    return resolve_many(ds, refs) if refs else list(ds.cases)


# --- commands -------------------------------------------------------------------


def list_cases(
    *,
    city: str | None,
    category: str | None,
    resource: str | None,
    mode: str | None,
    tag: str | None,
    sort: str,
    reverse: bool,
    fmt: Any,
    no_color: bool,
) -> int:
    from . import query, reports

    f = query.Filters(city, category, resource, mode, tag)
    cases = query.sort_cases(query.apply_filters(State.dataset(), f), sort, reverse)
    emit(reports.case_list(cases, _multi()), fmt, no_color)
    if not cases:
        err(_("no case matches these filters"))
        return 1
    return 0


def show(*, ref: str, section: str | None, pager: bool, fmt: Any, no_color: bool) -> int:
    from . import reports, vocab
    from .resolve import lookup, pick

    ds = State.dataset()
    found = lookup(ds, ref)
    sec = pick(section, vocab.PART) if section is not None else None
    near = None
    if sec in (None, "header"):
        from .similar import neighbours

        near = neighbours(ds.cases, found.case)
    emit(reports.case_detail(found.case, sec, _multi(), near, matched=[found]), fmt, no_color, pager=pager)
    return 0


def related(*, ref: str, fmt: Any, no_color: bool) -> int:
    from . import reports, similar
    from .resolve import lookup

    ds = State.dataset()
    found = lookup(ds, ref)
    near = similar.related(ds.cases, found.case)
    emit(reports.related(found.case, near, _multi(), matched=[found]), fmt, no_color)
    if not near:
        err(_("no other loaded case shares anything with this one"))
        return 1
    return 0


def search(
    *,
    query_: Sequence[str],
    section: Sequence[str] | None,
    case: str | None,
    limit: int,
    snippets: int,
    context: int,
    exact: bool,
    fmt: Any,
    no_color: bool,
) -> int:
    from . import reports, vocab
    from . import search as search_mod
    from .resolve import pick

    cases = _cases([case] if case else None)
    secs = [pick(s, vocab.SEARCH_SECTION) for s in section] if section else None
    results = search_mod.search(
        cases, list(query_), sections=secs, context=context, snippets=snippets, near=not exact, top=limit
    )
    emit(reports.search_results(results[:limit], _multi()), fmt, no_color)
    if not results:
        from .text import quoted

        # one line and one hint: what was set aside, and the words of the data near the query
        dropped = search_mod.set_aside(query_)[1] if not exact else ""
        near = search_mod.near_words(cases, query_)
        hint = [reports.set_aside_notice(dropped)] if dropped else []
        hint += [_("near words: {words}").format(words=_(", ").join(near))] if near else []
        err(_("no case matches {query}").format(query=quoted(" ".join(query_))), _("; ").join(hint) or None)
        return 1
    return 0


def compare(*, refs: Sequence[str], topic: Sequence[str] | None, all_: bool, fmt: Any, no_color: bool) -> int:
    from . import query, reports
    from .resolve import lookup_many

    found = lookup_many(State.dataset(), refs)
    cases = [f.case for f in found]
    emit(reports.comparison(query.compare(cases, topic, all_), cases, _multi(), matched=found), fmt, no_color)
    return 0


def stats(*, by: Sequence[str] | None, fmt: Any, no_color: bool) -> int:
    from . import query, reports

    dims = query.dimensions(by)
    emit(reports.stats_report(query.stats(State.dataset().cases), dims), fmt, no_color)
    return 0


def figures(
    *,
    topic: str | None,
    case: Sequence[str] | None,
    unit: str | None,
    sort: str | None,
    ascending: bool,
    limit: int | None,
    all_: bool,
    fmt: Any,
    no_color: bool,
) -> int:
    from . import query, reports

    rows = query.sort_figures(query.figure_rows(_cases(case), topic, unit, all_), sort, not ascending)
    if limit:
        rows = rows[:limit]
    emit(reports.figures(rows, _multi()), fmt, no_color)
    if not rows:
        err(_("no figure matches"))
        return 1
    return 0


def cite(*, refs: Sequence[str], style: str, fmt: Any, no_color: bool) -> int:
    from . import reports, vocab
    from .resolve import lookup_many, pick

    found = lookup_many(State.dataset(), refs)
    report = reports.citations([f.case for f in found], State.dataset(), pick(style, vocab.STYLE), matched=found)
    # A citation reads as plain text even on a terminal: no table to copy around.
    emit(report, fmt or "plain", no_color)
    return 0


def export(
    *,
    fmt: str | None,
    metrics: bool,
    output: Any,
    force: bool,
    excel: bool,
    metadata: Any,
    all_: bool,
    city: str | None,
    category: str | None,
    resource: str | None,
    mode: str | None,
    tag: str | None,
    case: Sequence[str] | None = None,
) -> int:
    from pathlib import Path

    from . import export as export_mod
    from . import query

    f = query.Filters(city, category, resource, mode, tag)
    cases = query.apply_filters(State.dataset(), f)
    if case:  # --case narrows the filters' cases (repeatable: each one more case)
        named = {id(c) for c in _cases(case)}
        cases = [c for c in cases if id(c) in named]
    cases = query.require(cases)
    if fmt is None:  # the file's suffix says which format (案例.html), else JSON
        suffix = "" if output is None else Path(str(output)).suffix.lower()
        fmt = export_mod.SUFFIXES.get(suffix, "json")
    fmt = str(getattr(fmt, "value", fmt)).lower()
    if fmt == "html" and (output is None or str(output) == "-"):  # a page is text: it may go to a pipe
        from .exporters import html

        sys.stdout.write(html.render(State.dataset(), cases, all_=all_))
        return 0
    if fmt in export_mod.BINARY_FORMATS:
        out, meta = (None if p is None else Path(p) for p in (output, metadata))
        err(
            export_mod.export_file(
                State.dataset(), cases, fmt, out, force=force, metrics=metrics, excel=excel, metadata=meta, all_=all_
            )
        )
        return 0
    if metadata is not None:
        raise GxecoError(_("--metadata applies to --format sqlite only"))
    text, what = export_mod.export(cases, fmt, metrics=metrics, excel=excel, all_=all_)
    if output is None or str(output) == "-":  # `-o -`: standard output, as for most tools
        sys.stdout.write(text)
    else:
        export_mod.write_atomic(Path(output), text, force=force)
        err(_("wrote {what} to {file}").format(what=what, file=output))
    return 0


# `map -o FILE` without --format: the file's suffix says which
MAP_SUFFIXES = {".svg": "svg", ".json": "json", ".md": "md", ".csv": "csv"}


def city_map(
    *,
    category: str | None,
    resource: str | None,
    mode: str | None,
    tag: str | None,
    fmt: Any,
    output: Any,
    force: bool,
    no_color: bool,
) -> int:
    import io
    from pathlib import Path

    from . import citymap, query, reports
    from .render import SVG, render

    ds = State.dataset()
    f = query.Filters(None, category, resource, mode, tag)
    chosen = query.chosen(ds, f)
    cases = query.apply_filters(ds, f, chosen)
    report = reports.city_map(citymap.city_map(cases), ds.metas, chosen, _multi())
    fmt = None if fmt is None else str(getattr(fmt, "value", fmt)).lower()
    if output is not None:
        from .export import write_atomic

        path = Path(output)
        buf = io.StringIO()
        render(report, fmt or MAP_SUFFIXES.get(path.suffix.lower(), "plain"), buf, color=False)
        write_atomic(path, buf.getvalue(), force=force)
        what = ngettext("the map of {n} case", "the map of {n} cases", len(cases)).format(n=len(cases))
        err(_("wrote {what} to {file}").format(what=what, file=output))
    elif fmt == SVG:
        render(report, SVG, sys.stdout)
    else:
        emit(report, fmt, no_color)
    if not cases:
        err(_("no case matches these filters"))
        return 1
    return 0


def validate(*, paths: Sequence[Any]) -> int:
    from pathlib import Path

    from .schema import validate as check

    problems = 0
    for p in paths:
        found = check(Path(p))
        for msg in found:
            sys.stdout.write(msg + "\n")
        problems += len(found)
        if not found:
            sys.stdout.write(_("{file}: ok").format(file=p) + "\n")
    return 2 if problems else 0


def _terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def browse(*, ref: str | None, no_color: bool) -> int:
    """The interactive browser; the only command that imports textual."""
    ds = State.dataset()
    start = None
    if ref is not None:
        from .resolve import lookup

        found = lookup(ds, ref)  # a bad reference fails like everywhere, before the screen changes
        start = found.case
        if found.notice:
            err(found.notice)
    if not _terminal():
        raise GxecoError(_("browse needs a terminal; in scripts and pipes use list, show or search"))
    if no_color or State.color is False:
        os.environ["NO_COLOR"] = "1"  # textual reads it when the app starts
    from .browse.app import run

    return run(ds, start)


COMMANDS: dict[str, Callable[..., int]] = {
    "list": list_cases,
    "show": show,
    "related": related,
    "search": search,
    "compare": compare,
    "stats": stats,
    "figures": figures,
    "cite": cite,
    "export": export,
    "map": city_map,
    "validate": validate,
    "browse": browse,
}
