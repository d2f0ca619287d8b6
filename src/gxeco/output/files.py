"""Binary export formats (xlsx, sqlite), one module each.

``export.py`` imports a module here only when its format is asked for, so
XlsxWriter and sqlite3 never load for any other command. What they share is the
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
    from collections.abc import Iterator, Sequence


def refuse_existing(path: Path, *, force: bool) -> None:
    """Checked before any work, for every file an export will write: a folder always, an existing file
    or a symbolic link without --force (a dangling link too: writing would create a file where it points)."""
    if path.is_dir():
        raise GxecoError(_("{file} is a folder").format(file=path))
    if (path.exists() or path.is_symlink()) and not force:
        raise GxecoError(_("{file} exists; use --force to overwrite").format(file=path))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _cannot_write(path: Path, exc: BaseException) -> GxecoError:
    reason = os_reason(exc) if isinstance(exc, OSError) else str(exc) or type(exc).__name__
    return GxecoError(_("cannot write {file}: {reason}").format(file=path, reason=reason))


@contextmanager
def atomic_files(paths: Sequence[Path], *, force: bool) -> Iterator[list[Path]]:
    """Temporary files beside ``paths`` to build into; renamed over ``paths`` only when the block
    succeeds, all of them or none: a failed write (a full disk, a size limit, an I/O error) becomes one
    line and exit 2, the old files stay and no temporary file is left.

    mkstemp creates a file 0600; the results get ``0o666 & ~umask`` like any file the user's
    tools write, so a workbook can be shared as the user's umask allows.
    """
    import tempfile

    for path in paths:
        refuse_existing(path, force=force)
    tmps: list[Path] = []
    try:
        for path in paths:  # every temporary file made before anything is written
            parent = path.parent if str(path.parent) else Path(".")
            try:
                fd, name = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
            except OSError as exc:
                raise _cannot_write(path, exc) from None
            os.close(fd)
            tmps.append(Path(name))
        current = paths[0]
        try:
            yield tmps
            mode = 0o666 & ~_umask()
            for path, tmp in zip(paths, tmps, strict=True):
                current = path
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
                os.chmod(tmp, mode)
            for path, tmp in zip(paths, tmps, strict=True):
                current = path
                os.replace(tmp, path)
        except (OSError, MemoryError) as exc:
            raise _cannot_write(current, exc) from None
    finally:
        for tmp in tmps:
            tmp.unlink(missing_ok=True)


@contextmanager
def atomic_file(path: Path, *, force: bool) -> Iterator[Path]:
    """One file written whole or not at all (atomic_files)."""
    with atomic_files([path], force=force) as (tmp,):
        yield tmp
