"""Find as you type and the case text as blocks: no Textual here.

The benchmark and the tests import this module alone (Textual costs ~200 ms to import), so the
list's answer to a keystroke and the paragraphs of a case can be timed and checked without a screen.
The app's other helpers that need no screen (the terminal's background, a case exported as Markdown)
live here too.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .. import match, numerals, reports, resolve, search, vocab
from ..errors import GxecoError
from ..layout import width_of
from ..model import Case
from ..passages import ITEM_JOIN
from ..render import blocks as rb

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


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


_QUIET_FIELDS = frozenset({"标签", "页码"})  # shown dim in the case pane
# the list row and the title line above the pane already show these
_SHOWN_ELSEWHERE = frozenset({"编号", "简称", "目录标题"})
_EMPTY = {"policies": "（本案例未引用文件）", "notes": "（本案例无注）"}


def case_blocks(c: Case, multi: bool = False) -> dict[str, list[Block]]:
    """The text tabs of a case, drawn from the report the CLI prints (``reports.case_parts``),
    each paragraph with its place in its search passage (for marking hits)."""
    parts = reports.case_parts(c, multi)
    tabs: dict[str, list[Block]] = {}
    for key in (*TEXT_TABS, "policies", "notes"):
        blocks: list[Block] = []
        if key == "background":
            blocks = [*_blocks(parts["header"]), Block("")]
        blocks += _blocks(parts[key])
        tabs[key] = blocks or [Block(_EMPTY[key], DIM)]
    return tabs


def _blocks(report_blocks: Sequence[rb.Block]) -> list[Block]:
    """Report blocks as the case pane's paragraphs."""
    out: list[Block] = []
    for b in report_blocks:
        if isinstance(b, rb.Heading):
            out.append(Block(b.text, HEAD))
        elif isinstance(b, rb.Fields):
            rows = [(k, v) for k, v in b.rows if k not in _SHOWN_ELSEWHERE]
            out += [Block(f"{k}：{v}", DIM if k in _QUIET_FIELDS else "") for k, v in rows]
        elif isinstance(b, rb.Para):
            section, title, start = b.at if b.at is not None else ("", None, 0)
            out.append(Block(rb.flat(b.text), key=(section, title) if b.at else None, start=start))
        elif isinstance(b, rb.Items):
            for n, (title, text) in enumerate(b.rows):
                num = numerals.ORDINALS[n] if n < len(numerals.ORDINALS) else str(n + 1)
                key = (b.section or "", title)
                out += [Block(""), Block(title, HEAD, lead=f"（{num}）", key=key, start=0)]
                # the passage is title。lead, then each subheading and its text (model.Item.body)
                pos = len(title) + len(ITEM_JOIN)
                parts = b.parts_of(n)
                if text or not parts:
                    out += _paragraphs(text, key, pos)
                pos += len(text)
                for sub, body in parts:  # the source's bold run-in subheadings, each on a line of its own
                    out.append(Block(sub, HEAD, key=key, start=pos))
                    out += _paragraphs(body, key, pos + len(sub))
                    pos += len(sub) + len(body)
        elif isinstance(b, rb.Bullets):
            for row in b.rows:
                out += [Block(""), Block(row)]
    return out


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
    for h in results[0].hits:
        where = (h.section, h.title)
        if h.section not in tabs:
            continue
        # a hit's marks are ranges of its passage's text, where the blocks' starts are too
        for a, b in h.marks or [(h.start, h.end)]:
            for block in tabs[h.section]:
                if block.key != where:
                    continue
                lo, hi = max(a, block.start), min(b, block.start + len(block.text))
                if lo < hi:
                    block.marks.append((lo - block.start, hi - block.start))
    out = []
    for key in TEXT_TABS:
        for b, block in enumerate(tabs[key]):
            block.marks = sorted(set(block.marks))
            out += [(key, b, m) for m in range(len(block.marks))]
    return out


def light_terminal() -> bool:
    """COLORFGBG (set by rxvt, Konsole, iTerm2 …) names the background colour: 7 or 15 is light."""
    bg = os.environ.get("COLORFGBG", "").rpartition(";")[2]
    return bg in ("7", "15")


def export_case(c: Case, folder: Path) -> Path:
    """Write the case as Markdown to a new file; an existing file is never overwritten."""
    from ..render import Format, render
    from ..reports import case_detail

    stem = f"gxeco-{c.id}-{c.slug}"
    for n in range(1, 1000):
        path = folder / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        try:
            with path.open("x", encoding="utf-8", newline="\n") as out:
                render(case_detail(c), Format.md, out)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder / stem}.md 及其 998 个编号副本都已存在")  # shown as 导出失败：… (browse is Chinese)
