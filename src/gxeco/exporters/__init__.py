"""Binary export formats (xlsx, sqlite), one module each.

``export.py`` imports a module here only when its format is asked for, so
openpyxl and sqlite3 never load for any other command. What they share is the
way the file reaches the disk: whole or not at all, with the mode a plain
``open()`` would have given it.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from ..errors import GxecoError, os_reason
from ..i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


def refuse_existing(path: Path, *, force: bool) -> None:
    """Checked before any work, for every file an export will write."""
    if path.is_dir():
        raise GxecoError(_("{file} is a folder").format(file=path))
    if path.exists() and not force:
        raise GxecoError(_("{file} exists; use --force to overwrite").format(file=path))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_file(path: Path, *, force: bool) -> Iterator[Path]:
    """A temporary file beside ``path`` to build into; renamed over ``path`` only when the block succeeds.

    mkstemp creates the file 0600; the result gets ``0o666 & ~umask`` like any file
    the user's tools write, so a workbook can be shared as the user's umask allows.
    """
    import tempfile

    refuse_existing(path, force=force)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise GxecoError(_("cannot write {file}: {reason}").format(file=path, reason=os_reason(exc))) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        raise GxecoError(_("cannot write {file}: {reason}").format(file=path, reason=os_reason(exc))) from None
    finally:
        tmp.unlink(missing_ok=True)
