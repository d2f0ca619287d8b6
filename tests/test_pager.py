"""The pager, as git does it: on a terminal, output longer than the screen goes through
$GXECO_PAGER / $PAGER / less (LESS=FRX when unset), already broken by gxeco's Chinese line breaking."""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from gxeco.layout import width_of

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CLOSING = "，。、；：？！）」』》〉】〕〗”’％"


def on_terminal(args: list[str], env: dict[str, str], rows: int = 20, cols: int = 80) -> str:
    """Run gxeco with stdout on a pseudo-terminal of rows x cols; what reached the terminal."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    unset = ("LESS", "LESSCHARSET", "LESSCHARDEF", "PAGER", "GXECO_PAGER", "COLUMNS", "LINES")
    full = {k: v for k, v in os.environ.items() if k not in unset}
    full.update(env, TERM="xterm-256color", GXECO_LANG="zh", NO_COLOR="")
    full.pop("NO_COLOR")
    proc = subprocess.Popen([sys.executable, "-m", "gxeco", *args], stdin=slave, stdout=slave, stderr=slave, env=full)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=30)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def fake_pager(tmp_path: Path) -> tuple[str, Path, Path]:
    out, env = tmp_path / "paged.txt", tmp_path / "pager.env"
    return f"cat > '{out}'; env > '{env}'", out, env


def test_long_show_opens_in_the_pager_styled_and_broken_by_clreq(tmp_path: Path) -> None:
    cmd, out, env = fake_pager(tmp_path)
    screen = on_terminal(["show", "14", "-s", "做法"], {"GXECO_PAGER": cmd})
    assert "具体做法" not in screen  # all of it went to the pager
    paged = out.read_text(encoding="utf-8")
    assert "\x1b[1m" in paged  # the bold run-in subheadings reach the pager as escape codes
    assert {"LESS=FRX", "LESSCHARSET=utf-8"} <= set(env.read_text(encoding="utf-8").splitlines())
    lines = ANSI.sub("", paged).splitlines()
    assert len(lines) > 20
    for line in lines:
        assert width_of(line) <= 80, line  # broken at the terminal's width by gxeco, not by the pager
        assert not line.lstrip() or line.lstrip()[0] not in CLOSING, line


def test_reader_s_less_setting_kept_and_pager_chosen_like_git(tmp_path: Path) -> None:
    cmd, out, env = fake_pager(tmp_path)
    on_terminal(["show", "14", "-s", "做法"], {"PAGER": cmd, "LESS": "-S"})
    assert out.exists()
    assert "LESS=-S" in env.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("args", "env", "shown"),
    [
        (["--no-pager", "show", "14", "-s", "做法"], {}, "具体做法"),
        (["show", "14", "-s", "做法"], {"GXECO_PAGER": "cat"}, "具体做法"),
        (["show", "14", "-s", "标题"], {}, "梧州市龙圩区"),  # shorter than the screen: printed directly
    ],
)
def test_no_pager(tmp_path: Path, args: list[str], env: dict[str, str], shown: str) -> None:
    cmd, out, _ = fake_pager(tmp_path)
    screen = on_terminal(args, {"PAGER": cmd, **env})
    assert not out.exists()
    assert shown in screen


def test_never_when_piped(tmp_path: Path) -> None:
    cmd, out, _ = fake_pager(tmp_path)
    env = {**os.environ, "GXECO_PAGER": cmd}
    r = subprocess.run(
        [sys.executable, "-m", "gxeco", "show", "14", "-s", "做法"], env=env, capture_output=True, check=True
    )
    assert not out.exists()
    assert "具体做法" in r.stdout.decode()
