"""browse keeps focus where the reader left it: after any dialog, keys go to the view, not the find box;
wrapped lines in dialogs keep their hanging indent."""

from __future__ import annotations

import asyncio
import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

import pytest

from gxeco.browse.app import BrowseApp
from gxeco.browse.screens import MapScreen, RelatedScreen
from gxeco.layout import width_of


def _drive(app: BrowseApp, steps: Any, size: tuple[int, int] = (100, 30)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot)

    asyncio.run(main())


async def _until(pilot: Any, done: Any) -> None:
    for _ in range(200):
        await pilot.pause()
        if done():
            return
    raise AssertionError("the app did not get there")


def test_after_a_dialog_keys_go_to_the_view_not_the_find_box(ds: Any) -> None:
    app = BrowseApp(ds)

    async def steps(pilot: Any) -> None:
        await pilot.press("slash", *"油茶", "enter")
        await app.workers.wait_for_complete()
        await _until(pilot, lambda: app.focused is not None and app.focused.id == "scroll")
        await pilot.press("5")  # the 数据 tab
        await _until(pilot, lambda: app._data_ready and app.focused is not None)
        assert app.focused.id == "figures"
        await pilot.press("r")
        await _until(pilot, lambda: isinstance(app.screen, RelatedScreen))
        await pilot.press("escape")
        await _until(pilot, lambda: not isinstance(app.screen, RelatedScreen) and app.focused is not None)
        await pilot.pause()
        assert app.focused.id == "figures"
        await pilot.press("g")
        await _until(pilot, lambda: isinstance(app.screen, MapScreen))
        assert app.query_one("#filter").value == "油茶"  # the g was not typed into the find box

    _drive(app, steps)


def test_related_dialog_wraps_with_a_hanging_indent(ds: Any) -> None:
    app = BrowseApp(ds, ds.cases[6])

    async def steps(pilot: Any) -> None:
        await pilot.press("r")
        await _until(pilot, lambda: isinstance(app.screen, RelatedScreen))
        await pilot.pause()
        ol = app.screen.query_one("#related-list")
        width = ol.scrollable_content_region.width
        wrapped = 0
        for option in ol.options:
            why = str(option.prompt).split("\n")[1:]
            assert why[0].startswith("  共同：")
            wrapped += len(why) > 1
            for line in why:
                assert line.startswith("  ") and not line[2].isspace(), line  # every line indented, none at column 0
                assert width_of(line) < width, line  # so the list never wraps it again
        assert wrapped  # at 60 columns some of them do wrap

    _drive(app, steps, size=(60, 30))


SCRIPT = Path(sys.executable).parent / "gxeco"


@pytest.mark.skipif(not SCRIPT.exists(), reason="needs the installed script")
def test_the_reader_s_sequence_on_a_real_terminal() -> None:
    """gxeco browse, /, 油茶, Enter, 5, r, Esc, g: the map opens."""
    fd, tty = os.openpty()
    fcntl.ioctl(tty, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    child = subprocess.Popen(
        [str(SCRIPT), "browse"], stdin=tty, stdout=tty, stderr=tty, env=env, start_new_session=True
    )
    os.close(tty)
    out = b""

    def wait_for(text: str, timeout: float = 20) -> bool:
        nonlocal out
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text.encode() in out:
                return True
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    out += os.read(fd, 65536)
                except OSError:
                    return False
        return False

    def send(keys: bytes, then: str | None = None) -> None:
        nonlocal out
        out = b""
        os.write(fd, keys)
        if then is not None:
            assert wait_for(then), (keys, out[-1500:])
        else:
            wait_for("\0", 0.6)  # let the screen settle (Esc needs a pause to be read as Esc)

    try:
        assert wait_for("全部 15 个案例")
        send(b"/")
        send("油茶".encode(), "查找「油茶」")
        send(b"\r")
        send(b"5", "指标")
        send(b"r", "相似的案例")
        send(b"\x1b")
        send(b"g", "案例分布示意图")
        send(b"\x1b")  # the map closes
        os.write(fd, b"q")
        wait_for("\0", 10)  # reads what the app writes on its way out, until it closes the terminal
        code = child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        os.close(fd)
    assert code == 0
