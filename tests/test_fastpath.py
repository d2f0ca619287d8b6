"""The fast path parses a command line exactly as typer would, or leaves it to typer."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gxeco import commands, fastpath, grammar
from gxeco._grammar import GRAMMAR, HELP
from gxeco.cli import app
from gxeco.clicktext import click_words

from .conftest import help_key

ROOT = Path(__file__).resolve().parent.parent


def test_grammar_is_current() -> None:
    assert grammar.grammar_of(typer.main.get_command(app)) == GRAMMAR, "run python scripts/regen_grammar.py"
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "regen_grammar.py"), "--check"], capture_output=True)
    assert r.returncode == 0, r.stderr.decode()  # the stored --help texts too


SCRIPT = Path(sys.executable).parent / ("gxeco.exe" if os.name == "nt" else "gxeco")


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed beside this Python")
@pytest.mark.parametrize("args", [["--help"], ["-h"], ["search", "--help"], ["export", "-h"]])
def test_stored_help_is_what_typer_prints(args: list[str]) -> None:
    def script(columns: str) -> str:
        env = {**os.environ, "COLUMNS": columns}
        return subprocess.run([str(SCRIPT), *args], capture_output=True, env=env, timeout=60).stdout.decode()

    key = help_key(args)
    assert key is not None
    typer_text = CliRunner().invoke(app, args, prog_name="gxeco", env={"COLUMNS": "200"}, terminal_width=78).stdout
    assert script("120") == HELP[key] == typer_text
    narrow = script("60")  # typer answers narrow terminals itself
    assert narrow != HELP[key] and narrow.startswith("Usage: gxeco")


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed beside this Python")
def test_bare_gxeco_prints_the_help_on_stderr_as_typer_does() -> None:
    got = fastpath.parse([], GRAMMAR, {})
    assert isinstance(got, fastpath.Help) and got.error and got.key == ""
    r = subprocess.run([str(SCRIPT)], capture_output=True, env={**os.environ, "COLUMNS": "120"}, timeout=60)
    assert (r.returncode, r.stdout, r.stderr.decode()) == (2, b"", HELP[""])
    typer_r = CliRunner().invoke(app, [], prog_name="gxeco", env={"COLUMNS": "200"}, terminal_width=78)
    assert typer_r.exit_code == 2 and typer_r.stderr == HELP[""]


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
]


@pytest.mark.parametrize("argv", COMMON)
def test_common_command_lines_take_the_fast_path(argv: list[str]) -> None:
    assert fastpath.parse(argv, GRAMMAR, {}) is not None


@pytest.mark.parametrize(
    "argv",
    [
        ["--install-completion"],
        ["--show-completion", "bash"],
        ["--", "-x"],
    ],
)
def test_what_typer_alone_answers_is_left_to_typer(argv: list[str]) -> None:
    assert fastpath.parse(argv, GRAMMAR, {}) is None


@pytest.mark.parametrize(
    ("argv", "key"),
    [
        (["--help"], ""),
        (["-h", "lst"], ""),
        (["list", "--help"], "list"),
        (["list", "--city", "x", "-h"], "list"),
        (["search", "--limit", "many", "-h"], "search"),  # help is eager: answered before the bad value
    ],
)
def test_help_anywhere_takes_the_fast_path(argv: list[str], key: str) -> None:
    got = fastpath.parse(argv, GRAMMAR, {})
    assert isinstance(got, fastpath.Help) and got.key == key


# usage errors the fast path answers itself, in click's words (8x python -c pass through typer)
USAGE_ERRORS = [
    (["list", "--bogus"], "No such option: --bogus"),
    (["list", "--ci", "桂林"], "No such option: --ci (Possible options: --city)"),
    (["list", "--bo"], "No such option: --bo (Possible options: --mode, --sort)"),
    (["figures", "--topic"], "Option '--topic' requires an argument."),
    (["lst"], "No such command 'lst'. Did you mean 'list'?"),
    (["xyz"], "No such command 'xyz'."),
    (["--no-color"], "Missing command."),
    (["show"], "Missing argument 'REF'."),
    (["search"], "Missing argument 'QUERY...'."),
    (["show", "1", "2"], "Got unexpected extra argument(s) (2)"),
    (["show", "-1"], "No such option: -1"),
    (["search", "x", "-n", "0"], "Invalid value for '--limit' / '-n': 0 is not in the range x>=1."),
    (["search", "x", "--limit", "many"], "Invalid value for '--limit' / '-n': 'many' is not a valid int range."),
    (["search", "--limit", "many"], "Invalid value for '--limit' / '-n': 'many' is not a valid int range."),
    (
        ["list", "--format", "xml"],
        "Invalid value for '--format' / '-f': 'xml' is not one of "
        + ("'table', 'plain', 'json', 'jsonl', 'csv', 'md'."),
    ),
    (["list", "--reverse=1"], "Option '--reverse' does not take a value."),
    (["list", "-hc"], "Option '-c' requires an argument."),
    (["show", "1", "-h", "--bogus"], "No such option: --bogus"),
    (["list", "\x1b[31m"], "Got unexpected extra argument(s) (\\x1b[31m)"),
]


@pytest.mark.parametrize(("argv", "message"), USAGE_ERRORS)
def test_usage_errors_take_the_fast_path(argv: list[str], message: str) -> None:
    with pytest.raises(fastpath.UsageError) as exc:
        fastpath.parse(argv, GRAMMAR, {})
    assert exc.value.message == message


@pytest.mark.parametrize(
    ("argv", "want"),
    [
        (["list", "-c=桂林"], {"city": ["=桂林"]}),  # click reads -c=x as -c with the value "=x"
        (["list", "-cguilin"], {"city": ["guilin"]}),
        (["list", "--city=桂林", "--format=json"], {"city": ["桂林"], "fmt": "json"}),
        (["list", "--city", "--reverse"], {"city": ["--reverse"], "reverse": False}),  # a value may start with -
        (["search", "-n-1", "x"], None),  # a usage error: -1 is out of range
        (["show", "--", "-1"], {"ref": "-1"}),
        (["--no-color", "--", "list"], {}),
        (["list", "-rf"], {"resource": ["f"]}),
    ],
)
def test_every_option_syntax_click_accepts(argv: list[str], want: dict[str, Any] | None) -> None:
    if want is None:
        with pytest.raises(fastpath.UsageError):
            fastpath.parse(argv, GRAMMAR, {})
        return
    call = fastpath.parse(argv, GRAMMAR, {})
    assert isinstance(call, fastpath.Call)
    assert {k: call.params[k] for k in want} == want


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
OPTIONS = GLOBAL_OPTIONS + sorted(COMMAND_OPTIONS) + ["-h", "--help", "--bogus", "--ci", "-x", "-hc", "-rf"]
VALUES = ["10", "7", "0", "-1", "16", "501", " 5", "٥", "1_0", "json", "JSON", "Table", "csv", "md", "xml", ""]
VALUES += ["碳汇", "桂林", "x.toml", "--", "-", "=", "--city=桂林", "-c=桂林", "-n5", "--format=json", "--limit=0"]
VALUES += ["-cguilin", "-n-1", "--reverse=1", "--format=", "-f=json", "lst", "\x01"]
TOKEN = st.one_of(st.sampled_from(OPTIONS), st.sampled_from(VALUES), st.sampled_from(sorted(GRAMMAR["commands"])))
ARGV = st.tuples(
    st.lists(st.sampled_from([*GLOBAL_OPTIONS, "--install-completion", "x.toml", "-h", "--bogus", "--"]), max_size=3),
    st.sampled_from([*sorted(GRAMMAR["commands"]), "lst", "xyz", "-"]),
    st.lists(TOKEN, max_size=7),
).map(lambda t: [*t[0], t[1], *t[2]])
ENV = st.sampled_from([{}, {"GXECO_DATA": "a.toml"}, {"GXECO_DATA": f"a.toml{os.pathsep}b.toml"}])


def _typer_answer(argv: list[str], env: dict[str, str]) -> tuple[str, Any]:
    """What typer does with a command line: ("error", message), ("help", text) or ("ok", None)."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            app(argv, standalone_mode=False, prog_name="gxeco")
    except Exception as exc:
        if type(exc).__name__ == "Exit":
            return "ok", None
        message = getattr(exc, "format_message", None)
        assert message is not None, exc
        assert getattr(exc, "exit_code", None) == 2
        return "error", click_words(message())
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return ("help", out.getvalue()) if out.getvalue().startswith("Usage:") else ("ok", None)


@settings(max_examples=settings.default.max_examples * 8)
@given(argv=ARGV, env=ENV)
@example(argv=["list", "--sort", "id", "--sort", "page"], env={})  # a single-valued option twice: refused by both
@example(argv=["figures", "-f", "json", "--format", "csv", "--help"], env={})
@example(argv=["list", "-c", "梧州", "--city", "玉林"], env={})  # a filter twice: both values
def test_fast_path_parses_as_typer_does(monkeypatch: pytest.MonkeyPatch, argv: list[str], env: dict[str, str]) -> None:
    """Every answer of the fast path is typer's: the same call, the same help, the same usage error."""
    rec = Recorder(monkeypatch)
    try:
        call = fastpath.parse(argv, GRAMMAR, env)
    except fastpath.UsageError as exc:
        event("usage error")
        answer = _typer_answer(argv, env)
        if "Input should be" in str(answer[1]):
            # typer 0.29 words a bad number through pydantic, without the value typed: the fast
            # path answers every such line itself (gxeco never hands one to typer), so the
            # parameter named is what must agree
            assert answer[1].split(": ", 1)[0] == exc.message.split(": ", 1)[0], (argv, env)
            return
        assert answer == ("error", exc.message), (argv, env)
        return
    event("left to typer" if call is None else type(call).__name__)
    if call is None:
        return
    if isinstance(call, fastpath.Help):
        monkeypatch.setenv("COLUMNS", "200")
        kind, text = _typer_answer(argv, env)
        assert kind == "help" and text.split("\n", 1)[0] == HELP[call.key].split("\n", 1)[0], (argv, env)
        return
    code, typer_calls = _via_typer(argv, rec, env)
    assert code == 0, (argv, env)
    assert _norm(typer_calls) == _norm(_via_fast(call)), (argv, env)


@pytest.mark.parametrize("argv", COMMON)
def test_common_command_lines_parse_as_typer_does(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    rec = Recorder(monkeypatch)
    call = fastpath.parse(argv, GRAMMAR, {})
    assert isinstance(call, fastpath.Call)
    code, typer_calls = _via_typer(argv, rec, {})
    assert code == 0 and _norm(typer_calls) == _norm(_via_fast(call))


# Modules that cost start-up time: none may load for a plain lookup.
HEAVY = ["typer", "rich", "pydantic", "typing", "dataclasses", "inspect", "importlib.resources", "hashlib"]
HEAVY += ["tempfile", "rapidfuzz", "tomllib", "tomli"]


# A warm run reads neither the data file nor its source text (the cache's memo), so it needs no TOML
# reader and no hash; a command given no value to resolve needs no matcher.
WARM = ["gxeco.tomlio", "_blake2", "hashlib"]
NO_VALUE = ["gxeco.resolve", "gxeco.match", "gxeco._tables"]


@pytest.mark.parametrize("argv", [["show", "10", "--format", "json"], ["list"], ["stats"], ["search", "碳汇"]])
def test_a_plain_lookup_imports_nothing_heavy(argv: list[str]) -> None:
    from gxeco import cache, loader

    unwanted = HEAVY + NO_VALUE if argv[0] in ("list", "stats") else list(HEAVY)
    data = Path(loader.bundled_path())
    if all(cache.clean(cache.stamp(f.stat()), time.time_ns()) for f in (data, *data.parent.glob("source/*.md"))):
        unwanted += WARM  # the data and its source were not edited seconds ago
    code = (
        "import sys; from gxeco.__main__ import main\n"
        f"try:\n    main({argv!r})\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        f"print(sorted(m for m in {unwanted!r} if m in sys.modules), file=sys.stderr)\n"
    )
    for _ in range(2):  # the first run parses the TOML and writes the cache; the second is the usual case
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
        assert r.returncode == 0, r.stderr.decode()
    assert r.stderr.decode().strip() == "[]"


def test_under_chinese_the_grammar_differs_only_in_its_words() -> None:
    """GRAMMAR_ZH holds what of the grammar is worded (option help, summaries, argument hints):
    under Chinese the fast path completes and words its usage errors as typer does in Chinese."""
    from gxeco import i18n

    try:
        i18n.reset("zh")
        zh = grammar.localized()
    finally:
        i18n.reset()
    assert grammar.localized() is GRAMMAR
    assert zh["commands"]["show"][0]["hint"] == "'案例'" and GRAMMAR["commands"]["show"][0]["hint"] == "'REF'"
    assert dict(zh["summaries"])["search"] == "全文搜索所有案例。"
    with pytest.raises(fastpath.UsageError) as exc:
        fastpath.parse(["show"], zh, {})
    assert exc.value.message == "Missing argument '案例'."  # as typer says it in Chinese, before clicktext
    assert grammar.with_language(GRAMMAR, grammar.language_parts(GRAMMAR)) == GRAMMAR
