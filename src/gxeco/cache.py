"""The user's cache folder: entries keyed on content, checked on every read, pruned by disuse.

An entry holds what was derived from a data file (the loader's parsed cases, search's folded
passages), under a key that names the content it was derived from: a BLAKE2b digest of the
file's bytes (and of its source text's), never its path, size or time, which two different
files can share (``cp -p``, ``rsync -t``, reproducible archives, coarse FAT/SMB times). Each
entry carries a checksum of its own payload, checked before the payload is unmarshalled: an entry
that was cut short or altered is never served, only rebuilt.

Entries are written whole (a temporary file renamed) into a folder created 0700. An entry's name
holds gxeco's version, the cache format and the Python version, so two installed versions (a
pipx release and a dev checkout) keep entries of their own side by side; no version removes
another's. An entry unused for PRUNE_DAYS is removed when any entry is written, which is also
when stray temporary files go; a read refreshes the entry's time at most once a day.

Only regular files are cached (tomlio refuses the rest, and standard input is never cached).

The digest is ``_blake2.blake2b``, the module ``hashlib.blake2b`` wraps: importing it costs
~0.1 ms where ``hashlib`` costs ~4 ms (it loads OpenSSL). Hashing the bundled data and its
source text (0.5 MB) is most of what the cache adds to a run (~1.5 ms with the CPU shared);
the entry's checksum is CRC-32 (zlib), a tenth of BLAKE2b's cost for its 0.3 MB.
"""

from __future__ import annotations

import marshal
import os
import sys

from ._version import __version__

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from typing import Any

NO_CACHE_ENV = "GXECO_NO_CACHE"
# 3: Metric.restates; 4: marshal; 5: search's folded passages; 6: similar's bigrams; 7: figures as published, parts;
# 8: search's folded passages in an entry of search's own (passages.py); 9: similar's rankings (show's 相似 line)
# instead of its bigrams; 10: keyed on content, each entry checksummed; 11: no rankings (similar ranks a case on
# use and keeps what it derives in entries of its own: ranking every case made cold loads quadratic)
CACHE_FORMAT = 11
PRUNE_DAYS = 30
_DAY = 86_400
_TMP = ".tmp-"


def digest(raw: bytes) -> str:
    try:
        from _blake2 import blake2b  # what hashlib.blake2b is, without hashlib's import of OpenSSL
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b
    return blake2b(raw, digest_size=16).hexdigest()


def _checksum(payload: bytes) -> int:
    """The entry's own checksum, against damage (cut short, bytes changed): CRC-32 finds those, at a
    tenth of BLAKE2b's cost. The key, a digest of the data's content, says which data it holds."""
    from zlib import crc32

    return crc32(payload)


def cache_dir() -> str | None:
    if os.environ.get(NO_CACHE_ENV):
        return None
    base = os.environ.get("XDG_CACHE_HOME")
    if sys.platform == "win32":
        base = base or os.environ.get("LOCALAPPDATA")
    elif sys.platform == "darwin" and not base:
        base = os.path.join(os.path.expanduser("~"), "Library", "Caches")
    if not base:
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "gxeco")


def prefix() -> str:
    """What names this version's entries: gxeco's version, the cache format, Python's version (marshal's
    format is Python's own)."""
    return f"v{__version__}-f{CACHE_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}-"


def entry_path(path: str, suffix: str = "") -> str | None:
    """Where the entry for a data file lives: one per file path and version, overwritten when the file
    changes (its content is the key inside, checked on every read)."""
    d = cache_dir()
    if d is None:
        return None
    # FNV-1a over the real path: the name only spreads the entries out
    h = 0x811C9DC5
    for byte in os.path.realpath(path).encode("utf-8", "surrogateescape"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return os.path.join(d, f"{prefix()}{h:08x}{suffix}.marshal")


def read(cfile: str, key: Any) -> Any:
    """The payload of the entry when it was written under ``key`` and its checksum holds; else None."""
    try:
        with open(cfile, "rb") as fh:
            outer = marshal.loads(fh.read())
        if type(outer) is not tuple or len(outer) != 3 or outer[0] != key:
            return None
        _key, checksum, payload = outer
        if type(payload) is not bytes or _checksum(payload) != checksum:
            return None
        data = marshal.loads(payload)
        _touch(cfile)
        return data
    except (OSError, ValueError, EOFError, TypeError):
        return None


def _touch(cfile: str) -> None:
    """Refresh an entry's time, at most once a day, so that pruning keeps what is used."""
    import time

    now = time.time()
    try:
        if now - os.stat(cfile).st_mtime > _DAY:
            os.utime(cfile, (now, now))
    except OSError:
        pass


def write(cfile: str, key: Any, data: Any) -> None:
    """Write an entry whole; a folder that cannot be written only costs speed."""
    import tempfile

    folder = os.path.dirname(cfile)
    try:
        payload = marshal.dumps(data)
        blob = marshal.dumps((key, _checksum(payload), payload))
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=_TMP, suffix=".marshal")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, cfile)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        prune(folder)
    except (OSError, ValueError):
        pass  # a read-only or full cache folder, or a value marshal cannot write, only costs speed


def prune(folder: str, *, days: float = PRUNE_DAYS) -> None:
    """Remove entries of any version unused for ``days`` and temporary files left by a run that
    was killed while writing (older than an hour)."""
    import time

    now = time.time()
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not name.endswith((".marshal", ".json")):
            continue
        full = os.path.join(folder, name)
        try:
            age = now - os.stat(full).st_mtime
            if age > days * _DAY or (name.startswith(_TMP) and age > 3600):
                os.unlink(full)
        except OSError:
            pass
