"""The fast path parses a command line exactly as typer would, or leaves it to typer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gxeco import commands, fastpath
from gxeco._grammar import GRAMMAR, HELP
from gxeco.cli import app

ROOT = Path(__file__).resolve().parent.parent


def test_grammar_is_current() -> None:
    assert fastpath.grammar_of(typer.main.get_command(app)) == GRAMMAR, "run python scripts/regen_grammar.py"
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "regen_grammar.py"), "--check"], capture_output=True)
    assert r.returncode == 0, r.stderr.decode()  # the stored --help texts too


SCRIPT = Path(sys.executable).parent / ("gxeco.exe" if os.name == "nt" else "gxeco")


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed beside this Python")
@pytest.mark.parametrize("args", [["--help"], ["-h"], ["search", "--help"], ["export", "-h"]])
def test_stored_help_is_what_typer_prints(args: list[str]) -> None:
    def script(columns: str) -> str:
        env = {**os.environ, "COLUMNS": columns}
        return subprocess.run([str(SCRIPT), *args], capture_output=True, env=env, timeout=60).stdout.decode()

    key = fastpath.help_key(args, GRAMMAR)
    assert key is not None
    typer_text = CliRunner().invoke(app, args, prog_name="gxeco", env={"COLUMNS": "200"}, terminal_width=78).stdout
    assert script("120") == HELP[key] == typer_text
    narrow = script("60")  # typer answers narrow terminals itself
    assert narrow != HELP[key] and narrow.startswith("Usage: gxeco")


def test_every_command_has_an_implementation() -> None:
    assert set(GRAMMAR["commands"]) == set(commands.COMMANDS)
    for name, fn in commands.COMMANDS.items():
        want = {p["name"] for p in GRAMMAR["commands"][name]}
        got = set(fn.__code__.co_varnames[: fn.__code__.co_kwonlyargcount])
        assert want == got, name


COMMON = [
    ["list"],
    ["list", "--city", "桂林", "--format", "json"],
    ["show", "10"],
    ["show", "龙胜", "-f", "JSON", "--section", "metrics"],
    ["search", "碳汇"],
    ["search", "碳汇", "质押", "-n", "3", "--format=csv"],
    ["compare", "7", "8"],
    ["stats"],
    ["stats", "--by", "city", "--no-color"],
    ["figures", "--topic", "investment"],
    ["cite", "10", "--style", "bibtex"],
    ["export", "--format", "csv", "--metrics"],
    ["--data", "x.toml", "--with-bundled", "list"],
    ["--version"],
    ["-V"],
    ["show", "--", "-1"],
    ["list", "-c桂林"],  # a short option's value joined to it, as click reads it
    ["list", "-c=桂林"],  # click's value is '=桂林', refused naming 桂林 (resolve.pick), still without typer
    ["search", "x", "-n5"],
]


@pytest.mark.parametrize("argv", COMMON)
def test_common_command_lines_take_the_fast_path(argv: list[str]) -> None:
    assert fastpath.parse(argv, GRAMMAR, {}) is not None


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["list", "--help"],
        ["lst"],
        ["show"],
        ["show", "1", "2"],
        ["show", "-1"],
        ["search", "x", "-n", "0"],
        ["search", "x", "--limit", "many"],
        ["list", "--format", "xml"],
        ["list", "--reverse=1"],
        ["list", "--city"],
        ["list", "--city", "--reverse"],
        ["--install-completion"],
        ["list", "--bogus"],
    ],
)
def test_everything_else_is_left_to_typer(argv: list[str]) -> None:
    assert fastpath.parse(argv, GRAMMAR, {}) is None


def test_shell_completion_is_left_to_typer() -> None:
    assert fastpath.parse(["list"], GRAMMAR, {"_GXECO_COMPLETE": "complete_bash"}) is None


# --- equivalence with typer ---------------------------------------------------------


class Recorder:
    """Stands in for the commands layer and notes what each front end would call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        monkeypatch.setattr(commands, "setup", self._rec("setup"))
        monkeypatch.setattr(commands, "version", self._rec("version"))
        for name, fn in commands.COMMANDS.items():
            monkeypatch.setattr(commands, fn.__name__, self._rec(name))

    def _rec(self, name: str) -> Any:
        def fn(**kw: Any) -> int:
            self.calls.append((name, kw))
            return 0

        return fn


def _via_typer(argv: list[str], rec: Recorder, env: dict[str, str]) -> tuple[int, list[tuple[str, dict[str, Any]]]]:
    rec.calls.clear()
    r = CliRunner().invoke(app, argv, env=env)
    return r.exit_code, list(rec.calls)


def _via_fast(call: fastpath.Call) -> list[tuple[str, dict[str, Any]]]:
    if call.command is None:
        return [("version", {})]
    return [("setup", call.globals), (call.command, call.params)]


def _norm(calls: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    # typer passes the Format enum and tuples where the fast path passes str and lists
    def v(x: Any) -> Any:
        if isinstance(x, (list, tuple)):
            return [v(i) for i in x]
        return getattr(x, "value", x)

    return [(n, {k: v(x) for k, x in kw.items()}) for n, kw in calls]


GLOBAL_OPTIONS = sorted({o for p in GRAMMAR["globals"] for o in p["opts"]})
COMMAND_OPTIONS = {o for ps in GRAMMAR["commands"].values() for p in ps if not p.get("argument") for o in p["opts"]}
OPTIONS = GLOBAL_OPTIONS + sorted(COMMAND_OPTIONS)
VALUES = ["10", "7", "0", "-1", "16", "501", " 5", "٥", "1_0", "json", "JSON", "Table", "csv", "md", "xml", ""]
VALUES += ["碳汇", "桂林", "x.toml", "--", "-", "=", "--city=桂林", "-c=桂林", "-n5", "--format=json", "--limit=0"]
TOKEN = st.one_of(st.sampled_from(OPTIONS), st.sampled_from(VALUES), st.sampled_from(sorted(GRAMMAR["commands"])))
ARGV = st.tuples(
    st.lists(st.sampled_from([*GLOBAL_OPTIONS, "--install-completion", "x.toml"]), max_size=3),
    st.sampled_from(sorted(GRAMMAR["commands"])),
    st.lists(TOKEN, max_size=7),
).map(lambda t: [*t[0], t[1], *t[2]])
ENV = st.sampled_from([{}, {"GXECO_DATA": "a.toml"}, {"GXECO_DATA": f"a.toml{os.pathsep}b.toml"}])


@settings(max_examples=settings.default.max_examples * 8)  # eight times the profile: ~17% reach the fast path
@given(argv=ARGV, env=ENV)
def test_fast_path_parses_as_typer_does(monkeypatch: pytest.MonkeyPatch, argv: list[str], env: dict[str, str]) -> None:
    rec = Recorder(monkeypatch)
    call = fastpath.parse(argv, GRAMMAR, env)
    event("left to typer" if call is None else "fast path")
    if call is None:
        return
    code, typer_calls = _via_typer(argv, rec, env)
    assert code == 0, (argv, env)
    assert _norm(typer_calls) == _norm(_via_fast(call)), (argv, env)


@pytest.mark.parametrize("argv", COMMON)
def test_common_command_lines_parse_as_typer_does(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    rec = Recorder(monkeypatch)
    call = fastpath.parse(argv, GRAMMAR, {})
    assert call is not None
    code, typer_calls = _via_typer(argv, rec, {})
    assert code == 0 and _norm(typer_calls) == _norm(_via_fast(call))


# Modules that cost start-up time (issue #8): none may load for a plain lookup.
HEAVY = ["typer", "rich", "pydantic", "typing", "dataclasses", "inspect", "importlib.resources", "hashlib"]
HEAVY += ["tempfile", "rapidfuzz", "tomllib", "tomli"]


@pytest.mark.parametrize("argv", [["show", "10", "--format", "json"], ["list"], ["stats"], ["search", "碳汇"]])
def test_a_plain_lookup_imports_nothing_heavy(argv: list[str]) -> None:
    code = (
        "import sys; from gxeco.__main__ import main\n"
        f"try:\n    main({argv!r})\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    for _ in range(2):  # the first run parses the TOML and writes the cache; the second is the usual case
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
        assert r.returncode == 0, r.stderr.decode()
    assert r.stderr.decode().strip() == "[]"
