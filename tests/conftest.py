from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gxeco.cli import app
from gxeco.loader import bundled_path, load

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("GXECO_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(scope="session")
def ds() -> Any:
    return load([bundled_path()])


class Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int | None = 0, env: dict[str, str] | None = None) -> Any:
        r = self.runner.invoke(app, list(args), env=env, catch_exceptions=False)
        if code is not None:
            assert r.exit_code == code, (args, r.exit_code, r.output)
        return r

    def json(self, *args: str, code: int = 0) -> Any:
        r = self(*args, "--format", "json", code=code)
        return json.loads(r.stdout)


@pytest.fixture
def run() -> Run:
    return Run()


def subprocess_run(*args: str, env: dict[str, str] | None = None, **kw: Any) -> subprocess.CompletedProcess[bytes]:
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "gxeco", *args], capture_output=True, env=e, timeout=60, **kw)
