"""Tables where rich would write no colour are written without rich: the width and the choice
must be rich's own, and the bytes those rich would have written."""

from __future__ import annotations

import io
import os
import sys

import pytest
from rich.console import Console

from gxeco import reports
from gxeco.console import plain_width
from gxeco.loader import bundled_path, load
from gxeco.render import Format, render

VARS = ("COLUMNS", "LINES", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR", "TERM")

ENVS = [
    {},
    {"COLUMNS": "100"},
    {"COLUMNS": "100", "LINES": "30"},
    {"COLUMNS": "0"},
    {"COLUMNS": "wide"},
    {"COLUMNS": "-5"},
    {"LINES": "12"},
    {"NO_COLOR": "1"},
    {"TERM": "dumb"},
    {"FORCE_COLOR": "1"},
    {"FORCE_COLOR": ""},
    {"TTY_COMPATIBLE": "1"},
    {"TTY_COMPATIBLE": "0"},
    {"TTY_INTERACTIVE": "1"},
]


def rich_console(stream: object, width: int | None) -> Console:
    return Console(file=stream, markup=False, emoji=False, highlight=False, width=width, soft_wrap=False)  # type: ignore[arg-type]


@pytest.mark.parametrize("terminal_size", [None, (120, 40), (0, 0)])
@pytest.mark.parametrize("width", [None, 60])
@pytest.mark.parametrize("env", ENVS, ids=lambda e: ",".join(f"{k}={v}" for k, v in e.items()) or "none")
def test_rich_would_write_no_colour_at_this_width(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], width: int | None, terminal_size: tuple[int, int] | None
) -> None:
    for var in VARS:
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)

    def size(fd: int = 1) -> os.terminal_size:  # a terminal on stdin (a pipe's reader), or none at all
        if terminal_size is None:
            raise OSError("not a terminal")
        return os.terminal_size(terminal_size)

    monkeypatch.setattr(os, "get_terminal_size", size)
    stream = io.StringIO()
    mine = plain_width(stream, width)
    console = rich_console(stream, width)
    if mine is None:  # rich decides: only where a variable could make it treat the pipe otherwise
        assert {"FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"} & env.keys()
    else:
        assert console.color_system is None and not console.is_terminal
        assert mine == console.width


@pytest.mark.skipif(sys.platform == "win32", reason="no pseudo-terminals")
def test_a_terminal_is_rich_s() -> None:
    master, slave = os.openpty()
    try:
        with open(slave, "w", encoding="utf-8", closefd=False) as tty:
            assert plain_width(tty) is None
            assert plain_width(tty, 80) is None
    finally:
        os.close(master)
        os.close(slave)


def test_the_same_bytes_as_through_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """TTY_COMPATIBLE=0 sends a pipe through rich (which then writes no colour either)."""
    ds = load([bundled_path()])
    case = next(c for c in ds.cases if c.id == 10)
    for report in (reports.case_detail(case), reports.case_list(ds.cases)):
        for width in (None, 50, 120):
            out = {}
            for through_rich in (False, True):
                if through_rich:
                    monkeypatch.setenv("TTY_COMPATIBLE", "0")
                else:
                    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
                buf = io.StringIO()
                render(report, Format.table, buf, width=width)
                out[through_rich] = buf.getvalue()
            assert out[False] == out[True]
            assert "龙胜" in out[False]
