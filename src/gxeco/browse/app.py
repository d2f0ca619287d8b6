"""`gxeco browse`: the Textual app that puts find, widgets and screens together."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from .. import api, labels, layout
from ..errors import GxecoError
from ..layout import width_of
from ..model import Case, Dataset, ident
from ..safe import deep
from .case import CaseView, TabBar
from .casetext import HEADING, QUIET, TABS, Block, case_blocks, case_hits
from .figures import FIG_COLUMNS, FiguresTable
from .find import LIST_LIMIT, SYNC_LIMIT, WARM_SYNC_LIMIT, Answers, fit, short_city
from .keys import APP_KEYS, FOOTER_KEYS
from .screens import CompareScreen, FacetScreen, HelpScreen, MapScreen, RelatedScreen
from .widgets import CaseList, FindBox, KeyBar, Prose, Row

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from textual.events import Resize
    from textual.screen import Screen

    from ..api import Found


class BrowseApp(App[None]):
    """Case list on the left, the case on the right; below 80 columns they stack."""

    TITLE = "gxeco browse"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide"), (120, "-large")]  # noqa: RUF012 (Textual's type)
    CSS_PATH = "app.tcss"  # beside this module, shipped in the package
    BINDINGS = APP_KEYS

    def __init__(self, ds: Dataset, start: Case | None = None, *, folder: Path | None = None) -> None:
        super().__init__()
        if light_terminal():
            self.theme = "textual-light"  # Ctrl+P switches themes either way
        # every text the app draws comes from these cases: control and invisible characters shown, not
        # acted on (the loader refuses them in files; cases built in Python may still hold them)
        shown = deep(ds)
        if shown is not ds:
            at = {(c.batch, c.id): c for c in shown.cases}
            ds, start = shown, None if start is None else at[start.batch, start.id]
        self.ds = ds
        self.folder = folder if folder is not None else Path.cwd()
        self.facets: dict[str, str] = {}
        self.pool: list[Case] = list(ds.cases)  # after facets
        self.found: list[Found] = api.matches("", case=self.pool)
        self.query_text = ""
        self.marked: set[int] = set()  # id() of marked cases
        self.case: Case | None = start or (ds.cases[0] if ds.cases else None)
        self.hits: list[tuple[str, int, int]] = []
        self.hit = -1
        self.fig_sort: tuple[str, bool] | None = None
        self._shown: Case | None = None
        self.tab = "background"
        self.tab_blocks: dict[str, list[Block]] = {}
        self._data_ready = False
        self._typed_at = 0.0
        self._answers = Answers()  # (query, near) -> answer, along the query typed
        self.latencies: list[float] = []  # keystroke in the filter box -> list redrawn (benchmarks/bench.py)
        self.shown_query = ""  # the query the case view's highlights answer (lags the list by a frame)
        self.near_pending = False  # nothing matched exactly; near matches are being looked for
        self.warm_seconds = -1.0  # how long the warm-up took (benchmarks/bench.py)
        self._list_width = 0
        self._rows: dict[tuple[Any, ...], Row] = {}  # the list's rows drawn, by what they show

    # layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield FindBox(placeholder="/ 查找：名称 地名 标签 拼音 全文", id="filter", changed=self._box_changed)
                yield Static("", id="filter-state", markup=False)
                yield Static("", id="list-head", markup=False)
                yield CaseList(id="cases")
            yield CaseView(id="case")
        yield KeyBar(FOOTER_KEYS)

    def on_mount(self) -> None:
        self._fill_list()
        self._show_case()
        self.query_one("#cases", OptionList).focus()
        self.call_after_refresh(self._warm_up)

    @work(thread=True, group="warm", description="warm the search caches")
    def _warm_up(self) -> None:
        """After the first paint: the first search fills the character-folding table, builds
        each case's passages and normalised names (cached per case), and the fuzzy tier imports
        rapidfuzz; done now, the first keystroke answers as fast as the rest, at any size.
        Only the caches: a whole search that finds nothing would also read every sentence."""
        t = time.perf_counter()
        api.warm(case=self.pool)  # every case's normalised names and their sounds (imports rapidfuzz), passages
        # The cases and these caches live as long as the app: out of the collector's way, or
        # every full collection walks them all (~150 ms at 1 500 cases, in the middle of a keystroke).
        gc.freeze()
        self.warm_seconds = time.perf_counter() - t

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        self._update_title()
        if self._list_width != self._list_avail():
            self._fill_list()
        if self._shown is not None:
            self._fill_figures(self._shown)

    # the list

    def _list_avail(self) -> int:
        ol = self.query_one("#cases", OptionList)
        w = ol.scrollable_content_region.width
        return w if w > 0 else 36

    def _title_width(self, avail: int) -> int:
        longest = max((layout.width_of(f.case.short_title) for f in self.found[:LIST_LIMIT]), default=8)
        return max(6, min(longest, avail - 4 - 1 - 1 - 6))  # mark and id, two spaces, a city of 3 characters

    def _ident(self, c: Case) -> str:
        return ident(c, self.ds.multi)

    def _row(self, c: Case, tw: int, iw: int) -> str:
        mark = "●" if id(c) in self.marked else " "
        return f"{mark}{self._ident(c):>{iw}} {fit(c.short_title, tw)} {short_city(c)}"

    def _fill_list(self) -> None:
        avail = self._list_avail()
        self._list_width = avail
        tw = self._title_width(avail)
        iw = max((len(self._ident(f.case)) for f in self.found[:LIST_LIMIT]), default=2)
        iw = max(iw, 3)  # the heading 编号 is four columns, the mark one
        rows = self._rows
        if len(rows) > 20 * LIST_LIMIT:  # rows of queries long gone
            rows.clear()
        opts = []
        for i, f in enumerate(self.found[:LIST_LIMIT]):
            # a row is drawn once for what it shows: typing on, a backspace or a mark redraws the rest
            key = (id(f.case), f.snippet, tuple(f.spans), id(f.case) in self.marked, tw, iw, avail)
            row = rows.get(key)
            if row is None:
                row = rows[key] = Row.listed(self._row(f.case, tw, iw), f.snippet, f.spans, avail)
            opts.append(Option(row, id=str(i)))
        ol = self.query_one("#cases", OptionList)
        keep = self.case
        ol.set_options(opts)
        # one-line widgets of a fixed height: their text changes, the screen's layout does not
        head = f"{fit(labels.zh('id'), iw + 1)} {fit(labels.zh('short_title'), tw)} {labels.zh('city')}"
        self.query_one("#list-head", Static).update(head, layout=False)
        idx = next((i for i, f in enumerate(self.found) if f.case is keep), 0 if self.found else None)
        ol.highlighted = idx
        self._update_state()

    def _update_state(self) -> None:
        parts = [f"{v}" for _, v in sorted(self.facets.items())]
        total = len(self.ds.cases)
        if self.query_text.strip():
            near = " · 近似匹配" if self.found and all(f.near for f in self.found) else ""
            if self.near_pending:  # short: the line is as wide as the list
                near = "，找近似…"
            fixed = next((f.corrected for f in self.found if f.corrected), None)
            parts.insert(0, f"查找「{self.query_text.strip()}」" + (f"→「{fixed}」" if fixed else ""))
            state = f"{' · '.join(parts)}：{len(self.found)}/{total}{near}"
            if len(self.found) > LIST_LIMIT:
                state += f"（列出前 {LIST_LIMIT}）"
        elif parts:
            state = f"筛选 {' · '.join(parts)}：{len(self.found)}/{total}"
        else:
            state = f"全部 {total} 个案例" + (f"，已标记 {len(self.marked)}" if self.marked else "")
        self.query_one("#filter-state", Static).update(state, layout=False)

    @on(OptionList.OptionHighlighted, "#cases")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        i = int(event.option.id or 0)
        if i < len(self.found) and self.found[i].case is not self.case:
            self.case = self.found[i].case
            self._show_case()

    @on(OptionList.OptionSelected, "#cases")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        i = int(event.option.id or 0)
        if i < len(self.found):
            self.case = self.found[i].case
            self._show_case()
            self._open_at_first_hit()

    # find as you type

    def action_find(self) -> None:
        self.query_one("#filter", Input).focus()

    @on(Input.Changed, "#filter")
    def _typed(self, event: Input.Changed) -> None:
        self._box_changed(event.value)

    def _box_changed(self, value: str) -> None:
        """The find box's text changed: told by FindBox at once, then by Input.Changed (done by then)."""
        if value != self.query_text:
            self.query_text = value
            self._typed_at = time.perf_counter()
            self._refilter()

    def _refilter(self) -> None:
        self.workers.cancel_group(self, "filter")  # a newer keystroke makes any running search moot
        # a few ms (few cases, an empty box, a backspace): no thread hand-off (find.SYNC_LIMIT)
        if (
            len(self.pool) <= (WARM_SYNC_LIMIT if self.warm_seconds >= 0 else SYNC_LIMIT)
            or not self.query_text.strip()
            or self._answers.known(self.query_text, self.pool)
        ):
            self._filtered(self.query_text, self._find(self.query_text, self.pool, near=False))
        else:  # keep typing while a large file is searched; a newer keystroke cancels this one
            self.run_filter(self.query_text, list(self.pool))

    # a description, or Textual builds one from repr() of the arguments: 1 500 cases, on every keystroke
    @work(exclusive=True, thread=True, group="filter", description="filter the case list")
    def run_filter(self, text: str, pool: list[Case]) -> None:
        worker = get_current_worker()
        found = self._find(text, pool, lambda: worker.is_cancelled, near=False)
        if not worker.is_cancelled:
            self.call_from_thread(self._filtered, text, found)

    # Nothing matched exactly: the list has answered (empty) and says so; the correction and
    # the fuzzy pass over every sentence follow here, as long as nobody types on.
    @work(exclusive=True, thread=True, group="filter", description="look for near matches")
    def run_near(self, text: str, pool: list[Case]) -> None:
        worker = get_current_worker()
        found = self._find(text, pool, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.call_from_thread(self._filtered, text, found, typed=False)

    def _find(
        self, text: str, pool: list[Case], cancelled: Callable[[], bool] | None = None, *, near: bool = True
    ) -> list[Found]:
        return self._answers.find(text, pool, cancelled, near=near)

    def _filtered(self, text: str, found: list[Found], *, typed: bool = True) -> None:
        if text != self.query_text:
            return
        self.near_pending = typed and not found and bool(text.strip())
        if self.near_pending:
            self.run_near(text, list(self.pool))
        same = len(found) == len(self.found) and all(
            a.case is b.case and a.snippet == b.snippet and a.spans == b.spans
            for a, b in zip(found, self.found, strict=True)
        )
        self.found = found
        if found and all(f.case is not self.case for f in found):
            self.case = found[0].case
        if same:  # typing on inside a name often changes nothing the list shows
            self._update_state()
        else:
            self._fill_list()
        if typed:
            started = self._typed_at
            self.call_after_refresh(lambda: self.latencies.append(time.perf_counter() - started))
        # the list answers first; the case's highlights a frame later, unless a newer keystroke came
        self.call_after_refresh(self._show_case_for, text)

    def _show_case_for(self, text: str) -> None:
        if text == self.query_text:
            self._show_case()

    def action_move(self, step: int) -> None:
        ol = self.query_one("#cases", OptionList)
        if ol.option_count:
            ol.highlighted = max(0, min(ol.option_count - 1, (ol.highlighted or 0) + step))

    @on(Input.Submitted, "#filter")
    def _submitted(self, event: Input.Submitted) -> None:
        if not self.found:
            self.bell()
            return
        if all(f.case is not self.case for f in self.found):  # the top hit, or the one moved to with ↑↓
            self.case = self.found[0].case
        self._fill_list()
        self._show_case()
        self._open_at_first_hit()

    def _open_at_first_hit(self) -> None:
        if self.hits:
            self.hit = -1
            self.action_hit(1)
        else:
            self._focus_case()

    def _focus_case(self) -> None:
        if self.tab == "metrics" and self._data_ready:
            self.query_one("#figures").focus()
        else:
            self.query_one("#scroll").focus()

    def action_leave(self) -> None:
        """Esc leaves the find box at once, keeping what it found (as less, htop, k9s, lazygit
        and vim do: Esc then q quits); from the list, Esc clears the query."""
        inp = self.query_one("#filter", Input)
        cases = self.query_one("#cases", OptionList)
        if cases.has_focus and inp.value:
            inp.value = ""
        else:
            cases.focus()

    # the case

    def _show_case(self) -> None:
        c = self.case
        self.shown_query = self.query_text
        if c is None:
            self.query_one("#case-title", Static).update("（没有案例）", layout=False)
            return
        changed = c is not self._shown
        self.tab_blocks = case_blocks(c, self.ds.multi)
        self.hits = case_hits(c, self.query_text, self.tab_blocks, self.ds)
        self.hit = -1
        self._shown = c
        self._update_title()
        if changed:
            self.fig_sort = None
            self._fill_figures(c)
        self._render_tab(home=changed)

    def _update_title(self) -> None:
        c = self.case
        if c is None:
            return
        text = f"{c.number}、{c.short_title}"
        if self.hit >= 0:
            text += f"　匹配 {self.hit + 1}/{len(self.hits)}"
        room = self.query_one(CaseView).size.width - 2
        if width_of(text + c.place) + 2 <= room or room <= 0:
            text += f"　{c.place}"
        self.query_one("#case-title", Static).update(text, layout=False)

    def _set_tab(self, key: str) -> None:
        # keys that went to the case pane go to the pane shown now (a hidden pane would leave no focus,
        # and the next dialog's return would put it in the find box)
        in_pane = self.focused is None or self.focused.id in ("scroll", "figures")
        self.tab = key
        self.query_one("#tabs", TabBar).set_active(key)
        self._render_tab(home=True)
        if key == "metrics" and not self._data_ready:
            self.run_worker(self._mount_figures(), group="figures", exclusive=True)
        elif in_pane:
            self._focus_case()

    @on(TabBar.Picked)
    def _tab_picked(self, event: TabBar.Picked) -> None:
        self._set_tab(event.key)

    async def _mount_figures(self) -> None:
        await self.query_one("#data-pane").mount(
            FiguresTable(id="figures"),
            VerticalScroll(Prose(id="quote"), id="quote-box"),
        )
        self._data_ready = True
        if self._shown is not None:
            self._fill_figures(self._shown)
        if self.tab == "metrics" and (self.focused is None or self.focused.id == "scroll"):
            self._focus_case()

    def _render_tab(self, *, home: bool) -> None:
        switcher = self.query_one("#switcher", ContentSwitcher)
        if self.tab == "metrics":
            switcher.current = "data-pane"
            return
        switcher.current = "scroll"
        prose = self.query_one("#prose", Prose)
        prose.set_blocks(self.tab_blocks.get(self.tab, []))
        if 0 <= self.hit < len(self.hits) and self.hits[self.hit][0] == self.tab:
            prose.set_current(self.hits[self.hit][1:])
        if home:
            self.query_one("#scroll", VerticalScroll).scroll_home(animate=False)

    def _fill_figures(self, c: Case) -> None:
        if not self._data_ready:
            return
        key, rev = self.fig_sort or (None, False)
        # the first press reads in order; values largest first, the CLI's default too
        rows = api.figures(case=c, sort=key, ascending=(key == "value") == rev, data=self.ds)
        avail = (self.query_one(CaseView).size.width or 42) - 2
        self.query_one(FiguresTable).fill(rows, self.fig_sort, avail)
        self._show_quote()

    @on(DataTable.RowHighlighted, "#figures")
    def _figure_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.query_one(FiguresTable).open_selected_label()
        self._show_quote()

    def _show_quote(self) -> None:
        if not self._data_ready:
            return
        prose = self.query_one("#quote", Prose)
        r = self.query_one(FiguresTable).selected()
        if r is None:
            prose.set_blocks([Block("（本案例没有数据）", QUIET)])
            return
        m = r.metric
        sec = labels.zh(m.section)
        prose.set_blocks(
            [Block(m.label, HEADING), Block(f"“{m.quote}”", lead="原文："), Block(sec, QUIET, lead="出处：")]
        )

    @on(DataTable.HeaderSelected, "#figures")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        self._sort_by(str(event.column_key.value))

    def action_sort(self) -> None:
        keys = [k for k, _ in FIG_COLUMNS]
        if self.fig_sort is None:
            self._sort_by("label")
        else:
            key, rev = self.fig_sort
            self._sort_by(key if not rev else keys[(keys.index(key) + 1) % len(keys)])

    def _sort_by(self, key: str) -> None:
        if self.case is None:
            return
        if self.fig_sort is not None and self.fig_sort[0] == key:
            self.fig_sort = (key, not self.fig_sort[1])
        else:
            self.fig_sort = (key, False)
        self._fill_figures(self.case)

    def action_tab(self, step: int) -> None:
        keys = [k for k, _ in TABS]
        self._set_tab(keys[(keys.index(self.tab) + step) % len(keys)])

    def action_goto_tab(self, i: int) -> None:
        self._set_tab(TABS[i][0])

    def action_hit(self, step: int) -> None:
        if not self.hits:
            self.notify("当前案例中没有匹配处" if self.query_text.strip() else "先按 / 查找", timeout=3)
            return
        self.hit = (self.hit + step) % len(self.hits)
        self._set_tab(self.hits[self.hit][0])
        self._update_title()
        self.query_one("#scroll").focus()
        self.call_after_refresh(self._scroll_to_hit)

    def _scroll_to_hit(self) -> None:
        if not 0 <= self.hit < len(self.hits):
            return
        _, b, m = self.hits[self.hit]
        line = self.query_one("#prose", Prose).line_of(b, m)
        self.query_one("#scroll", VerticalScroll).scroll_to(y=max(0, line - 2), animate=False)

    # actions

    def _dialog(self, screen: Screen[Any], done: Callable[[Any], None] | None = None) -> None:
        """Open a dialog; when it closes, keys go where they went before it opened (the case pane
        when that is gone), never to the find box by default."""
        before = self.focused

        def closed(result: Any) -> None:
            if done is not None:
                done(result)
            back = before if before is not None and before.is_attached and before.display else None
            self.call_after_refresh(back.focus if back is not None and back.id != "filter" else self._focus_case)

        self.push_screen(screen, closed)

    def action_facets(self) -> None:
        counts = api.stats(data=self.ds)

        def done(chosen: dict[str, str] | None) -> None:
            if chosen is None:
                return
            self.facets = chosen
            from .. import request

            # the facets are filters as every face reads them (request.Filters), through the API
            f = request.Filters(*((chosen[k],) if chosen.get(k) else () for k in request.FILTERS[:4]))
            self.pool = list(api.select(f, data=self.ds))
            self._refilter()

        self._dialog(FacetScreen(counts, self.facets), done)

    def action_mark(self) -> None:
        if self.case is None:
            return
        k = id(self.case)
        self.marked.symmetric_difference_update({k})
        self._fill_list()

    def marked_cases(self) -> list[Case]:
        return [c for c in self.ds.cases if id(c) in self.marked]

    def action_compare(self) -> None:
        cases = self.marked_cases()
        try:
            data = api.compare(*cases, data=self.ds)
        except GxecoError:
            self.notify("用 m 标记两个或更多案例，再按 = 对比", severity="warning", timeout=4)
            return
        self._dialog(CompareScreen(data))

    def action_map(self) -> None:
        """The cases of the list as it stands (facets and the query) on the city map."""
        from .. import reports
        from ..render.blocks import Heading

        cases = [f.case for f in self.found]
        report = reports.city_map(
            api.city_map(case=cases, data=self.ds), self.ds.metas, self.facets, len(self.ds.metas) > 1
        )
        if self.query_text.strip():
            report.blocks[0] = Heading(f"{report.data['title']}（查找「{self.query_text.strip()}」）")
        self._dialog(MapScreen(report))

    def action_related(self) -> None:
        if self.case is None:
            return
        from .. import reports

        found = [
            (r.case, self._ident(r.case), f"共同：{reports.shared_sentence(r.shared)}（{r.score:.2f}）")
            for r in api.related(self.case, data=self.ds)
        ]
        if not found:
            self.notify("没有与本案例有共同点的案例", timeout=4)
            return

        def done(chosen: Case | None) -> None:
            if chosen is None:
                return
            self.case = chosen
            if all(f.case is not chosen for f in self.found):  # not in the list: every case again, so it is
                self.notify(
                    f"已清除查找与筛选，以列出 {self._ident(chosen)} {chosen.short_title}", timeout=4, markup=False
                )
                self.facets = {}
                self.pool = list(self.ds.cases)
                self.query_text = ""
                box = self.query_one("#filter", Input)
                with box.prevent(Input.Changed):
                    box.value = ""
                self._refilter()
            else:
                self._fill_list()
            self._show_case()

        title = f"与 {self._ident(self.case)} {self.case.short_title} 相似的案例"
        self._dialog(RelatedScreen(title, found), done)

    def action_cite(self) -> None:
        if self.case is None:
            return
        text = api.citations(self.case, data=self.ds)
        self.copy_to_clipboard(text)
        self.notify(text, title="已复制 GB/T 7714 引文（终端不支持剪贴板时可在此选取）", timeout=15, markup=False)

    def action_export(self) -> None:
        if self.case is None:
            return
        try:
            from ..output import write_new
            from ..reports import case_detail

            c = self.case
            path = write_new(case_detail(c), self.folder, f"gxeco-{c.id}-{c.slug}")
        except OSError as exc:
            from ..errors import os_reason

            self.notify(f"导出失败：{os_reason(exc)}", severity="error", markup=False)
            return
        first = f"gxeco-{self.case.id}-{self.case.slug}.md"
        kept = f"（{first} 已存在，未覆盖）" if path.name != first else ""
        self.notify(f"已导出到 {path}{kept}", title="导出 Markdown", timeout=8, markup=False)

    def action_help(self) -> None:
        self._dialog(HelpScreen())


def light_terminal() -> bool:
    """COLORFGBG (set by rxvt, Konsole, iTerm2 …) names the background colour: 7 or 15 is light."""
    bg = os.environ.get("COLORFGBG", "").rpartition(";")[2]
    return bg in ("7", "15")


def run(ds: Dataset, start: Case | None = None) -> int:
    gc.freeze()  # the loaded cases: never garbage, never walked by a collection (see _warm_up)
    BrowseApp(ds, start).run()
    return 0
