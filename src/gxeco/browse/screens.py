"""The browser's screens over the main one: keys, facets, compare."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from .. import labels, layout, reports
from ..layout import width_of
from ..model import Case
from ..render.blocks import Report
from .casetext import HEADING, QUIET, Block
from .find import fit
from .widgets import DIM, HEAD, KEYS, KeyBar, Prose


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "关闭"),
    ]

    def compose(self) -> ComposeResult:
        w = max(width_of(k) for k, _ in KEYS) + 2
        blocks = [Block("按键", HEADING), Block("")]
        blocks += [Block(desc, lead=k + " " * (w - width_of(k))) for k, desc in KEYS]
        blocks += [Block(""), Block("Esc 或 ? 关闭", QUIET)]
        with VerticalScroll(id="help"):
            yield Prose(blocks)


# (filter, heading, the counts of stats); the headings name the case fields the filters read
FACETS: tuple[tuple[str, str, str], ...] = tuple(
    (dim, labels.zh(field), f"by_{dim}")
    for dim, field in (("city", "city"), ("category", "category"), ("resource", "resources"), ("mode", "modes"))
)


class FacetScreen(ModalScreen[dict[str, str]]):
    """Filters by 地市 / 类别 / 资源 / 模式, with the counts of `gxeco stats`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f", "close", "完成"),
        Binding("x", "clear", "清除筛选"),
    ]

    def __init__(self, counts: dict[str, Any], chosen: dict[str, str]) -> None:
        super().__init__()
        self.counts = counts
        self.chosen = dict(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(id="facets"):
            yield Static("筛选（Enter 选择 / 取消，x 清除，Esc 完成）", id="facets-title", markup=False)
            yield OptionList(*self._options(), id="facet-list")

    def _options(self) -> list[Option | None]:
        opts: list[Option | None] = []
        for dim, label, key in FACETS:
            if opts:
                opts.append(None)
            opts.append(Option(Content.styled(label, HEAD), disabled=True))
            for value, n in self.counts[key].items():
                on_ = self.chosen.get(dim) == value
                text = Content.assemble(("● " if on_ else "  ", "bold"), value, (f"  {n}", DIM))
                opts.append(Option(text, id=f"{dim}\t{value}", disabled=n == 0))
        return opts

    @on(OptionList.OptionSelected, "#facet-list")
    def toggle(self, event: OptionList.OptionSelected) -> None:
        dim, _, value = (event.option.id or "").partition("\t")
        if self.chosen.get(dim) == value:
            del self.chosen[dim]
        else:
            self.chosen[dim] = value
        ol = self.query_one("#facet-list", OptionList)
        keep = ol.highlighted
        ol.set_options(self._options())
        ol.highlighted = keep

    def action_clear(self) -> None:
        self.chosen.clear()
        self.query_one("#facet-list", OptionList).set_options(self._options())

    def action_close(self) -> None:
        self.dismiss(self.chosen)


class MapScreen(ModalScreen[None]):
    """The current list's cases on the city map (gxeco map): the same report and layout as
    the terminal's, drawn again at the screen's width."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,g", "dismiss", "关闭")]

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="map"):
            yield MapView(self.report)


class MapView(Widget):
    DEFAULT_CSS = "MapView { height: auto; padding: 0 1; }"

    def __init__(self, report: Report, **kw: Any) -> None:
        super().__init__(**kw)
        self.report = report

    def _lines(self, width: int) -> list[Content]:
        from ..render.grid import block_lines
        from ..render.tiles import TILE_STYLES

        styles = {**TILE_STYLES, "frame": DIM, "tile0": DIM, "dim": DIM, "title": HEAD, "strong": "bold"}
        out: list[Content] = []
        for k, b in enumerate(self.report.blocks):
            if k:
                out.append(Content(""))
            for line in block_lines(b, max(20, width)):
                out.append(Content.assemble(*((t, styles.get(st, "")) if st else t for t, st in line)))
        out += [Content(""), Content.styled("Esc 关闭", DIM)]
        return out

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.size.width))


class RelatedScreen(ModalScreen["Case | None"]):
    """Cases like the one shown (gxeco related), each with what they share; Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,r", "close", "关闭")]

    def __init__(self, title: str, found: list[tuple[Case, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.found = found  # (case, its id as the list shows it, the sentence of what is shared)

    def compose(self) -> ComposeResult:
        with Vertical(id="related"):
            yield Static(self.title_text + "　Enter 打开，Esc 关闭", id="related-title", markup=False)
            yield OptionList(*self._options(76), id="related-list")

    def _options(self, width: int) -> list[Option]:
        """Each case and, under it, what it shares, broken by layout.wrap with a hanging indent of two."""
        out = []
        for i, (c, ident, why) in enumerate(self.found):
            lines = "\n".join("  " + ln for ln in layout.wrap(why, max(10, width - 2)))
            out.append(Option(Content.assemble((f"{ident} {c.short_title}", HEAD), "\n", (lines, DIM)), id=str(i)))
        return out

    def on_resize(self) -> None:
        ol = self.query_one("#related-list", OptionList)
        width = ol.scrollable_content_region.width - 1  # a cell for the option's own padding
        if width > 0 and width != getattr(self, "_width", None):
            self._width = width
            highlighted = ol.highlighted
            ol.clear_options()
            ol.add_options(self._options(width))
            ol.highlighted = highlighted

    @on(OptionList.OptionSelected, "#related-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found[int(event.option.id or 0)][0])

    def action_close(self) -> None:
        self.dismiss(None)


class CompareGrid(Widget):
    """Marked cases side by side: one column per case, rows aligned, re-broken on resize."""

    DEFAULT_CSS = "CompareGrid { height: auto; padding: 0 1; }"
    LABEL = 10

    def __init__(self, data: dict[str, Any], **kw: Any) -> None:
        super().__init__(**kw)
        self.data = data
        self._cache: tuple[int, list[Content]] | None = None

    def _lines(self, width: int) -> list[Content]:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        cases = self.data["cases"]
        n = len(cases)
        col = max(6, (width - self.LABEL - 3 * n) // n)
        sep = " │ "
        lines: list[Content] = []

        def row(label: str, cells: list[list[str]], style: str = "") -> None:
            height = max(len(c) for c in cells)
            for i in range(height):
                parts: list[str | tuple[str, str]] = [(fit(label if i == 0 else "", self.LABEL), HEAD)]
                for cell in cells:
                    text = cell[i] if i < len(cell) else ""
                    parts += [(sep, DIM), (text + " " * (col - width_of(text)), style)]
                lines.append(Content.assemble(*parts))

        def wrapped(text: str) -> list[str]:
            return [ln for para in text.split("\n") for ln in layout.wrap(para, col)] or [""]

        row("", [wrapped(f"{c['id']} {c['short_title']}") for c in cases], HEAD)
        lines.append(Content.styled("─" * min(width, self.LABEL + n * (col + 3)), DIM))
        for r in self.data["rows"]:
            row(reports.field_name(r["field"]), [wrapped(reports.compare_cell(v)) for v in r["values"]])
            lines.append(Content(""))
        self._cache = (width, lines)
        return lines

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.size.width))


class CompareScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,equals_sign", "dismiss", "返回")]

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self.data = data

    def compose(self) -> ComposeResult:
        names = "、".join(f"{c['id']} {c['short_title']}" for c in self.data["cases"])
        yield Static(f"对比：{names}", id="compare-title", markup=False)
        with VerticalScroll(id="compare"):
            yield CompareGrid(self.data, id="grid")
        yield KeyBar([("Esc", "返回"), ("↑↓", "滚动")])


# --- the app ---------------------------------------------------------------------------------
