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


def read_file(path: StrPath) -> tuple[dict[str, Any], str]:
    """The parsed TOML and its text; unreadable, non-UTF-8 or malformed files are DataErrors."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise DataError(_("no such file"), path=str(path)) from None
    except IsADirectoryError:
        raise DataError(_("is a folder, not a data file"), path=str(path)) from None
    except OSError as exc:
        raise DataError(_("cannot read: {reason}").format(reason=os_reason(exc)), path=str(path)) from None
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
