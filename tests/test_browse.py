"""gxeco browse: Textual's headless pilot, snapshots, and one run under a real pseudo-terminal."""

from __future__ import annotations

import asyncio
import io
import os
import select
import struct
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

import gxeco
from gxeco import cite, figure_reports, layout, query, search, typeahead
from gxeco.browse import app as browse_app
from gxeco.browse import casetext, screens, widgets
from gxeco.browse.app import BrowseApp
from gxeco.browse.figures import FiguresTable
from gxeco.browse.screens import CompareScreen, FacetScreen, HelpScreen
from gxeco.browse.widgets import Prose
from gxeco.layout import width_of as cell_width
from gxeco.render import Format, render
from gxeco.reports import case_detail

Steps = Callable[[Any], Awaitable[None]]


@pytest.fixture(autouse=True)
def _dark_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots are drawn in the default (dark) theme whatever terminal runs the tests."""
    monkeypatch.delenv("COLORFGBG", raising=False)


async def find(pilot: Any, text: str) -> None:
    """Put a query in the filter box at once (typing key by key is tested once: it is slow to drive)."""
    await pilot.press("slash")
    box = pilot.app.query_one("#filter")
    box.cursor_blink = False  # a snapshot on a busy machine could catch the cursor in either phase
    box.value = text
    await settle(pilot)


async def until(pilot: Any, done: Callable[[], bool]) -> None:
    """Pause until done(): on a busy machine the pilot's idle check can return before the app is done."""
    for _ in range(200):
        await pilot.pause()
        if done():
            return
    raise AssertionError("the app did not get there")


async def settle(pilot: Any) -> None:
    """Let the filter (a worker for large files) finish and its result reach the list and the case."""
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    await until(pilot, lambda: app.shown_query == app.query_text == app.query_one("#filter").value)


def drive(app: BrowseApp, steps: Steps, size: tuple[int, int] = (80, 24)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot)

    asyncio.run(main())


def ids(app: BrowseApp) -> list[int]:
    return [f.case.id for f in app.found]


# --- the pilot (each app start costs; tests share one app where the steps allow) -----------


def test_start_list_stacking_help_and_q(ds: Any) -> None:
    app = BrowseApp(ds)

    async def steps(pilot: Any) -> None:
        assert app.query_one("#cases").option_count == 15
        assert ids(app) == list(range(1, 16))
        assert str(app.query_one("#filter-state").render()) == "全部 15 个案例"
        assert app.case is ds.cases[0] and app.tab == "background"
        prose = app.query_one("#prose", Prose)
        assert prose.blocks[0].text.startswith(f"{ds.cases[0].number}、")
        await pilot.press("down", "down")
        assert app.case is ds.cases[2]
        await pilot.click("#tabs", offset=(8, 0))  # the second label, 机制
        assert app.tab == "mechanism" and app.query_one("#prose", Prose).blocks[0].text == "核心机制"
        left, case = app.query_one("#left").region, app.query_one("#case").region
        assert case.x >= left.right and case.y == left.y  # side by side at 80 columns
        await pilot.resize_terminal(70, 24)  # below 80 columns they stack
        left, case = app.query_one("#left").region, app.query_one("#case").region
        assert case.y >= left.bottom and left.width == case.width == 70
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(b.lead + b.text for b in app.screen.query_one(Prose).blocks)
        for key, desc in widgets.KEYS:
            assert key in text and desc in text
        await pilot.press("escape", "slash", "q")  # in the filter box q is typed, not a quit
        assert app.query_one("#filter").value == "q"
        await pilot.press("escape")  # one Esc leaves the box, keeping the query (less, k9s, vim)
        assert app.focused is app.query_one("#cases") and app.query_one("#filter").value == "q"
        await pilot.press("escape")  # a second, from the list, clears it
        assert app.query_one("#filter").value == ""
        await pilot.press("q")

    drive(app, steps)
    assert app.return_code == 0


def test_find_as_you_type_by_name_pinyin_and_typo(ds: Any) -> None:
    app = BrowseApp(ds)

    async def steps(pilot: Any) -> None:
        for typed, want in [
            ("longsheng", [10, 2]),  # pinyin of a place: named by case 10, mentioned by case 2
            ("lonsheng", [10]),  # a typo, through resolve's fuzzy tier (first hit only)
            ("哈哈哈", []),
        ]:
            await find(pilot, typed)
            assert ids(app)[: len(want) or None] == want
            assert app.query_one("#cases").option_count == len(app.found)
            assert f"查找「{typed}」" in str(app.query_one("#filter-state").render())
            for f in app.found:  # each hit shows a snippet with the match marked
                assert f.snippet and f.spans and 0 <= f.spans[0][0] < f.spans[0][1] <= len(f.snippet)
        await pilot.press("escape")  # leaves the box; the list stays narrowed
        await settle(pilot)
        assert app.focused is app.query_one("#cases") and app.query_one("#filter").value == "哈哈哈"
        await pilot.press("escape")  # clears the query: every case again
        await settle(pilot)
        assert ids(app) == list(range(1, 16))

    drive(app, steps)


def test_near_matches_follow_the_list_answer(ds: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A typo nothing matches exactly: the list answers at once (empty, saying it looks on),
    the one-character correction follows from a worker and fills it."""
    app = BrowseApp(ds)
    answers: list[tuple[str, int, bool, str]] = []
    filtered = BrowseApp._filtered

    def spy(self: BrowseApp, text: str, found: list[Any], *, typed: bool = True) -> None:
        filtered(self, text, found, typed=typed)
        answers.append((text, len(found), typed, str(self.query_one("#filter-state").render())))

    monkeypatch.setattr(BrowseApp, "_filtered", spy)

    async def steps(pilot: Any) -> None:
        await find(pilot, "生物多样鸭")  # 生物多样性, one character off
        assert ids(app) and app.near_pending is False
        assert "找近似" not in str(app.query_one("#filter-state").render())

    drive(app, steps)
    mine = [a for a in answers if a[0] == "生物多样鸭"]
    assert mine[0][1:3] == (0, True) and mine[0][3].endswith("：0/15，找近似…")
    assert mine[-1][1] > 0 and mine[-1][2] is False
    assert mine[-1][3].startswith("查找「生物多样鸭」→「生物多样性」：")  # says what it searched instead


def test_find_as_you_type_says_what_it_took(ds: Any) -> None:
    """The CLI's rule in the list: a clearly closest name is taken and the state line says
    which (园博圆 → 园博园); two close ones (北流 and 陈皮 in 北流沉皮) are listed, neither taken."""
    app = BrowseApp(ds)

    async def steps(pilot: Any) -> None:
        await find(pilot, "园博圆")
        assert ids(app) == [6]
        assert str(app.query_one("#filter-state").render()).startswith("查找「园博圆」→「园博园」：1/15")
        await pilot.press("escape")
        await find(pilot, "北流沉皮")
        assert ids(app) == [5, 15]
        state = str(app.query_one("#filter-state").render())
        assert "→" not in state and state.endswith("近似匹配")

    drive(app, steps)


def test_find_as_you_type_traditional(ds: Any) -> None:
    app = BrowseApp(ds)

    async def steps(pilot: Any) -> None:
        await find(pilot, "龍勝")
        assert ids(app)[:1] == [10]

    drive(app, steps)


def test_enter_opens_the_top_case_at_the_match_and_n_steps_through_hits(ds: Any) -> None:
    app = BrowseApp(ds)

    async def steps(pilot: Any) -> None:
        await pilot.press("slash", *"红树林")  # key by key: each keystroke filters
        await settle(pilot)
        assert ids(app) == [1, 4, 9]
        assert len(app.latencies) == 3
        await pilot.press("enter")
        await pilot.pause()
        assert app.case.id == 1
        assert len(app.hits) >= 2 and app.hit == 0
        tab, b, m = app.hits[0]
        assert app.tab == tab and app.query_one("#switcher").current == "scroll"
        prose = app.query_one("#prose", Prose)
        a, z = prose.blocks[b].marks[m]
        assert prose.blocks[b].text[a:z] == "红树林"
        assert prose.current == (b, m)
        assert "匹配 1/" in str(app.query_one("#case-title").render())
        await pilot.press("n")
        assert app.hit == 1 and prose.current == app.hits[1][1:]
        await pilot.press("N", "N")
        assert app.hit == len(app.hits) - 1  # wraps around
        await pilot.press("7")
        assert app.tab == "notes"
        await pilot.press("right_square_bracket")
        assert app.tab == "background"
        await pilot.press("escape")
        assert app.focused is app.query_one("#cases")

    drive(app, steps)


def test_figures_tab_sorts_and_quotes_the_selected_figure(ds: Any) -> None:
    case = ds.cases[9]
    app = BrowseApp(ds, case)

    def column(key: str) -> list[str]:
        if key == "label":  # the order of the rows; what a cell shows is checked below
            return [r.metric.label for r in app.query_one(FiguresTable).figure_rows]
        return [str(v) for v in app.query_one("#figures").get_column(key)]

    def cells_are_cut_legally(table: Any) -> None:
        width = app.query_one(FiguresTable).label_width
        shown = [str(v) for v in table.get_column("label")]
        selected = table.cursor_row
        for i, (cell, r) in enumerate(zip(shown, app.query_one(FiguresTable).figure_rows, strict=True)):
            label = r.metric.label + figure_reports.link_note(r.metric)  # with its note: （第13项的一部分）…
            if i == selected:  # the whole label, broken into lines of the column, the row as tall
                assert cell.replace("\n", "") == label and all(cell_width(x) <= width for x in cell.split("\n"))
                assert list(table.rows.values())[i].height == cell.count("\n") + 1
            elif cell != label:  # cut with a mark, at a point a line may end (clreq)
                assert cell.endswith("…") and label.startswith(cell[:-1]) and cell_width(cell) <= width
                assert cell[-2] not in layout.NO_END and label[len(cell) - 1] not in "，。、；：？！）」》”"
        assert any(c.endswith("…") for c in shown), "case 10 has labels longer than the column"

    def quote() -> str:
        return "".join(b.text for b in app.query_one("#quote", Prose).blocks)

    async def steps(pilot: Any) -> None:
        assert app.case is case
        await pilot.press("5")
        await until(pilot, lambda: app._data_ready)
        table = app.query_one("#figures")
        assert table.row_count == len(case.metrics)
        assert column("label") == [m.label for m in case.metrics]
        # 序号: each figure's place in its case, so 「第21项的一部分」 can be followed
        assert column("position") == [str(i) for i in range(1, len(case.metrics) + 1)]
        assert case.metrics[0].quote in quote()
        cells_are_cut_legally(table)
        table.move_cursor(row=2)  # the whole label moves with the selection
        await pilot.pause()
        assert app.case is case and table.cursor_row == 2 and "\n" in str(table.get_cell("2", "label"))
        cells_are_cut_legally(table)
        table.move_cursor(row=0)
        await pilot.pause()
        await pilot.press("s")  # by 指标
        assert column("label") == sorted(m.label for m in case.metrics)
        await pilot.press("s")  # reversed
        assert column("label") == sorted((m.label for m in case.metrics), reverse=True)
        await pilot.press("s")  # by 数值: the library's order, largest first within a kind
        want = query.sort_figures(query.figure_rows([case]), "value", True)
        assert column("label") == [r.metric.label for r in want]
        x = sum(col.get_render_width(table) for col in list(table.columns.values())[:3])
        await pilot.click("#figures", offset=(x + 1, 0))  # a click on the heading 年份 sorts by it
        assert app.fig_sort == ("year", False) and app.query_one("#figures") is table
        await pilot.press("s")
        assert app.fig_sort == ("year", True)
        await pilot.press("s")  # then the next column, 主题
        assert app.fig_sort == ("topic", False)
        assert column("label") == [
            r.metric.label for r in query.sort_figures(query.figure_rows([case]), "topic", False)
        ]
        await pilot.press("enter", "down", "down")  # Enter on the list opens the case where it is
        assert app.case is case and app.focused is table
        assert app.query_one(FiguresTable).figure_rows[2].metric.quote in quote()

    drive(app, steps, size=(120, 40))


def test_mark_two_cases_and_compare(ds: Any) -> None:
    app = BrowseApp(ds, ds.cases[6])

    async def steps(pilot: Any) -> None:
        await pilot.press("equals_sign")  # nothing marked: a hint, no screen
        assert not isinstance(app.screen, CompareScreen)
        await pilot.press("m", "down", "m")
        assert [c.id for c in app.marked_cases()] == [7, 8]
        assert "●" in str(app.query_one("#cases").get_option_at_index(6).prompt)
        await pilot.press("equals_sign")
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.data == query.compare([ds.cases[6], ds.cases[7]])
        text = str(app.screen.query_one("#grid").render())
        assert "那良镇全域土地综合整治" in text and "永仁村全域土地综合整治" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, CompareScreen)

    drive(app, steps, size=(120, 40))


def test_cite_export_and_ctrl_c(ds: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(BrowseApp, "copy_to_clipboard", lambda self, text: copied.append(text))
    case = ds.cases[9]
    app = BrowseApp(ds, case, folder=tmp_path)

    async def steps(pilot: Any) -> None:
        await pilot.press("c")
        want = cite.cite(case, ds, "gbt7714")
        assert copied == [want]  # OSC 52 gets exactly the citation
        assert any(n.message == want for n in app._notifications)  # and it is shown to select
        await pilot.press("e", "e")
        await pilot.press("slash", "ctrl+c")  # quits even from the filter box

    drive(app, steps)
    assert app.return_code == 0
    first, second = tmp_path / f"gxeco-10-{case.slug}.md", tmp_path / f"gxeco-10-{case.slug}-2.md"
    assert set(tmp_path.iterdir()) == {first, second}  # never overwritten: a new name
    out = io.StringIO()
    render(case_detail(case), Format.md, out)
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8") == out.getvalue()


def test_facets_filter_with_the_counts_of_stats(ds: Any) -> None:
    app = BrowseApp(ds)
    stats = query.stats(ds.cases)

    async def steps(pilot: Any) -> None:
        await pilot.press("f")
        assert isinstance(app.screen, FacetScreen)
        ol = app.screen.query_one("#facet-list")
        prompts = {o.id: str(o.prompt) for o in ol._options if o.id}
        for dim, _, key in screens.FACETS:
            for value, n in stats[key].items():
                assert prompts[f"{dim}\t{value}"].split() == [value, str(n)]
        ol.highlighted = next(i for i, o in enumerate(ol._options) if o.id == "city\t桂林市")
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert ids(app) == [2, 10] == [c.id for c in ds.cases if c.city == "桂林市"]
        assert "桂林市" in str(app.query_one("#filter-state").render())
        await find(pilot, "梯田")  # find as you type within the facet
        assert ids(app) == [10, 2]  # named by 10, mentioned by 2

    drive(app, steps)


# --- pieces without a screen -----------------------------------------------------------


def test_prose_breaks_lines_again_at_every_width(ds: Any) -> None:
    text = ds.cases[9].background
    prose = Prose(casetext._paragraphs(text, ("background", None)))
    for width in (20, 33, 60, 100):
        lines = [str(c) for c in prose._layout(width)[1]]
        assert "\n".join(lines).replace("\n", "") == text.replace("\n", "")
        assert not any(line.startswith(("，", "。", "、")) for line in lines)
        assert max(cell_width(line) for line in lines) <= width


def test_find_keeps_the_library_order_and_snippets(ds: Any) -> None:
    assert [f.case for f in gxeco.matches("  ", data=ds)] == list(ds.cases)
    res = search.search(ds.cases, ["质押"], context=typeahead.SNIPPET_CONTEXT, snippets=1)
    found = gxeco.matches("质押", data=ds)
    assert [f.case.id for f in found] == [r.case.id for r in res]
    assert [(f.snippet, f.spans) for f in found] == [(r.hits[0].snippet, r.hits[0].spans) for r in res]


def test_a_backspace_takes_the_answer_kept_for_that_beginning(ds: Any) -> None:
    app = BrowseApp(ds)  # not run: the list's answers need no screen
    red = app._find("红", app.pool, near=False)
    tree = app._find("红树", app.pool, near=False)
    assert [f.case.id for f in tree] == [1, 4, 9] and tree.held == [ds.cases[0], ds.cases[3], ds.cases[8]]
    assert app._find("红", app.pool, near=False) is red  # the backspace
    assert app._find("红", app.pool[:3], near=False) is not red  # other cases (facets): asked again
    app._find("生态", app.pool, near=False)  # another query: the answers on the way to 红树 go
    assert set(app._answers) == {("生态", False)}


# --- the command ----------------------------------------------------------------------


def test_a_bad_reference_or_no_terminal_fail_before_the_app_starts(run: Any) -> None:
    r = run("browse", "99", code=1)
    assert "no case 99" in r.stderr
    r = run("browse", "10", code=2)  # CliRunner's streams are no terminal
    assert r.stderr.count("\n") == 1 and "needs a terminal" in r.stderr
    run("--data", "/nonexistent/x.toml", "browse", code=2)


def test_browse_opens_on_the_case_named_with_global_options(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """`gxeco --data F --no-color browse 龙胜` on a terminal: the app gets case 10 of F, colours off."""
    from gxeco import commands

    data = Path(__file__).resolve().parent.parent / "data" / "cases.toml"
    started: list[Any] = []
    monkeypatch.setattr(commands, "_terminal", lambda: True)
    monkeypatch.setattr(browse_app, "run", lambda ds, case: started.append((ds, case)) or 0)
    monkeypatch.delenv("NO_COLOR", raising=False)
    run("--data", str(data), "--no-color", "browse", "龙胜")
    ((ds, case),) = started
    assert case.id == 10 and ds.paths == (str(data),)
    assert os.environ.pop("NO_COLOR") == "1"  # textual reads it when the app starts
    monkeypatch.setenv("NO_COLOR", "1")
    assert BrowseApp(ds).no_color
    assert BrowseApp(ds).theme == "textual-dark"
    monkeypatch.setenv("COLORFGBG", "0;15")  # a light terminal says so
    assert BrowseApp(ds).theme == "textual-light"


def test_no_other_command_imports_textual() -> None:
    for argv in (["list"], ["show", "10"], ["search", "碳汇"]):  # one test: the later runs read the data cache
        r = subprocess.run([sys.executable, "-X", "importtime", "-m", "gxeco", *argv], capture_output=True, timeout=60)
        assert r.returncode == 0, r.stderr.decode()
        assert b"import time:" in r.stderr and b"textual" not in r.stderr, argv


SCRIPT = Path(sys.executable).parent / "gxeco"


@pytest.mark.skipif(os.name != "posix" or not SCRIPT.exists(), reason="needs a POSIX pty and the installed script")
def test_browse_under_a_real_terminal_paints_and_quits_with_q() -> None:
    import fcntl
    import pty
    import termios

    # a pseudo-terminal of 80x24 for a child started by subprocess (fork and exec in C: no
    # forkpty() from a process whose other threads could hold a lock the child needs)
    fd, tty = pty.openpty()
    fcntl.ioctl(tty, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    child = subprocess.Popen(
        [str(SCRIPT), "browse", "10"], stdin=tty, stdout=tty, stderr=tty, env=env, start_new_session=True
    )
    os.close(tty)
    out = b""
    painted = quit_sent = False
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            painted = painted or "浦北陈皮产业".encode() in out
            if painted and not quit_sent:
                os.write(fd, b"q")
                quit_sent = True
    finally:
        if not quit_sent:
            child.kill()
        code = child.wait(timeout=30)
        os.close(fd)
    assert painted, out[-2000:]
    assert code == 0
    assert b"Traceback" not in out


# --- snapshots (pytest-textual-snapshot; update with --snapshot-update) ---------------------


async def _find_mangroves(pilot: Any) -> None:
    await find(pilot, "红树林")


async def _figures(pilot: Any) -> None:
    await pilot.press("5")
    await until(pilot, lambda: pilot.app._data_ready)


async def _compare(pilot: Any) -> None:
    await pilot.press("m", "down", "m", "equals_sign")
    await until(pilot, lambda: isinstance(pilot.app.screen, CompareScreen))


@pytest.mark.parametrize(
    ("start", "steps", "size"),
    [
        (None, None, (80, 24)),
        (None, _find_mangroves, (80, 24)),
        (10, _figures, (120, 40)),
        (7, _compare, (80, 24)),
    ],
    ids=["main-80x24", "find-80x24", "figures-120x40", "compare-80x24"],
)
def test_snapshot(ds: Any, snap_compare: Any, start: int | None, steps: Steps | None, size: tuple[int, int]) -> None:
    case = ds.cases[start - 1] if start else None
    assert snap_compare(BrowseApp(ds, case), run_before=steps, terminal_size=size)


def test_readme_lists_every_key() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for key, desc in widgets.KEYS:
        assert f"| `{key}` | {desc} |" in readme
    assert "docs/browse.svg" in readme


@pytest.mark.parametrize(
    ("argv", "ref"), [(["browse"], None), (["browse", "10"], "10"), (["browse", "--", "-1"], "-1")]
)
def test_browse_takes_the_fast_path(argv: list[str], ref: str | None) -> None:
    """Not typer: textual's import is start-up enough (test_fastpath holds the parse equal to typer's)."""
    from gxeco import fastpath
    from gxeco._grammar import GRAMMAR

    call = fastpath.parse(argv, GRAMMAR, {})
    assert call is not None and call.command == "browse" and call.params == {"ref": ref, "no_color": False}
