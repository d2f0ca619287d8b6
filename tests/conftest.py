from __future__ import annotations

import contextlib
import functools
import importlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

# The suite speaks English whatever the developer's locale; tests/test_i18n.py switches to Chinese
# itself. Set before gxeco.cli is imported: it translates its help as it is imported.
for _var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_var, None)
os.environ["GXECO_LANG"] = "en"

from gxeco import i18n  # noqa: E402
from gxeco.__main__ import main  # noqa: E402
from gxeco.cli import app  # noqa: E402
from gxeco.loader import bundled_path, load  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# CI is derandomized, so green never means lucky: the same examples every run, plus
# the @example of every bug ever found. Locally hypothesis explores (HYPOTHESIS_PROFILE=dev), new examples
# each run, as many as keep the whole suite under its minute; HYPOTHESIS_PROFILE=deep explores far more.
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}
settings.register_profile("ci", derandomize=True, max_examples=25, print_blob=True, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("dev", max_examples=40, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("deep", max_examples=1000, **_COMMON)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


# The suite never writes into the user's home: HOME and XDG_CACHE_HOME point into a
# temporary folder before any fixture or test runs, session-scoped ones included (the `ds` fixture
# used to load, and so cache, before the per-test redirection below had run). An audit hook in
# every test process records any file written, made, moved or removed under the real home, and
# the session fails if there is one. (Other programs on the machine may use the real cache at
# the same time, so comparing the folder before and after would not say who wrote.)
# read before pytest_configure moves HOME; xdist's workers inherit it from the controller
REAL_HOME = os.environ.setdefault("GXECO_TEST_REAL_HOME", os.path.realpath(os.path.expanduser("~")))
_WRITES: list[str] = []
_WRITE_EVENTS = frozenset({"open", "os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir"})
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event not in _WRITE_EVENTS or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    if event == "open":
        mode, flags = args[1], args[2]
        writes = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & _WRITE_FLAGS)
        if not writes:
            return
    path = os.fsdecode(args[0])
    if os.path.realpath(os.path.abspath(path)).startswith(REAL_HOME + os.sep) and not path.startswith(
        os.environ.get("HOME", "\0")
    ):
        _WRITES.append(f"{event} {path}")


def pytest_configure(config: pytest.Config) -> None:
    import tempfile

    home = tempfile.mkdtemp(prefix="gxeco-test-home-")
    config.stash[_HOME] = home
    os.environ["HOME"] = home
    os.environ["XDG_CACHE_HOME"] = os.path.join(home, ".cache")
    if os.path.realpath(tempfile.gettempdir()).startswith(REAL_HOME + os.sep):
        return  # a temporary folder inside the home: the hook cannot tell the two apart
    sys.addaudithook(_audit)


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    home = config.stash.get(_HOME, "")
    if home:
        shutil.rmtree(home, ignore_errors=True)


_HOME = pytest.StashKey[str]()


@pytest.fixture(scope="session", autouse=True)
def _home_untouched() -> Any:
    """Fails the session (at its last test's teardown, in each worker) if a test wrote into the real home."""
    yield
    assert not _WRITES, f"the suite wrote into {REAL_HOME}: {_WRITES[:5]}"


@pytest.fixture(scope="session")
def _session_cache(pytestconfig: pytest.Config) -> Path:
    """One parsed-data cache for the whole run: parsing the bundled file once, not once per test,
    is most of the suite's time. Tests of the cache itself point XDG_CACHE_HOME elsewhere."""
    return Path(pytestconfig.stash[_HOME]) / ".cache"


@pytest.fixture(autouse=True)
def _isolated_cache(_session_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(_session_cache))
    monkeypatch.delenv("GXECO_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    i18n.reset()  # the language is decided once per run; each test is a run


@pytest.fixture(scope="session")
def ds() -> Any:
    return load([bundled_path()])


class Result:
    """What a run printed and returned, shaped like typer's testing Result."""

    def __init__(self, stdout: str, stderr: str, exit_code: int) -> None:
        self.stdout, self.stderr, self.exit_code = stdout, stderr, exit_code
        self.output = stdout + stderr


def invoke_main(args: list[str], env: dict[str, str] | None = None) -> Result:
    """Run the real entry point in-process: the fast path, else typer."""
    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdout, sys.stderr
    wout = io.TextIOWrapper(out, encoding="utf-8", newline="")
    werr = io.TextIOWrapper(err, encoding="utf-8", newline="")
    sys.stdout, sys.stderr = wout, werr
    old_env = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    code: Any = 0
    try:
        main(args)
    except SystemExit as exc:
        code = exc.code
    finally:
        for w in (wout, werr):
            w.flush()
            w.detach()
        sys.stdout, sys.stderr = saved
        for k, v in old_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    code = 0 if code is None else code if isinstance(code, int) else 1
    return Result(out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"), code)


# typer's runner rebuilds the click command from the declarations on every invoke
# (~60 ms); the declarations do not change during a run, so build it once.
typer.testing._get_command = functools.cache(typer.testing._get_command)  # type: ignore[attr-defined]
# … and so does the entry point each time the fast path hands a line to typer (usage errors, help)
typer.main.get_command = functools.cache(typer.main.get_command)


class Run:
    """Drives the CLI through typer's test runner, or through the real entry point."""

    def __init__(self, via: str = "typer") -> None:
        self.via = via
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int | None = 0, env: dict[str, str] | None = None) -> Any:
        if self.via == "main":
            r = invoke_main(list(args), env)
        else:
            r = self.runner.invoke(app, list(args), env=env, catch_exceptions=False)
        if code is not None:
            assert r.exit_code == code, (args, r.exit_code, r.output)
        return r

    def json(self, *args: str, code: int = 0) -> Any:
        r = self(*args, "--format", "json", code=code)
        return json.loads(r.stdout)


@pytest.fixture(params=["typer", "main"])
def run(request: pytest.FixtureRequest) -> Run:
    """Every CLI test runs twice: through typer alone, and through the entry point's fast path."""
    return Run(request.param)


def subprocess_run(*args: str, env: dict[str, str] | None = None, **kw: Any) -> subprocess.CompletedProcess[bytes]:
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "gxeco", *args], capture_output=True, env=e, timeout=60, **kw)


def help_key(argv: list[str]) -> str | None:
    """Which stored --help text (_grammar.HELP) this command line asks for ("" for the top level)."""
    from gxeco import fastpath
    from gxeco._grammar import GRAMMAR

    try:
        got = fastpath.parse(argv, GRAMMAR, {})
    except fastpath.UsageError:
        return None
    return got.key if isinstance(got, fastpath.Help) else None


LOCALES = {"zh": "zh_CN.UTF-8", "en": "en_US.UTF-8"}


@contextlib.contextmanager
def cli_in_language(lang: str) -> Iterator[None]:
    """The CLI as a person under that locale gets it: cli.py translates its help as it is
    imported, so it is imported afresh (per module, not per test: rebuilding typer's commands is
    the slow part)."""
    from gxeco import i18n

    with pytest.MonkeyPatch.context() as mp:
        for var in ("GXECO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
            mp.delenv(var, raising=False)
        mp.setenv("LANG", LOCALES[lang])
        i18n.reset()
        importlib.reload(importlib.import_module("gxeco.cli"))
        yield
    i18n.reset()
