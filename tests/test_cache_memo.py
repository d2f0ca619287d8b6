"""The cache's memo: a warm run trusts the status a file had when it was hashed (git's index rule),
never a file that changed since, however its size and times were kept."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from gxeco import cache, loader, tomlio

from .conftest import ROOT

BATCH9 = (ROOT / "tests" / "data" / "batch9.toml").read_bytes()
LATER = 60_000_000_000  # files a test has just written count as clean when read a minute "later"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: Any) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    return tmp_path / "c" / "gxeco"


def _read_later(monkeypatch: Any) -> None:
    monkeypatch.setattr(cache, "now_ns", lambda: time.time_ns() + LATER)


def _no_reading_or_hashing(monkeypatch: Any) -> None:
    def refuse(*a: object, **k: object) -> None:
        raise AssertionError("read or hashed although the memo holds")

    monkeypatch.setattr(cache, "digest", refuse)
    monkeypatch.setattr(tomlio, "read_regular", refuse)
    monkeypatch.setattr(loader, "parse_file", refuse)


def _memo(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{cache.MEMO}.marshal"))


@pytest.mark.skipif(os.name != "posix", reason="the memo is used where st_ctime is the change time")
def test_a_file_left_alone_is_loaded_without_reading_or_hashing_it(tmp_path: Path, folder: Path, monkeypatch) -> None:
    p = tmp_path / "b.toml"
    p.write_bytes(BATCH9)
    _read_later(monkeypatch)
    first = loader.load_file(p)
    (memo,) = _memo(folder)
    assert (memo.stat().st_mode & 0o777) == 0o600 and (folder.stat().st_mode & 0o777) == 0o700
    _no_reading_or_hashing(monkeypatch)
    again = loader.load_file(p)
    assert again == first and loader.origin(again[1][0]) is not None  # search and similar keep their entries


def test_a_file_changed_moments_before_it_was_read_is_hashed_on_every_run(tmp_path: Path, folder: Path, monkeypatch):
    """Racy-clean: a write within the same tick of a coarse clock would leave its times unchanged."""
    p = tmp_path / "b.toml"
    p.write_bytes(BATCH9)
    first = loader.load_file(p)
    assert _memo(folder) == []
    hashed: list[bytes] = []
    real = cache.digest
    monkeypatch.setattr(cache, "digest", lambda raw: hashed.append(raw) or real(raw))
    assert loader.load_file(p) == first and hashed == [BATCH9]


@pytest.mark.parametrize("keep_inode", [True, False], ids=["rewritten in place", "replaced like cp -p"])
def test_a_corrected_file_of_the_same_size_and_time_is_read_anew(
    tmp_path: Path, folder: Path, monkeypatch, keep_inode: bool
) -> None:
    """What cp -p, rsync -t and tar keep (size, modification time) never vouches for the content: the
    change time no tool can set back differs."""
    p = tmp_path / "b.toml"
    p.write_bytes(BATCH9)
    old = time.time_ns() - 3_600_000_000_000
    os.utime(p, ns=(old, old))
    _read_later(monkeypatch)
    assert loader.load_file(p)[1][0].short_title == "测试林业碳汇"
    assert len(_memo(folder)) == 1
    before = p.stat()
    fixed = BATCH9.replace("测试林业碳汇".encode(), "测验林业碳汇".encode())
    time.sleep(0.01)
    if keep_inode:
        p.write_bytes(fixed)
    else:
        (tmp_path / "new.toml").write_bytes(fixed)
        os.replace(tmp_path / "new.toml", p)
    os.utime(p, ns=(old, old))
    after = p.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert after.st_ctime_ns != before.st_ctime_ns
    assert loader.load_file(p)[1][0].short_title == "测验林业碳汇"
    # and the memo now names the new content
    _no_reading_or_hashing(monkeypatch)
    assert loader.load_file(p)[1][0].short_title == "测验林业碳汇"


def test_a_changed_source_text_is_hashed_and_checked_again(tmp_path: Path, folder: Path, monkeypatch) -> None:
    data = tmp_path / "cases.toml"
    data.write_bytes((ROOT / "data" / "cases.toml").read_bytes())
    src = tmp_path / "source" / "guangxi-epvr-batch3.md"
    src.parent.mkdir()
    text = (ROOT / "data" / "source" / "guangxi-epvr-batch3.md").read_bytes()
    src.write_bytes(text)
    _read_later(monkeypatch)
    loader.load_file(data)
    assert len(_memo(folder)) == 1
    st = src.stat()
    src.write_bytes(text.replace("广西".encode(), "广东".encode(), 1))  # same size
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))

    def parsed(*a: object, **k: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(loader, "parse_file", parsed)
    with pytest.raises(AssertionError, match="parsed again"):
        loader.load_file(data)


def test_a_forged_or_broken_memo_is_never_trusted(tmp_path: Path, folder: Path, monkeypatch) -> None:
    p = tmp_path / "b.toml"
    p.write_bytes(BATCH9)
    _read_later(monkeypatch)
    first = loader.load_file(p)
    (memo,) = _memo(folder)
    entry = Path(str(memo).replace(cache.MEMO, ""))
    # a memo naming another key: the entry's own key does not match, so the file is hashed
    key, recorded, taken = cache.read(str(memo), cache.MEMO)
    cache.write(str(memo), cache.MEMO, ((*key[:2], "0" * 32), recorded, taken))
    assert loader.load_file(p) == first
    assert cache.read(str(memo), cache.MEMO)[0] == key  # rewritten from the content
    for junk in (b"", b"\x00garbage", memo.read_bytes()[:-3]):
        memo.write_bytes(junk)
        assert loader.load_file(p) == first
    # a memo whose recorded times are recent is not trusted, even when it matches
    _, recorded, _ = cache.read(str(memo), cache.MEMO)
    cache.write(str(memo), cache.MEMO, (key, recorded, time.time_ns()))
    hashed: list[bytes] = []
    real = cache.digest
    monkeypatch.setattr(cache, "digest", lambda raw: hashed.append(raw) or real(raw))
    assert loader.load_file(p) == first and hashed == [BATCH9]
    assert entry.exists()
