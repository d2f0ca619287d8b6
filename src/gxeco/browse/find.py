"""Find as you type and the case text as blocks: no Textual here.

The benchmark and the tests import this module alone (Textual costs ~200 ms to import), so the
list's answer to a keystroke and the paragraphs of a case can be timed and checked without a screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import match, numerals, resolve, search, vocab
from ..errors import GxecoError
from ..model import Case
from ..text import cell_width

if TYPE_CHECKING:
    from collections.abc import Sequence


# (key, tab label); the first four are the sections search looks in


# (key, tab label); the first four are the sections search looks in
TABS: tuple[tuple[str, str], ...] = (
    ("background", "背景"),
    ("mechanism", "机制"),
    ("practices", "做法"),
    ("outcomes", "成效"),
    ("metrics", "数据"),
    ("policies", "政策"),
    ("notes", "注"),
)


TEXT_TABS = ("background", "mechanism", "practices", "outcomes")


HEAD = "bold $text-primary"


DIM = "$text-muted"


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
    w = cell_width(text)
    if w <= width:
        return text + " " * (width - w)
    out, used = "", 0
    for ch in text:
        cw = cell_width(ch)
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
        found = Found(r.case, best.snippet if best else "", best.spans if best else (), r.near, r.corrected)
        offer(r.case, 3 if r.near else 1, i, found)
    return [f for _, _, f in sorted(order.values(), key=lambda x: x[:2])]


class Block:
    """One paragraph: its text, a style, and where it sits in a search passage."""

    __slots__ = ("key", "lead", "marks", "start", "style", "text")

    def __init__(
        self, text: str, style: str = "", *, lead: str = "", key: tuple[str, str | None] | None = None, start: int = 0
    ) -> None:
        self.text = text
        self.style = style
        self.lead = lead
        self.key = key  # (section, item title) of the search passage holding the text
        self.start = start  # offset of text in that passage
        self.marks: list[tuple[int, int]] = []  # highlighted ranges of text


def _paragraphs(text: str, key: tuple[str, str | None], start: int = 0, style: str = "") -> list[Block]:
    out = []
    pos = start
    for para in text.split("\n"):
        out.append(Block(para, style, key=key, start=pos))
        pos += len(para) + 1
    return out


def case_blocks(c: Case) -> dict[str, list[Block]]:
    """The text tabs of a case, with each paragraph's place in its search passage."""
    tabs: dict[str, list[Block]] = {}
    head = [
        Block(f"{c.number}、{c.title}", HEAD),
        Block(f"地点：{c.place}"),
        Block(f"类别：{c.category}　资源：{'、'.join(c.resources)}"),
        Block(f"模式：{'、'.join(c.modes)}"),
        Block(f"标签：{'、'.join(c.tags)}", DIM),
        Block(f"页码：{c.page}", DIM),
        Block(""),
        Block(vocab.SECTION_NAMES["background"], HEAD),
    ]
    tabs["background"] = head + _paragraphs(c.background, ("background", None))
    tabs["mechanism"] = [Block(vocab.SECTION_NAMES["mechanism"], HEAD), *_paragraphs(c.mechanism, ("mechanism", None))]
    for key, items in (("practices", c.practices), ("outcomes", c.outcomes)):
        blocks = [Block(vocab.SECTION_NAMES[key], HEAD)]
        for n, it in enumerate(items):
            num = numerals.ORDINALS[n] if n < len(numerals.ORDINALS) else str(n + 1)
            blocks.append(Block(""))
            blocks.append(Block(it.title, HEAD, lead=f"（{num}）", key=(key, it.title), start=0))
            blocks += _paragraphs(it.text, (key, it.title), len(it.title) + 1)
        tabs[key] = blocks
    pol = [Block("引用文件", HEAD)]
    for p in c.policies:
        pol += [Block(""), Block(f"《{p}》")]
    tabs["policies"] = pol if c.policies else [Block("（本案例未引用文件）", DIM)]
    notes = [Block("注", HEAD)]
    for n_ in c.notes:
        notes += [Block(""), Block(n_)]
    tabs["notes"] = notes if c.notes else [Block("（本案例无注）", DIM)]
    return tabs


def case_hits(c: Case, q: str, tabs: dict[str, list[Block]]) -> list[tuple[str, int, int]]:
    """Mark where the query matches in the case's text; the hits as (tab, block, mark) in reading order."""
    if not q.strip():
        return []
    try:
        results = search.search([c], [q], context=300, snippets=10_000, near=True)
    except GxecoError:
        return []
    if not results:
        return []
    texts = {(p.section, p.title): p.text.replace("\n", " ") for p in search.passages(c)}
    for h in results[0].hits:
        ptext = texts.get((h.section, h.title))
        if ptext is None or h.section not in tabs:
            continue
        snip = h.snippet
        lead = 1 if snip.startswith("…") else 0
        core = snip[lead:-1] if snip.endswith("…") and len(snip) > lead + 1 else snip[lead:]
        at = ptext.find(core)
        if at < 0:
            continue
        spans = [(a - lead, b - lead) for a, b in h.spans] or [(0, len(core))]
        for a, b in spans:
            a, b = max(0, a) + at, min(len(core), b) + at
            for block in tabs[h.section]:
                if block.key != (h.section, h.title):
                    continue
                lo, hi = max(a, block.start), min(b, block.start + len(block.text))
                if lo < hi and ptext[block.start : block.start + len(block.text)] == block.text.replace("\n", " "):
                    block.marks.append((lo - block.start, hi - block.start))
    out = []
    for key in TEXT_TABS:
        for b, block in enumerate(tabs[key]):
            block.marks = sorted(set(block.marks))
            out += [(key, b, m) for m in range(len(block.marks))]
    return out
