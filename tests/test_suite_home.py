"""The suite leaves the user's home alone: HOME and the cache point at a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

from gxeco import loader

from .conftest import REAL_HOME


def test_the_suite_caches_outside_the_users_home(ds) -> None:
    home = os.environ["HOME"]
    assert os.path.realpath(home) != os.path.realpath(REAL_HOME)
    cache = loader._cache_file(loader.bundled_path())
    assert cache is not None and Path(cache).is_relative_to(home)
    # the session's data, loaded before any per-test fixture, was cached there too
    assert any(Path(home).rglob("*.marshal"))
