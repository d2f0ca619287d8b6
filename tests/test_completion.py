"""A TAB completes every option value and case reference, through the real entry point,
in the formats of typer's completion scripts, without importing typer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from gxeco import commands
from gxeco._grammar import GRAMMAR

from .conftest import invoke_main

# every option or argument the grammar completes from a vocabulary, with the word that asks for it
COMPLETED = [
    (cmd, p["opts"][0] if not p.get("argument") else None, p["complete"])
    for cmd, params in GRAMMAR["commands"].items()
    for p in params
    if p.get("complete")
]


def bash(line: str) -> list[str]:
    words = line.split(" ")
    env = {"_GXECO_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    r = invoke_main([], env)
    assert r.exit_code == 0, r.output
    return [w for w in r.stdout.splitlines() if w]  # no item: typer prints an empty line


def test_every_option_with_values_is_completed() -> None:
    named = {(c, o) for c, o, _ in COMPLETED}
    for want in [("list", "--city"), ("list", "--category"), ("list", "--resource"), ("list", "--mode")]:
        assert want in named
    for want in [("list", "--tag"), ("show", "--section"), ("search", "--section"), ("figures", "--topic")]:
        assert want in named
    for want in [("stats", "--by"), ("cite", "--style"), ("list", "--sort"), ("figures", "--sort")]:
        assert want in named
    assert ("export", "--format") in named and ("show", None) in named  # a case reference


@pytest.mark.parametrize(("cmd", "opt", "values"), COMPLETED, ids=[f"{c} {o or 'REF'}" for c, o, _ in COMPLETED])
def test_bash_completes_each_option_from_its_vocabulary(cmd: str, opt: str | None, values: str) -> None:
    line = f"gxeco {cmd} {opt} " if opt else f"gxeco {cmd} "
    got = bash(line)
    assert got and got == [v for v, _ in commands.complete_values(values, "")]


def test_chinese_names_come_first_and_prefixes_narrow() -> None:
    assert bash("gxeco figures --topic ")[:5] == ["投资", "金融", "交易", "产值", "财政"]
    assert bash("gxeco figures --topic 收") == ["收益", "收入"]
    assert bash("gxeco stats --by ") == ["地市", "类别", "模式", "资源", "标签", "模型"]
    assert bash("gxeco list --city gu") == ["guilin", "guigang", "guangxi"]
    assert bash("gxeco list --tag 红树") == ["红树林", "红树林+海堤+滨海植被"]
    assert bash("gxeco show long") == ["longsheng-terraces", "longan-eco-agriculture", "longxu-rice-fish"]
    assert bash("gxeco show 龙") == ["龙胜梯田「一田生五金」", "龙圩「稻渔」模式"]
    assert bash("gxeco --data x.toml show 1")[:1] == []  # a file that does not load completes nothing


def test_other_shells_get_typers_formats() -> None:
    base = {"_TYPER_COMPLETE_ARGS": "gxeco stats --by 模"}
    z = invoke_main([], {**base, "_GXECO_COMPLETE": "complete_zsh"}).stdout
    assert z.startswith("_arguments '*: :((") and '"模式":"模式 (mode)"' in z and '"模型":"模型 (model)"' in z
    f = invoke_main([], {**base, "_GXECO_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args"})
    assert f.stdout.splitlines() == ["模式\t模式 (mode)", "模型\t模型 (model)"]
    env = {"_GXECO_COMPLETE": "complete_powershell", "_TYPER_COMPLETE_ARGS": "gxeco stats --by 模"}
    p = invoke_main([], {**env, "_TYPER_COMPLETE_WORD_TO_COMPLETE": "模"})
    assert p.stdout.splitlines() == ["模式:::模式 (mode)", "模型:::模型 (model)"]


def test_typer_completes_the_same_values() -> None:
    """Where typer answers (it is the declared CLI), its completion calls the same function."""
    from typer.testing import CliRunner

    from gxeco.cli import app

    env = {"_GXECO_COMPLETE": "complete_bash", "COMP_WORDS": "gxeco stats --by ", "COMP_CWORD": "3"}
    r = CliRunner().invoke(app, [], env=env, prog_name="gxeco")
    assert r.stdout.splitlines() == bash("gxeco stats --by ")


def test_a_tab_never_imports_typer() -> None:
    env = {**os.environ, "_GXECO_COMPLETE": "complete_bash", "COMP_WORDS": "gxeco figures --topic ", "COMP_CWORD": "3"}
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "gxeco"], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and r.stdout.splitlines()[0] == "投资"
    imported = {ln.split("|")[-1].strip() for ln in r.stderr.splitlines() if "|" in ln}
    assert not {"typer", "click", "rich", "rapidfuzz"} & imported


def _completion_env(shell: str, line: str) -> dict[str, str]:
    """The environment a shell's completion script hands gxeco for a TAB at the end of ``line``."""
    words = line.split(" ")
    env = {"_GXECO_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    if shell == "bash":
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_WORD_TO_COMPLETE": words[-1]}
    return env


@pytest.mark.parametrize("line", ["gxeco ", "gxeco s", "gxeco --no-color c", "gxeco li", "gxeco zz"])
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_command_names_complete_as_typer_completes_them(shell: str, line: str) -> None:
    """A TAB on the command's name is answered without typer, in typer's words and formats."""
    from typer.testing import CliRunner

    from gxeco.cli import app

    env = _completion_env(shell, line)
    fast = invoke_main([], env)
    assert fast.exit_code == 0
    assert fast.stdout == CliRunner().invoke(app, [], env=env, prog_name="gxeco").stdout
    if shell == "bash" and line == "gxeco s":
        assert fast.stdout.split() == ["show", "search", "stats"]


def test_a_tab_on_a_command_name_never_imports_typer() -> None:
    env = {**os.environ, "_GXECO_COMPLETE": "complete_bash", "COMP_WORDS": "gxeco ", "COMP_CWORD": "1"}
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "gxeco"], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and r.stdout.split()[:3] == ["list", "show", "related"]
    imported = {ln.split("|")[-1].strip() for ln in r.stderr.splitlines() if "|" in ln}
    assert not {"typer", "click", "rich", "rapidfuzz"} & imported


OPTION_LINES = [
    "gxeco -",
    "gxeco --d",
    "gxeco list --c",
    "gxeco list --city x --c",  # given once: not offered again
    "gxeco stats --by city --b",  # repeatable: offered again
    "gxeco search x -",
    "gxeco --no-color list --f",
    "gxeco lst -",
    "gxeco list --format json -",
    "gxeco list -c x -",
    "gxeco show 10 -",
    "gxeco list -h -",
    "gxeco export --force -",
    "gxeco --no-color --n",
]


@pytest.mark.parametrize("line", OPTION_LINES)
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_option_names_complete_as_typer_completes_them(shell: str, line: str) -> None:
    """A TAB on "-…" is answered without typer where its answer is typer's, byte for byte (zsh, fish
    and PowerShell show each option's help, which typer renders through rich: a help that rich
    would change is left to typer)."""
    import contextlib
    import io

    from typer.testing import CliRunner

    from gxeco import fastpath
    from gxeco.cli import app

    env = _completion_env(shell, line)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = fastpath.complete(GRAMMAR, env)
    if shell == "bash":
        assert code == 0, line  # names only: always the fast path's
    if code is None:
        return
    assert out.getvalue() == CliRunner().invoke(app, [], env=env, prog_name="gxeco").stdout
