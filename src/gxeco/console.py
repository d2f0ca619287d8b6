"""The terminal edge: safe streams for any console encoding, quiet broken pipes."""

from __future__ import annotations

import codecs
import io
import os
import sys

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from typing import Any, TextIO

# Characters some consoles (GBK/cp936, ASCII) lack, with readable stand-ins.
_FALLBACK = str.maketrans(
    {"²": "2", "³": "3", "₂": "2", "•": "·", "✓": "v", "✗": "x", "…": "...", "█": "#", "▏": "|", "—": "--", "·": "."}
)


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a readable stand-in for what the encoding lacks, else the
    character's escape (\\u9f99): exact, where "?" would lose it (an error message quoting
    Chinese on an ASCII console)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start : exc.end]:
        alt = ch.translate(_FALLBACK)
        try:
            alt.encode(exc.encoding)
        except UnicodeEncodeError:
            alt = alt.translate(_FALLBACK)  # a stand-in of a stand-in: • -> · -> . on ASCII
        try:
            alt.encode(exc.encoding)
        except UnicodeEncodeError:
            alt = ch.encode("ascii", "backslashreplace").decode("ascii")
        out.append(alt)
    return "".join(out), exc.end


codecs.register_error("gxeco-fallback", _fallback)


class SafeStream(io.TextIOBase):
    """Wraps a text stream so that characters it cannot encode never raise."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner
        self._enc = (getattr(inner, "encoding", None) or "utf-8").lower()
        self._utf = self._enc.replace("-", "").startswith("utf")

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", None) or "utf-8"

    def write(self, s: str) -> int:
        if not self._utf:
            # The codec does the work at C speed; only the characters it cannot encode reach _fallback.
            s = s.encode(self._enc, "gxeco-fallback").decode(self._enc)
        else:
            # lone surrogates (from arguments that were not valid UTF-8) cannot be written
            s = s.encode("utf-8", "replace").decode("utf-8")
        self.inner.write(s)
        return len(s)

    def flush(self) -> None:
        self.inner.flush()

    def close(self) -> None:
        """The wrapped stream is the interpreter's: closing (and flushing, which
        IOBase.__del__ would do after the stream may be gone) is left to it."""

    def isatty(self) -> bool:
        try:
            return self.inner.isatty()
        except (AttributeError, ValueError):
            return False

    def fileno(self) -> int:
        return self.inner.fileno()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def install() -> None:
    """Make stdout/stderr safe for this process (called once by main)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or isinstance(stream, SafeStream):
            continue
        try:  # noqa: SIM105  (importing contextlib would be most of this module's cost)
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
        setattr(sys, name, SafeStream(stream))


def silence_broken_pipe() -> None:
    """After the reader went away: point stdout at devnull so the exit flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (OSError, AttributeError, ValueError):
        pass


def plain_width(stream: TextIO, width: int | None = None) -> int | None:
    """The width rich's Console would lay a table out at on this stream when it would write no
    colour (not a terminal, nothing forcing one), else None: then rich decides.

    Importing rich.console is most of a table's cost; with no colour to write it would only
    pick the width and write the finished lines, so those lines are written without it. Only
    the plainest case is taken here (not Windows, no notebook, none of the variables that
    make rich treat a pipe as a terminal); its width is found as rich's Console.size finds
    it: ``width``, else $COLUMNS, else the size of the first of stdin, stdout, stderr that is
    a terminal, else 80. tests/test_plain_width.py holds this to rich's own answer."""
    if os.name == "nt" or any(v in os.environ for v in _RICH_TERMINAL_VARS):
        return None
    import builtins

    if hasattr(builtins, "get_ipython"):  # IPython or Jupyter: rich has its own rules there
        return None
    isatty = getattr(stream, "isatty", None)
    try:
        if isatty is None or isatty():
            return None
    except ValueError:
        pass  # a closed stream: rich takes it as not a terminal
    if width is not None:
        return width
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    for fd in _std_fds():
        try:
            return os.get_terminal_size(fd)[0] or 80
        except (AttributeError, ValueError, OSError):
            pass
    return 80


# what makes rich write colour to a pipe, or size a console its own way
_RICH_TERMINAL_VARS = (
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "JUPYTER_COLUMNS",
    "DATABRICKS_RUNTIME_VERSION",
)


def _std_fds() -> tuple[int, int, int]:
    """The descriptors of the interpreter's own stdin, stdout and stderr, as rich reads them."""
    fds = []
    for stream, default in ((sys.__stdin__, 0), (sys.__stdout__, 1), (sys.__stderr__, 2)):
        try:
            fds.append(stream.fileno())  # type: ignore[union-attr]
        except Exception:  # rich's own fallback for any failure
            fds.append(default)
    return fds[0], fds[1], fds[2]


def pager_command() -> str | None:
    """The pager git would choose: $GXECO_PAGER, else $PAGER, else less when it is installed;
    None when paging is off ("" or "cat", as in git)."""
    cmd = os.environ.get("GXECO_PAGER")
    if cmd is None:
        cmd = os.environ.get("PAGER")
    if cmd is None:
        import shutil

        cmd = "less" if shutil.which("less") else ""
    cmd = cmd.strip()
    return None if cmd in ("", "cat") else cmd


def page(text: str, cmd: str) -> None:
    """Hand finished text (lines already broken, styles as escape codes) to a pager and wait for it.

    LESS=FRX, as git sets it when the reader has not set LESS: R shows the styles, F quits
    at once on output shorter than the screen, X leaves the screen as it was."""
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    enc = getattr(sys.stdout, "encoding", None) or "utf-8"
    if enc.lower().replace("-", "") == "utf8" and "LESSCHARDEF" not in env:
        # the text is UTF-8 whatever locale less would guess from (a C locale shows <E5><85> for 具)
        env.setdefault("LESSCHARSET", "utf-8")
    try:
        proc = subprocess.Popen(cmd, shell=True, stdin=subprocess.PIPE, env=env)  # a command line, as git runs $PAGER
    except OSError:
        sys.stdout.write(text)
        return
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(enc, "replace"))
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader quit the pager before the end
    while True:
        try:
            proc.wait()
            break
        except KeyboardInterrupt:
            pass  # Ctrl-C belongs to the pager, as with git and pydoc
