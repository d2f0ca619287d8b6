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

    from .model import Dataset


class State:
    """Global options of one run, shared by the commands."""

    data: tuple[str, ...] = ()
    with_bundled = False
    color: bool | None = None
    # what was taken one character off (request.py, resolve.pick): printed before the output
    notices: list[str] = []  # noqa: RUF012 (one list per run, reset by setup)
    pager: bool | None = None  # None: page what is longer than the screen; False: --no-pager

    @classmethod
    def dataset(cls) -> Dataset:
        """The data of this run: the API's one cache (api.dataset) for the --data given."""
        from . import api

        return api.dataset(cls.data, cls.with_bundled)


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


def setup(*, data: Sequence[Any] | None, with_bundled: bool, no_color: bool, no_pager: bool = False) -> None:
    """The global options (``gxeco [OPTIONS] COMMAND``)."""
    State.data = tuple(str(p) for p in data or [])
    State.with_bundled = with_bundled
    State.color = False if no_color or os.environ.get("NO_COLOR") else None
    State.notices = []
    State.pager = False if no_pager else None


def version() -> None:
    from . import api

    try:
        ds = api.dataset()
        m = ds.meta
        data = _("data: 《{title}》 {publisher}, batch {batch}, {published} ({n} cases)").format(
            title=m.title, publisher=m.publisher, batch=m.batch, published=m.published, n=len(ds.cases)
        )
    except GxecoError as exc:
        data = _("data: unavailable ({reason})").format(reason=exc.message)
    from .safe import one_line

    sys.stdout.write(f"gxeco {__version__}\n{one_line(data)}\n")  # GXECO_DATA's file may name anything


def complete_values(name: str, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of an option value or a case reference: (value, help) pairs, control and
    invisible characters shown (a shell prints the help as it is).

    ``name`` is a vocabulary of vocab.py (TOPIC, CITY …), TAG (tags and models of the
    loaded data), FORMAT or CASE. Chinese names come first; a value is offered by the
    first of its names (Chinese, English key, pinyin) that starts with what was typed.
    The fast path answers a TAB with this, without typer; typer's own completion calls it too."""
    from .safe import one_line

    return [(one_line(v), one_line(h)) for v, h in _complete_values(name, incomplete)]


def _complete_values(name: str, incomplete: str) -> list[tuple[str, str]]:
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
        from .output import formats

        command = {"EXPORT_FORMAT": "export", "MAP_FORMAT": "map"}.get(name, "")
        return [(f, "") for f in formats(command) if f.startswith(incomplete)]
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


def emit(report: Any, fmt: Any, no_color: bool = False, *, pager: bool = False, command: str = "") -> None:
    """Notices on stderr, one line each; the report through the one writer to standard output.
    ``pager``: page even output shorter than the screen (show --pager); --no-pager wins."""
    from .output import Target, choose, write

    _notices()
    for line in (report.message or "").splitlines():
        err(line)
    paging = False if State.pager is False else (True if pager else None)
    write(report, Target(command, choose(command, fmt, None)), color=False if no_color else State.color, pager=paging)


def _notices() -> None:
    """The notices of the request (values taken one character off), each once, one line each."""
    for line in State.notices:
        err(line)
    State.notices.clear()


def _multi() -> bool:
    """Several batches loaded: every command then writes ids as BATCH:ID (model.ident)."""
    return State.dataset().multi


def _lookup(ref: str) -> Any:
    """A case reference as the CLI reads it (api.lookup: a clearly closest typo is taken, and
    the report says so)."""
    from . import api

    return api.lookup(ref, data=State.dataset())


# --- commands -------------------------------------------------------------------
# Each: read the request (request.py: before the data loads wherever it can) -> call the API
# -> hand the result to a report and the writer.


def list_cases(
    *,
    city: Sequence[str] | None,
    category: Sequence[str] | None,
    resource: Sequence[str] | None,
    mode: Sequence[str] | None,
    tag: Sequence[str] | None,
    sort: str,
    reverse: bool,
    fmt: Any,
    no_color: bool,
) -> int:
    from . import api, reports, request, vocab

    f = request.filters(city=city, category=category, resource=resource, mode=mode, tag=tag, notices=State.notices)
    key = request.one(sort, vocab.LIST_SORT, State.notices) or "id"
    cases = api.select(f, sort=key, reverse=reverse, data=State.dataset(), notices=State.notices)
    emit(reports.case_list(cases, _multi()), fmt, no_color)
    if not cases:
        err(_("no case matches these filters"))
        return 1
    return 0


def show(*, ref: str, section: str | None, pager: bool, fmt: Any, no_color: bool) -> int:
    from . import api, reports, request, vocab

    sec = request.one(section, vocab.PART, State.notices)
    found = _lookup(ref)
    near = api.related(found.case, data=State.dataset(), explained=False) if sec in (None, "header") else None
    emit(reports.case_detail(found.case, sec, _multi(), near, matched=[found]), fmt, no_color, pager=pager)
    return 0


def related(*, ref: str, fmt: Any, no_color: bool) -> int:
    from . import api, reports

    found = _lookup(ref)
    near = api.related(found.case, data=State.dataset())
    emit(reports.related(found.case, near, _multi(), matched=[found]), fmt, no_color)
    if not near:
        err(_("no other loaded case shares anything with this one"))
        return 1
    return 0


def search(
    *,
    query_: Sequence[str],
    section: Sequence[str] | None,
    case: Sequence[str] | None,
    limit: int,
    snippets: int,
    context: int,
    exact: bool,
    fmt: Any,
    no_color: bool,
) -> int:
    from . import api, reports, request, vocab

    secs = request.resolved(section, vocab.SEARCH_SECTION, State.notices)
    n = request.limit(limit)
    ds = State.dataset()
    named = request.cases(case, ds, State.notices) or None  # a clear typo taken, with the notice
    results = api.find(
        list(query_), section=secs, case=named, limit=n, snippets=snippets, context=context, exact=exact, data=ds
    )
    emit(reports.search_results(results, _multi()), fmt, no_color)
    if not results:
        from .text import quoted

        # one line and one hint: what was set aside, and the words of the data near the query
        dropped, near = api.unmatched(list(query_), case=named, exact=exact, data=ds)
        hint = [reports.set_aside_notice(dropped)] if dropped else []
        hint += [_("near words: {words}").format(words=_(", ").join(near))] if near else []
        err(_("no case matches {query}").format(query=quoted(" ".join(query_))), _("; ").join(hint) or None)
        return 1
    return 0


def compare(*, refs: Sequence[str], topic: Sequence[str] | None, all_: bool, fmt: Any, no_color: bool) -> int:
    from . import api, reports, request, vocab

    topics = request.resolved(topic, vocab.TOPIC, State.notices)
    found = [_lookup(r) for r in refs]
    cases = [f.case for f in found]
    side = api.compare(*cases, topic=topics, all=all_, data=State.dataset())
    emit(reports.comparison(side, cases, _multi(), matched=found), fmt, no_color)
    return 0


def stats(*, by: Sequence[str] | None, fmt: Any, no_color: bool) -> int:
    from . import api, reports, request, vocab

    dims = request.resolved(by, vocab.DIMENSION, State.notices)
    counts = api.stats(by=dims or None, data=State.dataset())
    emit(reports.stats_report(counts, [k[3:] for k in counts if k.startswith("by_")]), fmt, no_color)
    return 0


def figures(
    *,
    topic: Sequence[str] | None,
    case: Sequence[str] | None,
    unit: Sequence[str] | None,
    sort: str | None,
    ascending: bool,
    limit: int | None,
    all_: bool,
    fmt: Any,
    no_color: bool,
    sum_: bool = False,
    by: str | None = None,
    explain: bool = False,
) -> int:
    from . import api, figure_reports, request, vocab

    if (sum_ or by or explain) and (sort or ascending or limit or all_):
        # a total adds every figure of the selection and names those it leaves out: no order, no cut
        raise GxecoError(_("--sort, --asc, --limit and --all do not apply to --sum, --by and --explain"))
    topics = request.resolved(topic, vocab.TOPIC, State.notices)
    kinds = request.resolved(unit, vocab.UNIT_KIND, State.notices)
    named = request.cases(case, State.dataset(), State.notices) or None  # a clear typo taken, with the notice
    if sum_ or by or explain:
        key = request.one(by, vocab.TOTAL_BY, State.notices)
        found = api.total(topic=topics, unit=kinds, case=named, by=key, data=State.dataset())
        emit(figure_reports.totals(found, found.by, explain, _multi()), fmt, no_color)
        if not found:
            err(_("no figure matches"))
            return 1
        return 0
    key = request.one(sort, vocab.FIGURE_SORT, State.notices)
    n = request.limit(limit)
    rows = api.figures(
        topic=topics, unit=kinds, case=named, sort=key, ascending=ascending, limit=n, all=all_, data=State.dataset()
    )
    report = figure_reports.figures(rows, _multi())
    left = []  # only what was left out: no "0 variants"
    if rows.restated:
        left.append(ngettext("{n} restatement", "{n} restatements", rows.restated).format(n=rows.restated))
    if rows.variants:
        left.append(ngettext("{n} variant", "{n} variants", rows.variants).format(n=rows.variants))
    if left:
        what = _("{first} and {second}").format(first=left[0], second=left[1]) if len(left) == 2 else left[0]
        note = _("{what} left out; --all shows them").format(what=what)
        report.message = f"{report.message}\n{note}" if report.message else note
    emit(report, fmt, no_color)
    if not rows:
        err(_("no figure matches"))
        return 1
    return 0


def cite(*, refs: Sequence[str], style: str, fmt: Any, no_color: bool) -> int:
    from . import reports, request, vocab

    chosen = request.one(style, vocab.STYLE, State.notices) or "gbt7714"
    found = [_lookup(r) for r in refs]
    report = reports.citations([f.case for f in found], State.dataset(), chosen, matched=found)
    # A citation reads as plain text even on a terminal: no table to copy around.
    emit(report, fmt or "plain", no_color)
    return 0


def export(
    *,
    fmt: Any,
    metrics: bool,
    output: Any,
    force: bool,
    excel: bool,
    metadata: Any,
    all_: bool,
    city: Sequence[str] | None,
    category: Sequence[str] | None,
    resource: Sequence[str] | None,
    mode: Sequence[str] | None,
    tag: Sequence[str] | None,
    case: Sequence[str] | None = None,
) -> int:
    from . import api, request

    # --case names cases (each taken by the rule: exact forms silently, a clear typo with a notice)
    named = request.cases(case, State.dataset(), State.notices) or None
    _notices()
    what = api.export(
        "-" if output is None else output,
        fmt,
        metrics=metrics,
        all=all_,
        excel=excel,
        force=force,
        metadata=metadata,
        city=city,
        category=category,
        resource=resource,
        mode=mode,
        tag=tag,
        case=named,
        data=State.dataset(),
        notices=State.notices,
    )
    _notices()
    if output is not None and str(output) != "-":
        err(what)
    return 0


def city_map(
    *,
    category: Sequence[str] | None,
    resource: Sequence[str] | None,
    mode: Sequence[str] | None,
    tag: Sequence[str] | None,
    fmt: Any,
    output: Any,
    force: bool,
    no_color: bool,
) -> int:
    from . import api, reports, request
    from .output import Target, write

    target = Target.of("map", fmt, output)  # the format and the suffix are checked before the data loads
    f = request.filters(category=category, resource=resource, mode=mode, tag=tag, notices=State.notices)
    ds = State.dataset()
    m = api.city_map(category=f.category, resource=f.resource, mode=f.mode, tag=f.tag, data=ds)
    report = reports.city_map(m, ds.metas, f.chosen(ds, State.notices), _multi())
    _notices()
    write(report, target, force=force, color=False if no_color else State.color)
    if target.path is not None:
        what = ngettext("the map of {n} case", "the map of {n} cases", m.total).format(n=m.total)
        err(_("wrote {what} to {file}").format(what=what, file=output))
    if not m.total:
        err(_("no case matches these filters"))
        return 1
    return 0


def validate(*, paths: Sequence[Any]) -> int:
    from . import api
    from .safe import one_line

    problems = 0
    for p in paths:
        found = api.validate(p)
        for msg in found:
            # a message names keys, ids and file names from the file: shown, never acted on
            sys.stdout.write(one_line(msg) + "\n")
        problems += len(found)
        if not found:
            sys.stdout.write(one_line(_("{file}: ok").format(file=p)) + "\n")
    return 2 if problems else 0


def _terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def browse(*, ref: str | None, no_color: bool) -> int:
    """The interactive browser; the only command that imports textual."""
    ds = State.dataset()
    start = None
    if ref is not None:
        found = _lookup(ref)  # a bad reference fails like everywhere, before the screen changes
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
