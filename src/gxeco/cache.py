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

A warm run need not hash at all: beside an entry, a memo (``<entry>-stat.marshal``) records the
status (device, inode, size, modification and change times to the nanosecond) under which the
data file and its source text had the content the key names, as git's index does for the files
it tracks. The memo is trusted only while every one of those is unchanged, and only for a file
whose modification and change times are older than the moment it was read by more than RACY_NS
(git's racy-clean rule: a write in the same tick of a coarse clock would leave both times as they
were). The change time is what ``cp -p``, ``rsync -t`` or ``tar`` cannot carry over: a file they
put in place has a change time of its own, so its content is hashed again. On any doubt (no memo,
any field changed, a recent file, a platform whose ``st_ctime`` is not the change time), the
bytes are read and hashed, and entries stay keyed on content either way.

The digest is ``_blake2.blake2b``, the module ``hashlib.blake2b`` wraps: importing it costs
~0.1 ms where ``hashlib`` costs ~4 ms (it loads OpenSSL). Hashing the bundled data and its
source text (0.5 MB) is most of what the cache adds to a run (~1.5 ms with the CPU shared);
the entry's checksum is CRC-32 (zlib), a tenth of BLAKE2b's cost for its 0.3 MB. With a memo
that holds, a warm run reads neither the data file nor its source text.
"""

from __future__ import annotations

import marshal
import os
import sys

from ._version import __version__

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, TypeAlias

    Stamp: TypeAlias = tuple[int, int, int, int, int]

NO_CACHE_ENV = "GXECO_NO_CACHE"
# 3: Metric.restates; 4: marshal; 5: search's folded passages; 6: similar's bigrams; 7: figures as published, parts;
# 8: search's folded passages in an entry of search's own (passages.py); 9: similar's rankings (show's 相似 line)
# instead of its bigrams; 10: keyed on content, each entry checksummed; 11: no rankings (similar ranks a case on
# use and keeps what it derives in entries of its own: ranking every case made cold loads quadratic); 12: each
# case's figures marshalled apart, read on first use; 13: each case's texts too
CACHE_FORMAT = 13
PRUNE_DAYS = 30
# A file changed less than this before it was read may change again within its clock's tick unseen:
# FAT keeps modification times to 2 s, some network file systems to 1 s.
RACY_NS = 3_000_000_000
MEMO = "-stat"  # suffix of a memo's entry
# st_ctime is the change time where every write sets it and nothing can set it back: POSIX. On
# Windows it is the creation time, which an in-place rewrite keeps, so there the content decides.
_MEMO_ON = os.name == "posix"
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
    folder = os.path.dirname(cfile)
    try:
        payload = marshal.dumps(data)
        blob = marshal.dumps((key, _checksum(payload), payload))
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = _create(folder)
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


def _create(folder: str) -> tuple[int, str]:
    """A new temporary file in folder, open for writing, readable by its owner alone: what
    tempfile.mkstemp does, without importing tempfile (shutil, random, bz2 and lzma come with it,
    on the run that builds an entry)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _attempt in range(100):
        tmp = os.path.join(folder, f"{_TMP}{os.urandom(8).hex()}.marshal")
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(folder)


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


# --- the memo: under which status a file had the content a key names ------------------------------


def stamp(st: os.stat_result) -> Stamp:
    """What the memo compares: device, inode, size, modification and change time (ns)."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def clean(st: Stamp, taken_ns: int) -> bool:
    """git's racy-clean rule: the file had been left alone for RACY_NS when it was read at ``taken_ns``,
    so a later write cannot share its times."""
    return st[3] < taken_ns - RACY_NS and st[4] < taken_ns - RACY_NS


def now_ns() -> int:
    """The moment a file is about to be read (before its status is taken): what ``clean`` compares with."""
    import time

    return time.time_ns()


def recall(cfile: str, path: str) -> tuple[Any, tuple[str, ...]] | None:
    """(key, the files it covers) from the memo beside ``cfile`` when it was written for ``path`` (the
    data file, first of its files; then its source text, if any) and each of its files still has the
    status recorded then and was clean then; else None. The caller checks that the other files are
    the ones the entry names."""
    if not _MEMO_ON:
        return None
    memo = read(cfile.removesuffix(".marshal") + MEMO + ".marshal", MEMO)
    try:
        key, recorded, taken = memo
        if recorded[0][0] != path:
            return None
        for path, st in recorded:
            if not clean(st, taken) or stamp(os.stat(path)) != st:
                return None
        return key, tuple(path for path, _st in recorded)
    except (OSError, ValueError, TypeError, IndexError):
        return None  # no memo, or not of this shape: hash


def remember(cfile: str, key: Any, recorded: Sequence[tuple[str, Stamp]], taken_ns: int) -> None:
    """Write the memo when every file was clean at ``taken_ns`` (else the next run hashes again,
    as it must, and writes it then)."""
    if not _MEMO_ON or not all(clean(st, taken_ns) for _path, st in recorded):
        return
    write(cfile.removesuffix(".marshal") + MEMO + ".marshal", MEMO, (key, tuple(recorded), taken_ns))
