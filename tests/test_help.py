"""Every --help of every command, in both languages, at every width a terminal is likely to
have: no traceback, every line within the width, every command's summary whole, Chinese lines
broken by the clreq rules."""

from __future__ import annotations

import contextlib
import importlib
import io
import re
import sys
import types
from collections.abc import Iterator

import pytest

from gxeco.layout import width_of

from .conftest import cli_in_language, invoke_main

WIDTHS = (40, 50, 60, 80, 200)  # 50: search --help crashed there
NO_LINE_START = "，。、；：？！）」》”"
NO_LINE_END = "（「《“"


@pytest.fixture(params=["zh", "en"], scope="module")
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    """cli.py translates its help as it is imported: imported afresh in each language."""
    with cli_in_language(request.param):
        yield request.param
    importlib.reload(importlib.import_module("gxeco.cli"))


def _summaries() -> dict[str, str]:
    import typer.main

    from gxeco import cli

    group = typer.main.get_command(cli.app)
    return {name: cmd.get_short_help_str(limit=1_000) for name, cmd in group.commands.items()}  # type: ignore[attr-defined]


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _typer_help(args: list[str], width: int) -> str:
    """What typer itself prints for this --help on a terminal this wide."""
    from gxeco import cli

    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COLUMNS", str(width))
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            cli.app(args, prog_name="gxeco")
    return out.getvalue()


def test_every_help_at_every_width(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path answers every --help (stored for 80+ columns, written again from the stored
    calls below that) with exactly what typer prints, in both languages at every width."""
    # run as the gxeco command (not python -m): the program's name as the stored help has it
    monkeypatch.setattr(sys, "argv", ["gxeco"])
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    summaries = _summaries()
    usage = "用法：" if lang == "zh" else "Usage: "
    for width in WIDTHS:
        for command in ["", *summaries]:
            args = [command, "--help"] if command else ["--help"]
            with monkeypatch.context() as mp:
                mp.setitem(sys.modules, "typer", None)  # the fast path alone: importing typer fails
                r = invoke_main(args, {"COLUMNS": str(width)})
            where = (lang, width, command)
            assert r.exit_code == 0, (where, r.stderr)
            assert "Traceback" not in r.stdout + r.stderr, where
            assert r.stdout == _typer_help(args, width), where
            assert r.stdout.startswith(usage), where
            for line in r.stdout.splitlines():  # wider than the terminal: only an option's names alone
                assert width_of(line) <= width or re.fullmatch(r"  (-\w, )?--[\w-]+ <[^ ]+>", line), (where, line)
            if lang == "zh":
                for line in r.stdout.splitlines():
                    assert not line.lstrip().startswith(tuple(NO_LINE_START)), (where, line)
                    assert not line.endswith(tuple(NO_LINE_END)), (where, line)
        top = invoke_main(["--help"], {"COLUMNS": str(width)}).stdout
        assert "..." not in top.split("\n\n", 2)[-1], (lang, width)  # no summary cut to the width
        for name, summary in summaries.items():
            assert _squeeze(f"{name}{summary}") in _squeeze(top), (lang, width, name)
