"""The browser's widgets: its styles, list rows, prose that re-breaks on resize, the key bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content, Span
from textual.geometry import Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from .. import layout
from ..layout import width_of
from .casetext import HEADING, QUIET, Block

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence


# Every key, for `?` and the README.
KEYS: tuple[tuple[str, str], ...] = (
    ("/", "查找：名称、地名、标签、模型、拼音、首字母、全文（边输边筛）"),
    ("↑ ↓", "在列表中移动（查找框中也可以）"),
    ("Enter", "打开案例（在查找框中：打开第一个结果并跳到匹配处）"),
    ("n / N", "案例内下一处 / 上一处匹配"),
    ("f", "按地市、类别、资源、模式筛选（附计数）"),
    ("1-7, [ ]", "切换标签页：背景 机制 做法 成效 数据 政策 注"),
    ("s", "数据页：按指标、数值、年份、主题排序（再按反向）"),
    ("m", "标记 / 取消标记当前案例"),
    ("=", "对比已标记的案例"),
    ("c", "复制当前案例的 GB/T 7714 引文"),
    ("g", "当前列表的案例分布示意图（按地市）"),
    ("r", "与当前案例相似的案例及共同点（Enter 打开）"),
    ("e", "把当前案例导出为 Markdown 文件"),
    ("Esc", "离开查找框（保留查找结果），回到案例列表；在列表中再按一次：清空查找"),
    ("?", "显示按键"),
    ("Ctrl+P", "命令面板（可换浅色 / 深色主题）"),
    ("q, Ctrl+C", "退出"),
)


HEAD = "bold $text-primary"


DIM = "$text-muted"


HIT = "bold underline $text-warning"


CURRENT_HIT = "bold reverse $text-warning"


ROLE_STYLES = {HEADING: HEAD, QUIET: DIM}  # a paragraph's role (casetext.Block) -> its style


class Row(Content):
    """A list row already broken to fit the list: its height is its number of lines. Textual
    would wrap every row again to learn that, on each keystroke (a third of a list update).
    The list keeps its scrollbar's room (``scrollbar-gutter: stable``), so the width rows are
    broken for holds whether or not the scrollbar shows; should a row not fit after all,
    Textual measures it as it would any other."""

    _widest: int | None = None  # the widest line's columns, measured once (the app reuses a row)

    @classmethod
    def listed(cls, line: str, snippet: str = "", spans: Sequence[tuple[int, int]] = (), avail: int = 0) -> Row:
        """A case's line and under it the snippet that put it in the list, broken by the line
        breaker for ``avail`` columns, two lines at most, ``spans`` (what matched) highlighted.
        Text and styles' spans are laid directly, not by adding styled Content piece by piece,
        which copies every span at each addition (a list of 100 rows is drawn per keystroke)."""
        if not snippet:
            return cls(line)
        lines = layout.wrap(snippet, max(8, avail - 5))
        text: list[str] = [line]
        styles: list[Span] = []
        pos, x = 0, len(line)
        for n, part in enumerate(lines[:2]):
            start = snippet.find(part, pos)
            start = pos if start < 0 else start
            text += ("\n    ", part)
            x += 5
            if part:
                styles.append(Span(x, x + len(part), DIM))
            for a, b in spans:
                lo, hi = max(a, start), min(b, start + len(part))
                if lo < hi:
                    styles.append(Span(x + lo - start, x + hi - start, HIT))
            x += len(part)
            if len(lines) > 2 and n == 1:
                text.append("…")
                x += 1
            pos = start + len(part)
        return cls("".join(text), styles)

    def get_height(self, rules: Any, width: int) -> int:
        lines = self.plain.split("\n")
        if self._widest is None:
            self._widest = max(map(layout.width_of, lines))
        if self._widest <= width:
            return len(lines)
        return super().get_height(rules, width)


class FindBox(Input):
    """The find box: Textual's Input, less a layout of the whole screen on every keystroke, and
    telling its change at once. Input sets its scrollable width to its text's on each change,
    and that width is a reactive that lays out the screen; the box's own size comes from the
    layout (one line, the list's width), so a repaint does. Input's Changed message reaches the
    app after the box's new text has been drawn, and the list is drawn a frame later;
    ``changed`` is called in the key's own handler, so both are drawn in one frame."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: Any, changed: Callable[[str], None] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.changed = changed

    def _watch_value(self, value: str) -> None:
        super()._watch_value(value)
        if self.changed is not None:
            self.changed(value)


class CaseList(OptionList):
    """The case list: Textual's OptionList, with two costs of a keystroke taken out.

    Another list has another number of lines: OptionList then lays out the whole screen again
    and repaints every widget on it. The list's own size comes from the layout (``1fr``), not
    from its rows, so here that only repaints the list and its scrollbar; a scrollbar that
    appears or goes still lays the screen out (its ``display`` changes).

    The app reuses a row (``Row``) for as long as it shows the same thing, and OptionList
    draws every option again after ``set_options``: the strips a row was drawn as are kept
    here, by the row, its place in the list, its style and the width."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._drawn: dict[tuple[Any, ...], tuple[Row, list[Strip]]] = {}

    def _get_option_render(self, option: Any, style: Any) -> list[Strip]:
        row = option.prompt
        if not isinstance(row, Row) or option._divider:
            return super()._get_option_render(option, style)
        padding = self.get_component_styles("option-list--option").padding
        key = (id(row), self._option_to_index[option], style, padding, self.scrollable_content_region.width)
        hit = self._drawn.get(key)
        if hit is not None and hit[0] is row:
            return hit[1]
        if len(self._drawn) > 4000:  # rows of queries long gone
            self._drawn.clear()
        strips = super()._get_option_render(option, style)
        self._drawn[key] = (row, strips)
        return strips


# --- text that re-breaks on resize ------------------------------------------------------


class Prose(Widget):
    """Chinese text broken by ``layout.wrap`` at the widget's width, again on every resize.

    Highlighted ranges (search hits) are tracked to the line they land on, so
    the reader can jump to them."""

    DEFAULT_CSS = "Prose { height: auto; padding: 0 1; }"

    def __init__(self, blocks: Iterable[Block] = (), **kw: Any) -> None:
        super().__init__(**kw)
        self.blocks = list(blocks)
        self.current: tuple[int, int] | None = None  # (block, mark) shown as the current hit
        self._cache: tuple[int, list[Content], list[list[int]]] | None = None

    def set_blocks(self, blocks: Iterable[Block]) -> None:
        new = list(blocks)
        # the same paragraphs with other highlights keep their height: a repaint, not a layout
        # of the whole screen (most keystrokes only move the highlights of the case shown)
        same_text = [(b.text, b.lead) for b in new] == [(b.text, b.lead) for b in self.blocks]
        if same_text and [b.marks for b in new] == [b.marks for b in self.blocks] and self.current is None:
            return
        self.blocks = new
        self.current = None
        self._cache = None
        self.refresh(layout=not same_text)

    def set_current(self, current: tuple[int, int] | None) -> None:
        self.current = current
        self._cache = None
        self.refresh()

    def marks(self) -> list[tuple[int, int]]:
        return [(b, m) for b, block in enumerate(self.blocks) for m in range(len(block.marks))]

    def line_of(self, block: int, mark: int) -> int:
        return self._layout(self.size.width)[2][block][mark]

    def _layout(self, width: int) -> tuple[int, list[Content], list[list[int]]]:
        if self._cache is not None and self._cache[0] == width:
            return self._cache
        lines: list[Content] = []
        mark_lines: list[list[int]] = []
        for b, block in enumerate(self.blocks):
            if not block.text and not block.lead:
                lines.append(Content(""))
                mark_lines.append([])
                continue
            lead_w = width_of(block.lead)
            first = len(lines)
            pos = 0
            where = [-1] * len(block.marks)
            for k, line in enumerate(layout.wrap(block.text, max(4, width - lead_w))):
                at = block.text.find(line, pos) if line else pos
                at = pos if at < 0 else at
                end = at + len(line)
                prefix = block.lead if k == 0 else " " * lead_w
                base = ROLE_STYLES.get(block.role, "")
                c = Content.styled(prefix + line, base) if base else Content(prefix + line)
                for m, (a, z) in enumerate(block.marks):
                    lo, hi = max(a, at), min(z, end)
                    if lo < hi:
                        style = CURRENT_HIT if self.current == (b, m) else HIT
                        c = c.stylize(style, len(prefix) + lo - at, len(prefix) + hi - at)
                    if where[m] < 0 and a < end and z > at:
                        where[m] = first + k
                lines.append(c)
                pos = end
            mark_lines.append([w if w >= 0 else first for w in where])
        self._cache = (width, lines, mark_lines)
        return self._cache

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return max(1, len(self._layout(width)[1]))

    def render(self) -> Content:
        return Content("\n").join(self._layout(self.size.width)[1])

    def render_line(self, y: int) -> Strip:
        """Only the lines on screen: Textual would render the whole case (``render``) on every
        repaint, and a keystroke repaints the highlights (~10 ms a case at 120 columns)."""
        width = self.size.width
        lines = self._layout(width)[1]
        if not 0 <= y < len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        return Visual.to_strips(self, lines[y], width, 1, self.visual_style)[0]


class KeyBar(Static):
    """The main keys on one line (lighter to start than Textual's Footer)."""

    DEFAULT_CSS = "KeyBar { height: 1; padding: 0 1; background: $panel; color: $text-muted; }"

    def __init__(self, keys: Iterable[tuple[str, str]]) -> None:
        parts: list[str | tuple[str, str]] = []
        for k, label in keys:
            parts += [(k, "bold $text-accent"), f" {label}  "]
        super().__init__(Content.assemble(*parts))
