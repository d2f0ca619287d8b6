"""A case's text as the case pane's paragraphs, with search hits marked: no Textual here.

The tabs are drawn from the report the CLI prints (``reports.case_parts``); each paragraph
keeps its place in its search passage, so ``case_hits`` can mark what a query matched. The
tests and the benchmark import this module alone (Textual costs ~200 ms to import).
"""

from __future__ import annotations

from .. import api, labels, numerals, reports
from ..errors import GxecoError
from ..model import ITEM_JOIN, Case, Dataset
from ..render import blocks as rb

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence


# (key, tab label); the first four are the sections search looks in
TABS: tuple[tuple[str, str], ...] = tuple(
    (key, labels.short(key))
    for key in ("background", "mechanism", "practices", "outcomes", "metrics", "policies", "notes")
)


TEXT_TABS = ("background", "mechanism", "practices", "outcomes")


# a paragraph's role; the case pane gives each its style (widgets.ROLE_STYLES)
HEADING = "heading"
QUIET = "quiet"


class Block:
    """One paragraph: its text, its role (a heading, quiet text; the pane picks the style),
    and where it sits in a search passage."""

    __slots__ = ("key", "lead", "marks", "role", "start", "text")

    def __init__(
        self, text: str, role: str = "", *, lead: str = "", key: tuple[str, str | None] | None = None, start: int = 0
    ) -> None:
        self.text = text
        self.role = role
        self.lead = lead
        self.key = key  # (section, item title) of the search passage holding the text
        self.start = start  # offset of text in that passage
        self.marks: list[tuple[int, int]] = []  # highlighted ranges of text


def _paragraphs(text: str, key: tuple[str, str | None], start: int = 0, role: str = "") -> list[Block]:
    out = []
    pos = start
    for para in text.split("\n"):
        out.append(Block(para, role, key=key, start=pos))
        pos += len(para) + 1
    return out


_QUIET_FIELDS = frozenset({labels.zh("tags"), labels.zh("page")})  # shown dim in the case pane
# the list row and the title line above the pane already show these
_SHOWN_ELSEWHERE = frozenset({labels.zh("id"), labels.zh("short_title"), "目录标题"})
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
        tabs[key] = blocks or [Block(_EMPTY[key], QUIET)]
    return tabs


def _blocks(report_blocks: Sequence[rb.Block]) -> list[Block]:
    """Report blocks as the case pane's paragraphs."""
    out: list[Block] = []
    for b in report_blocks:
        if isinstance(b, rb.Heading):
            out.append(Block(b.text, HEADING))
        elif isinstance(b, rb.Fields):
            rows = [(k, v) for k, v in b.rows if k not in _SHOWN_ELSEWHERE]
            out += [Block(f"{k}：{v}", QUIET if k in _QUIET_FIELDS else "") for k, v in rows]
        elif isinstance(b, rb.Para):
            section, title, start = b.at if b.at is not None else ("", None, 0)
            out.append(Block(rb.flat(b.text), key=(section, title) if b.at else None, start=start))
        elif isinstance(b, rb.Items):
            for n, (title, text) in enumerate(b.rows):
                num = numerals.ORDINALS[n] if n < len(numerals.ORDINALS) else str(n + 1)
                key = (b.section or "", title)
                out += [Block(""), Block(title, HEADING, lead=f"（{num}）", key=key, start=0)]
                # the passage is title。lead, then each subheading and its text (model.Item.body)
                pos = len(title) + len(ITEM_JOIN)
                parts = b.parts_of(n)
                if text or not parts:
                    out += _paragraphs(text, key, pos)
                pos += len(text)
                for sub, body in parts:  # the source's bold run-in subheadings, each on a line of its own
                    out.append(Block(sub, HEADING, key=key, start=pos))
                    out += _paragraphs(body, key, pos + len(sub))
                    pos += len(sub) + len(body)
        elif isinstance(b, rb.Bullets):
            for row in b.rows:
                out += [Block(""), Block(row)]
    return out


def case_hits(c: Case, q: str, tabs: dict[str, list[Block]], ds: Dataset | None = None) -> list[tuple[str, int, int]]:
    """Mark where the query matches in the case's text (``ds``: the data the case is of); the
    hits as (tab, block, mark) in reading order."""
    if not q.strip():
        return []
    try:
        results = api.find(q, case=c, context=300, snippets=10_000, data=ds)
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
