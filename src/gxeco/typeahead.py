"""Find as you type: the cases a query names or mentions, best first, each with the passage
that put it there. Names, places, tags, models and pinyin (``resolve.rank``) come before
full-text hits (``search.search``); near matches last; what was taken for the query is said
(match.py's rule). ``gxeco browse``'s list is this, through ``gxeco.api.matches``.
"""

from __future__ import annotations

from . import match, resolve, search
from .errors import GxecoError

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .model import Case


SNIPPET_CONTEXT = 24  # characters each side of a hit: a list row's snippet, two lines at most


class Found:
    """A case a query found, with the passage that put it there (none when no query did)."""

    __slots__ = ("case", "corrected", "near", "snippet", "spans")

    def __init__(
        self,
        case: Case,
        snippet: str = "",
        spans: Sequence[tuple[int, int]] = (),
        near: bool = False,
        corrected: str | None = None,
    ):
        self.case = case
        self.snippet = snippet
        self.spans = list(spans)  # ranges of snippet that matched
        self.near = near
        # what was taken for the query: the words searched instead (a correction), or the
        # name a fuzzy match took (match.py's rule: never taken without saying so)
        self.corrected = corrected

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.case.id,
            "batch": self.case.batch,
            "short_title": self.case.short_title,
            "snippet": self.snippet,
            "spans": [list(s) for s in self.spans],
            "near": self.near,
            "corrected": self.corrected,
        }


def warm(cases: Sequence[Case]) -> None:
    """Build what the first query over these cases would: each case's normalised names and
    their sounds, the scorer (rapidfuzz), passages and their maps back to the published text."""
    resolve.warm(cases)
    search.warm(cases)


def _via(case: Case, via: str) -> tuple[str, list[tuple[int, int]]]:
    """The name that matched; a pinyin spelling is shown with its Chinese name."""
    for name, full, initials in case.pinyin.names:
        if via in (full, initials):
            text = f"{name}（{via}）"
            return text, [(0, len(name))]
    return via, [(0, len(via))]


def narrows(before: str, text: str) -> bool:
    """Whether every case whose text holds ``text`` holds ``before`` too, so that a search for
    ``text`` need only read the cases ``before``'s search found: one term each, the earlier
    inside the later (as typing on does: 红 → 红树), no ASCII letters in either (an ASCII term
    also stands for the Chinese names it spells: long → 龙, longsheng → 龙胜, not a narrowing)."""
    try:
        old, new = search.parse_query([before]), search.parse_query([text])
    except GxecoError:
        return False
    if len(old) != 1 or len(new) != 1 or old[0] not in new[0]:
        return False
    return not any(ch.isascii() and ch.isalpha() for ch in old[0] + new[0])


def find(
    cases: Sequence[Case],
    text: str,
    cancelled: Callable[[], bool] | None = None,
    *,
    near: bool = True,
    top: int | None = None,
    within: Sequence[Case] | None = None,
) -> list[Found]:
    """The cases a query names or mentions, best first, each with its best snippet.

    When no name holds the query, the names close to it are decided by the CLI's rule
    (match.decide): the one clearly closest is taken and says so (``corrected``: 园博圆 →
    园博园), else the cases of at most match.MAX_CANDIDATES near names are listed as near,
    none taken. The near fallback (a correction, else fuzzy sentences) runs only when nothing
    matched and ``near`` is set: it reads every sentence and is by far the slowest step, so
    an app runs it after the list has answered. ``top``: only the first so many cases get a
    snippet (the rest are ranked all the same). ``cancelled`` is asked as the
    search goes: a newer keystroke makes it moot.

    ``within``: the only cases of ``cases`` whose text can hold the query (those an earlier
    query's text search found, when it ``narrows`` to this one; ``answer`` gives them), in
    the order of ``cases``: with ``near`` off, the text search reads these alone."""
    return answer(cases, text, cancelled, near=near, top=top, within=within)[0]


def _place(entry: tuple[int, int, object]) -> tuple[int, int]:
    return entry[0], entry[1]


def answer(
    cases: Sequence[Case],
    text: str,
    cancelled: Callable[[], bool] | None = None,
    *,
    near: bool = True,
    top: int | None = None,
    within: Sequence[Case] | None = None,
) -> tuple[list[Found], list[Case] | None]:
    """``find``'s cases, and the cases whose text holds the query exactly, in the order of
    ``cases`` (None when not known: no query, results of the near fallback, cancelled): what
    a query it ``narrows`` to need read again."""
    q = text.strip()
    if not q:
        return [Found(c) for c in cases], None
    ranked = resolve.rank(cases, q)
    taken: str | None = None
    if ranked and ranked[0].tier == resolve.FUZZY:
        # The rule over the names, not the cases: a list shows every case a taken name names
        # (红数林 -> 红树林: cases 1, 4 and 9), where `gxeco show` must refuse to pick one.
        closest: dict[str, float] = {}
        for m in ranked:
            closest[m.via] = max(closest.get(m.via, 0.0), m.score)
        d = match.decide(match.ordered([match.Candidate(n, resolve.FUZZY, s) for n, s in closest.items()]))
        taken = None if d.taken is None else str(d.taken)
        kept = {taken} if taken is not None else set(d.candidates)
        ranked = [m for m in ranked if m.via in kept]
    if cancelled is not None and cancelled():
        return [], None
    searched = within if within is not None and not near else cases
    try:
        results = search.search(
            searched,
            [q],
            context=SNIPPET_CONTEXT,
            snippets=1,
            near=near and not ranked,
            top=top,
            cancelled=cancelled,
        )
    except GxecoError:
        return [], None
    held: list[Case] | None = None
    if not any(r.near or r.corrected or r.words or r.set_aside for r in results):
        at = {id(r.case) for r in results}
        held = [c for c in searched if id(c) in at]
    # Each case once, at its best place: named (0; fuzzily 2) before mentioned in the text (1;
    # near 3), then by rank within its group. A one-character query names or mentions most of
    # 1 500 cases: places are settled first, and a Found is made for each case's best alone.
    best: dict[int, tuple[int, int, resolve.Match | search.Result]] = {}
    places: list[tuple[int, int, resolve.Match | search.Result]]
    places = [(0 if m.tier > resolve.FUZZY else 2, i, m) for i, m in enumerate(ranked)]
    places += [(3 if r.near else 1, i, r) for i, r in enumerate(results)]
    for place in places:
        cur = best.get(id(place[2].case))
        if cur is None or place[:2] < cur[:2]:
            best[id(place[2].case)] = place
    if cancelled is not None and cancelled():
        return [], None
    by_case = {id(r.case): r for r in results}
    shown = len(best) if top is None else top  # rows that get a snippet
    out: list[Found] = []
    for _group, _rank, item in sorted(best.values(), key=_place):
        if isinstance(item, resolve.Match):
            r = by_case.get(id(item.case))
            if r is not None and r.hits:
                h = r.hits[0]
                found = Found(item.case, h.snippet, h.spans, r.near)
            elif len(out) < shown:  # no text put it there: the name that did
                found = Found(item.case, *_via(item.case, item.via))
            else:
                found = Found(item.case)
            if item.tier == resolve.FUZZY:
                found.near = True
                found.corrected = _via(item.case, item.via)[0] if item.via == taken else None
        else:
            hit = item.hits[0] if item.hits else None
            # a question taken apart is shown as a correction is: 查找「…」→「碳汇 交易 水权」
            snippet, spans = (hit.snippet, hit.spans) if hit else ("", ())
            found = Found(item.case, snippet, spans, item.near, item.corrected or item.words)
        out.append(found)
    return out, held
