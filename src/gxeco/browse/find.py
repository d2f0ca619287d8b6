"""Find as you type: the cases a query names or mentions, each with its best snippet, and the
list row's pieces. No Textual here: the benchmark and the tests import this module alone
(Textual costs ~200 ms to import), so the list's answer to a keystroke can be timed and
checked without a screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import match, resolve, search, vocab
from ..errors import GxecoError
from ..layout import width_of
from ..model import Case

if TYPE_CHECKING:
    from collections.abc import Sequence


SNIPPET_CONTEXT = 24


SYNC_LIMIT = 200  # cases filtered on the UI thread; more go to a worker thread


LIST_LIMIT = 100  # rows drawn in the list (the count shows how many matched; typing narrows it)


def short_city(c: Case) -> str:
    name = c.city or c.scope or vocab.REGION_WIDE
    return name[:-1] if name.endswith("市") and len(name) > 2 else name


def topic_name(topic: str) -> str:
    return vocab.TOPIC.names[topic][0] if topic in vocab.TOPIC.names else topic


def fit(text: str, width: int) -> str:
    """Pad or cut a name to ``width`` columns (a list row, not prose: cutting shows with …)."""
    w = width_of(text)
    if w <= width:
        return text + " " * (width - w)
    out, used = "", 0
    for ch in text:
        cw = width_of(ch)
        if used + cw > width - 1:
            break
        out += ch
        used += cw
    return out + "…" + " " * (width - 1 - used)


# --- find as you type (no Textual here: the benchmark times it alone too) ------------


class Found:
    """A case in the list, with the passage that put it there (if a query did)."""

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
        self.spans = list(spans)
        self.near = near
        # what was taken for the query: the words searched instead (a correction), or the
        # name a fuzzy match took (match.py's rule: never taken without saying so)
        self.corrected = corrected


def _via(case: Case, via: str) -> tuple[str, list[tuple[int, int]]]:
    """The name that matched; a pinyin spelling is shown with its Chinese name."""
    for name, full, initials in case.pinyin.names:
        if via in (full, initials):
            text = f"{name}（{via}）"
            return text, [(0, len(name))]
    return via, [(0, len(via))]


def find(cases: Sequence[Case], text: str, cancelled: Any = None, *, near: bool = True) -> list[Found]:
    """The cases a query names or mentions, best first, each with its best snippet.

    Names, places, tags, models and pinyin (``resolve.rank``) come before full-text hits
    (``search.search``); near matches last. When no name holds the query, the names
    close to it are decided by the CLI's rule (match.decide): the one clearly closest is
    taken and says so (``corrected``: the list's state line shows 园博圆 → 园博园), else
    the cases of at most match.MAX_CANDIDATES near names are listed as near, none taken. The near
    fallback (a correction, else fuzzy sentences) runs only when nothing matched and
    ``near`` is set: it reads every sentence and is by far the slowest step, so the app
    runs it after the list has answered."""
    q = text.strip()
    if not q:
        return [Found(c) for c in cases]
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
        return []
    try:
        results = search.search(
            cases,
            [q],
            context=SNIPPET_CONTEXT,
            snippets=1,
            near=near and not ranked,
            top=LIST_LIMIT,
            cancelled=cancelled,
        )
    except GxecoError:
        results = []
    order: dict[int, tuple[int, int, Found]] = {}

    def offer(c: Case, group: int, rank_: int, found: Found) -> None:
        cur = order.get(id(c))
        if cur is None or (group, rank_) < cur[:2]:
            order[id(c)] = (group, rank_, found)

    by_case = {id(r.case): r for r in results}
    for i, m in enumerate(ranked):
        r = by_case.get(id(m.case))
        if r is not None and r.hits:
            h = r.hits[0]
            found = Found(m.case, h.snippet, h.spans, r.near)
        else:
            found = Found(m.case, *_via(m.case, m.via))
        if m.tier == resolve.FUZZY:
            found.near = True
            found.corrected = _via(m.case, m.via)[0] if m.via == taken else None
        offer(m.case, 0 if m.tier > resolve.FUZZY else 2, i, found)
    for i, r in enumerate(results):
        best = r.hits[0] if r.hits else None
        # a question taken apart is shown as a correction is: 查找「…」→「碳汇 交易 水权」
        found = Found(r.case, best.snippet if best else "", best.spans if best else (), r.near, r.corrected or r.words)
        offer(r.case, 3 if r.near else 1, i, found)
    return [f for _, _, f in sorted(order.values(), key=lambda x: x[:2])]
