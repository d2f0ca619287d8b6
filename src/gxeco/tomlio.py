"""Reading a TOML data file: the one place both the loader and the schema's validate read one.

Kept apart so that ``loader`` (finding, caching) and ``schema`` (the rules) need not import
each other: a file is read here, checked there, cached by the loader.
"""

from __future__ import annotations

import os
import re

from .errors import DataError, os_reason
from .i18n import _

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    # Paths are plain strings on the hot path: importing pathlib costs ~8 ms (urllib.parse,
    # ipaddress), a tenth of a lookup. Callers may pass Path objects all the same.
    StrPath: TypeAlias = str | os.PathLike[str]


def _toml_loads(text: str) -> dict[str, Any]:
    # tomli on every Python, not the standard library's tomllib (the same parser, pure Python):
    # tomli's wheels are compiled with mypyc and parse a 1 500-case file 2.2x faster.
    import tomli

    data: dict[str, Any] = tomli.loads(text)
    return data


MAX_BYTES = 64 * 1024 * 1024  # a data or source file: the 15 cases are 0.4 MB, 1 500 cases ~40 MB
STDIN = "-"  # --data -: standard input, read once, never cached
_stdin: bytes | None = None


def _too_large() -> str:
    return _("larger than {mb} MB, the most a data file may hold").format(mb=MAX_BYTES // (1024 * 1024))


def stdin_bytes() -> bytes:
    """Standard input (--data -), read once per run however often it is named."""
    import sys

    global _stdin
    if _stdin is None:
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise DataError(_too_large(), path=STDIN)
        _stdin = raw
    return _stdin


def open_regular(path: StrPath, *, data: bool = True) -> tuple[int, os.stat_result]:
    """An open descriptor of a regular file of at most MAX_BYTES, and its status: a device (/dev/zero),
    a FIFO or a folder is refused in one line, before anything is read."""
    import stat

    try:
        # O_NONBLOCK: opening a FIFO with no writer must not hang; a regular file ignores it
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise DataError(_("no such file"), path=str(path)) from None
    except IsADirectoryError:
        raise DataError(_("is a folder, not a data file"), path=str(path)) from None
    except OSError as exc:
        raise DataError(_("cannot read: {reason}").format(reason=os_reason(exc)), path=str(path)) from None
    st = os.fstat(fd)
    problem = None
    if stat.S_ISDIR(st.st_mode):
        problem = _("is a folder, not a data file")
    elif not stat.S_ISREG(st.st_mode):
        problem = _("not a regular file (a device, a pipe or a socket)")
        if data:
            problem += _("; to read standard input use --data -")
    elif st.st_size > MAX_BYTES:
        problem = _too_large()
    if problem is not None:
        os.close(fd)
        raise DataError(problem, path=str(path))
    return fd, st


def read_bytes(path: StrPath, *, data: bool = True) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES (a data file's ``-``: standard input),
    DataErrors otherwise."""
    if data and os.fspath(path) == STDIN:
        return stdin_bytes()
    return read_regular(path, data=data)[0]


def read_regular(path: StrPath, *, data: bool = True) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most MAX_BYTES and its status as it was opened."""
    fd, st = open_regular(path, data=data)
    try:
        with os.fdopen(fd, "rb") as fh:
            # read() allocates what it is asked for: the size fstat gave, then the rest of a file
            # that grew meanwhile, never more than the cap
            raw = fh.read(st.st_size + 1)
            if len(raw) > st.st_size:
                raw += fh.read(MAX_BYTES + 1 - len(raw))
    except OSError as exc:
        raise DataError(_("cannot read: {reason}").format(reason=os_reason(exc)), path=str(path)) from None
    if len(raw) > MAX_BYTES:
        raise DataError(_too_large(), path=str(path))
    return raw, st


def read_file(path: StrPath, raw: bytes | None = None) -> tuple[dict[str, Any], str]:
    """The parsed TOML and its text (of ``raw`` when the caller has read the bytes already);
    unreadable, oversized, non-regular, non-UTF-8 or malformed files are DataErrors."""
    if raw is None:
        raw = read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise DataError(_("not valid UTF-8"), path=str(path), line=bad_line) from None
    try:
        return _toml_loads(text), text
    except Exception as exc:  # tomli.TOMLDecodeError
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line: int | None = int(m.group(1)) if m else getattr(exc, "lineno", None)
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg).split("\n")[0]
        raise DataError(_("TOML syntax error: {reason}").format(reason=msg), path=str(path), line=line) from None


class Locator:
    """Finds the line of a case's field in the raw text, for error messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.case_starts = [i for i, ln in enumerate(self.lines) if ln.strip() == "[[case]]"]

    def line(self, index: int | None, field: str | None = None, metric: int | None = None) -> int | None:
        if index is None:
            return self._find(0, len(self.lines), field.split(".")[-1]) if field else None
        if index >= len(self.case_starts):
            return None
        start = self.case_starts[index]
        end = self.case_starts[index + 1] if index + 1 < len(self.case_starts) else len(self.lines)
        if field is None:
            return start + 1
        if metric is not None:
            seen, inside = -1, False
            for i in range(start, end):
                s = self.lines[i].strip()
                if s.startswith("metrics") and "[" in s:
                    inside = True
                elif (inside and s.startswith("{")) or s.startswith("[[case.metrics]]"):
                    seen += 1
                    if seen == metric:
                        return i + 1
        return self._find(start, end, field.split(".")[0].split("[")[0]) or start + 1

    def _find(self, start: int, end: int, key: str) -> int | None:
        # key = …, or a table of that name: [key], [[key]], [key.sub]
        pat = re.compile(rf"^\s*(?:{re.escape(key)}\s*=|\[\[?\s*{re.escape(key)}\s*[\].])")
        return next((i + 1 for i in range(start, end) if pat.match(self.lines[i])), None)
