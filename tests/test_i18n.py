"""gxeco in the reader's language: the locale rule, the catalog, and the same command lines
answered in Chinese under a Chinese locale and in English under any other."""

from __future__ import annotations

import ast
import importlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gxeco import i18n

from .conftest import LOCALES, cli_in_language, help_key, invoke_main

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "gxeco"

# --- the locale rule -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_SG.UTF-8"}, "zh"),
        ({"LANG": "zh"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),  # simplified: there is no traditional catalog
        ({"LANG": "zh_HK.Big5HKSCS"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LC_ALL": "zh_CN.GB18030", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LANGUAGE": "zh_CN:en", "LC_ALL": "en_US.UTF-8"}, "zh"),
        ({"LANGUAGE": "fr:zh_CN", "LANG": "en_US.UTF-8"}, "zh"),  # gettext tries each in turn
        ({"LANGUAGE": "en:zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANGUAGE": "", "LANG": "zh_CN.UTF-8"}, "zh"),  # empty means unset
        ({"GXECO_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
        ({"GXECO_LANG": "en", "LANGUAGE": "zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"GXECO_LANG": "", "LANG": "zh_CN.UTF-8"}, "zh"),
    ],
)
def test_language_follows_gettexts_order(env: dict[str, str], lang: str) -> None:
    assert i18n.detect(env, platform="linux") == lang


def test_windows_ui_language_where_no_variable_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_windows", lambda: "zh")
    assert i18n.detect({}, platform="win32") == "zh"
    assert i18n.detect({"LANG": "en_US"}, platform="win32") == "en"  # a variable still wins
    assert i18n.detect({}, platform="linux") == "en"


# --- the catalog ---------------------------------------------------------------------


def test_catalog_is_current_and_complete() -> None:
    """Fails while po/gxeco.pot, po/zh_CN.po or _messages_zh.py is stale, and for every message
    without a Chinese translation (or with a fuzzy one, or with other {placeholders})."""
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "regen_messages.py"), "--check"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr


# Calls and keywords whose text a person reads: their strings must be marked for the catalog.
MESSAGE_CALLS = {"GxecoError", "NotFound", "DataError", "err", "fail", "notify", "Report"}
MESSAGE_KEYWORDS = {"hint", "help", "metavar", "message", "title"}
MESSAGE_NAMES = {"msg", "message", "hint", "notice"}
MARKERS = {"_", "N_", "ngettext"}
WORDS = re.compile(r"[A-Za-z]{2,}")


def _unmarked(node: ast.AST | None) -> bool:
    """A literal with English words in it, or an f-string: text that bypasses the catalog."""
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(WORDS.search(node.value))


def _english_literal(node: ast.AST) -> bool:
    """Text written straight to a stream (sys.stderr.write(f"…")) with English words in its literal parts."""
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        parts = [node.value]
    else:
        return False
    return any(w != "gxeco" for p in parts for w in re.findall(r"[A-Za-z]{3,}", p))


def _name(func: ast.AST) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def unmarked_messages(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in MARKERS and node.args and isinstance(node.args[0], ast.JoinedStr):
                found.append((node.lineno, "_(f'…') cannot be looked up: mark the text, then .format() it"))
            if name in MESSAGE_CALLS and node.args and _unmarked(node.args[0]):
                found.append((node.lineno, f"{name}(…) with an unmarked text"))
            if name in ("write", "print") and node.args and _english_literal(node.args[0]):
                found.append((node.lineno, f"{name}(…) of an unmarked English text"))
            for kw in node.keywords:
                if kw.arg in MESSAGE_KEYWORDS and _unmarked(kw.value):
                    found.append((node.lineno, f"{kw.arg}= with an unmarked text"))
        elif isinstance(node, ast.FunctionDef):
            for d in node.decorator_list:  # typer takes a command's help from its docstring unless help= is given
                if (
                    isinstance(d, ast.Call)
                    and _name(d.func) == "command"
                    and not any(k.arg == "help" for k in d.keywords)
                ):
                    found.append((node.lineno, "a command without help=_(…): its docstring would be untranslated"))
        elif (
            isinstance(node, ast.Assign)
            and _unmarked(node.value)
            and any(isinstance(t, ast.Name) and t.id in MESSAGE_NAMES for t in node.targets)
        ):
            found.append((node.lineno, "a message assigned unmarked"))
    return sorted(found)


def test_every_message_is_marked_for_translation() -> None:
    """A message written without _() would stay English under a Chinese locale, and the
    extraction would never see it. (Browse's screens are Chinese by design, as is the data.)"""
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        if (path.name.startswith("_") and path.name != "__main__.py") or "browse" in path.parts:
            continue
        for line, what in unmarked_messages(ast.parse(path.read_text(encoding="utf-8"))):
            problems.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "code",
    [
        'raise GxecoError(f"no case {ref}")',
        'raise NotFound("no such thing")',
        'err("no figure matches")',
        'raise ck.fail("must be text", i)',
        'raise GxecoError(_(f"no case {ref}"))',
        'x = GxecoError(_("ok"), hint="did you mean")',
        'typer.Option("--x", help="Most rows.")',
        'msg = f"restates figure {n}"',
        'sys.stderr.write(f"gxeco: this SQLite {v} has no FTS5\\n")',
        '@app.command("map")\ndef map_cmd() -> None:\n    """Show a map."""',
    ],
)
def test_the_marking_check_can_fail(code: str) -> None:
    assert unmarked_messages(ast.parse(code))


def test_the_marking_check_passes_marked_messages() -> None:
    code = (
        'raise GxecoError(_("no case {ref}").format(ref=r), hint=_("try `gxeco list`"))\nerr(msg)\nhelp="表"\n'
        'out.write(f"{x}\\n")\nsys.stderr.write("gxeco: " + message)'
    )
    assert unmarked_messages(ast.parse(code)) == []


def test_no_marker_is_shadowed() -> None:
    """`for _, x in …` inside a function that also calls _() would make _ a local there; ruff's
    F402 catches the loops, this the rest (tuple assignment of _)."""
    problems: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_marker = any(
            isinstance(n, ast.ImportFrom) and any(a.name == "_" for a in n.names) for n in ast.walk(tree)
        )
        if not imports_marker:
            continue
        comps = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
        # a comprehension's variables are its own: they cannot shadow the module's _
        scoped = {
            id(t) for c in ast.walk(tree) if isinstance(c, comps) for g in c.generators for t in ast.walk(g.target)
        }
        problems += [
            f"{path.relative_to(ROOT)}:{n.lineno}: _ assigned where it marks messages"
            for n in ast.walk(tree)
            if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) and id(n) not in scoped
        ]
    assert not problems, "\n".join(problems)


def test_translations_keep_full_width_punctuation() -> None:
    """Chinese sentences end and pause with full-width marks, not ASCII ones."""
    from gxeco._messages_zh import MESSAGES

    for en, zh in MESSAGES.items():
        if not re.search(r"[\u4e00-\u9fff]", zh):
            continue
        bare = re.sub(r"`[^`]*`|\{[^}]*\}|'[^']*'|\[[^\]]*\]|--?[\w-]+|[A-Za-z0-9_.:/<>|-]+ ?", "", zh)
        assert not re.search(r"[\u4e00-\u9fff][,;:?!()]|[,;:?!()][\u4e00-\u9fff]", bare), (en, zh)


# --- the same command lines in both languages ------------------------------------------


class Lang:
    """One language for a test: the environment of a Chinese or English user, gxeco's language
    decided again, and cli.py imported afresh (it translates its help as it is imported)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.env = {"LANG": LOCALES[lang], "COLUMNS": "100"}

    def typer(self, *args: str) -> Any:
        from gxeco import cli

        return CliRunner().invoke(cli.app, list(args), env=self.env, catch_exceptions=False)

    def main(self, *args: str) -> Any:
        return invoke_main(list(args), self.env)

    def subprocess(self, *args: str) -> Any:
        env = {k: v for k, v in os.environ.items() if k not in ("GXECO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
        env.update(self.env)
        r = subprocess.run([sys.executable, "-m", "gxeco", *args], capture_output=True, env=env, timeout=60)
        return _Result(r.stdout.decode(), r.stderr.decode(), r.returncode)


class _Result:
    def __init__(self, stdout: str, stderr: str, code: int) -> None:
        self.stdout, self.stderr, self.exit_code, self.output = stdout, stderr, code, stdout + stderr


@pytest.fixture(params=["zh", "en"], scope="module")
def lang(request: pytest.FixtureRequest) -> Iterator[Lang]:
    """Per module, not per test: re-importing cli.py and rebuilding typer's commands is the slow part."""
    with cli_in_language(request.param):
        yield Lang(request.param)
    importlib.reload(importlib.import_module("gxeco.cli"))  # English again for the other tests


# command line -> exit code, what a Chinese reader sees, what an English reader sees
CASES: dict[str, tuple[list[str], int, str, str]] = {
    "help": (["--help"], 0, "用法：", "Usage:"),
    "command help": (["list", "--help"], 0, "选项：", "Options:"),
    "argument help": (["search", "--help"], 0, "检索词（须全部匹配）", "Terms (all must match)"),
    "bad choice": (
        ["list", "--format", "xml"],
        2,
        "gxeco: `--format` 的取值无效：xml（可选：table、plain、json、jsonl、csv、md）\n  参见 `gxeco list --help`\n",
        "gxeco: Invalid value for '--format' / '-f': 'xml' is not one of",
    ),
    "missing argument": (["show"], 2, "gxeco: 缺少参数 `案例`\n", "gxeco: Missing argument 'REF'."),
    "no such option": (["list", "--foo"], 2, "没有 `--foo` 这个选项", "No such option: --foo"),
    "out of range": (
        ["search", "碳汇", "-n", "0"],
        2,
        "`--limit` 的取值无效：0 超出范围（x>=1）",
        "0 is not in the range",
    ),
    "needs a value": (["search", "碳汇", "--limit"], 2, "选项 `--limit` 需要一个取值", "requires an argument"),
    "no such command": (["nosuch"], 2, "gxeco: 没有 `nosuch` 这个命令\n  参见 `gxeco --help`", "No such command"),
    "not found": (
        ["show", "99"],
        1,
        "gxeco: 未找到编号为 99 的案例；编号范围为 1-15\n",
        "gxeco: no case 99; ids run 1-15\n",
    ),
    "no match": (["show", "zzzzqqq"], 1, "没有案例与「zzzzqqq」匹配\n  参见 `gxeco list`", "no case matches 'zzzzqqq'"),
    "ambiguous case": (["show", "龙"], 1, "「龙」匹配 3 个案例：", "'龙' matches 3 cases: "),
    "ambiguous value": (
        ["figures", "--topic", "收"],
        1,
        "gxeco: 主题「收」有歧义\n  是否指：产值（output）、收入（income）？\n",
        "gxeco: topic '收' is ambiguous\n  did you mean: 产值 (output), 收入 (income)?\n",
    ),
    "unknown value": (["list", "--city", "纽约"], 2, "未知的地市「纽约」", "unknown city '纽约'"),
    "no results": (["search", "量子计算机"], 1, "没有案例与「量子计算机」匹配", "no case matches '量子计算机'"),
    "corrected": (
        ["search", "园搏园"],
        0,
        "没有精确匹配；以下为“园博园”的结果",
        "no exact match; showing results for 园博园",
    ),
    "cite note": (["cite", "15"], 0, "案例 15 的止页不详", "end page unknown for case 15"),
    "export refusal": (
        ["export", "-f", "xlsx"],
        2,
        "--format xlsx 生成二进制文件",
        "--format xlsx writes a binary file",
    ),
    "found": (["search", "碳汇", "-f", "plain"], 0, "标题命中，正文 ", "title match, "),
    "did you mean": (["lst"], 2, "没有 `lst` 这个命令；是不是要用 `list`", "Did you mean 'list'?"),
}


# Each line in-process through the entry point (__main__: the fast path, else typer); through
# typer's own runner where typer's answer is gxeco's (a usage error there is click's own block:
# gxeco's one-line form is made at __main__'s edge); and a few by subprocess.
SUBPROCESS_CASES = ("help", "bad choice", "not found", "ambiguous value", "cite note")
VIAS = [
    *[("main", case) for case in CASES],
    *[("typer", case) for case, (_, code, _, _) in CASES.items() if code != 2 or "help" in case],
    *[("subprocess", case) for case in SUBPROCESS_CASES],
]


@pytest.mark.parametrize(("via", "case"), VIAS)
def test_same_command_lines_in_both_languages(lang: Lang, via: str, case: str) -> None:
    args, code, zh, en = CASES[case]
    r = getattr(lang, via)(*args)
    assert r.exit_code == code, (args, r.output)
    expected, other = (zh, en) if lang.lang == "zh" else (en, zh)
    assert expected in r.output
    assert other not in r.output


def _english_words(text: str) -> list[str]:
    """English words left on a Chinese screen, apart from what stays as typed: options, commands,
    formats, values' keys in parentheses, file and program names."""
    text = re.sub(r"`[^`]*`|--?[\w-]+|<[^>]*>|（[^）]*）|\{[^}]*\}", "", text)
    allowed = {"gxeco", "table", "plain", "json", "jsonl", "csv", "md", "xlsx", "sqlite", "Excel", "Datasette"}
    allowed |= {
        "shell",
        "slug",
        "id",
        "UTF",
        "BOM",
        "CSV",
        "GB",
        "BibTeX",
        "RIS",
        "CSL",
        "JSON",
        "NO_COLOR",
        "metadata",
    }
    allowed |= {"list", "show", "search", "compare", "stats", "figures", "cite", "export", "validate", "browse"}
    allowed |= {
        "gbt7714",
        "bib",
        "ris",
        "csl",
        "guilin",
        "gl",
        "x",
        "GXECO_DATA",
        "FTS5",
        "trigram",
        "cases_fts",
        "LIKE",
        "SQLite",
    }
    from gxeco._grammar import GRAMMAR

    allowed |= {*GRAMMAR["commands"], "svg", "html", "ln", "df"}  # commands, formats, a formula's names
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_0-9]+", text) if w not in allowed]


def _commands() -> list[str]:
    from gxeco._grammar import GRAMMAR

    return ["", *GRAMMAR["commands"]]


@pytest.mark.parametrize("command", _commands())
def test_chinese_help_has_no_english_left(command: str) -> None:
    from gxeco._grammar import HELP_ZH

    assert _english_words(HELP_ZH[command].replace("python -m gxeco", "gxeco")) == []


def test_validate_speaks_the_readers_language(lang: Lang, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    text = (ROOT / "tests" / "data" / "batch9.toml").read_text(encoding="utf-8")
    bad.write_text(text.replace("id = 1\n", "id = 0\n", 1), encoding="utf-8")
    good = tmp_path / "good.toml"
    good.write_text(text, encoding="utf-8")
    r = lang.main("validate", str(bad), str(good))
    assert r.exit_code == 2
    if lang.lang == "zh":
        assert f"{bad}:9：案例 0：id：必须是正整数\n" in r.stdout
        assert f"{good}：通过\n" in r.stdout
    else:
        assert f"{bad}:9: case 0: id: must be 1 or more\n" in r.stdout
        assert f"{good}: ok\n" in r.stdout


def test_export_message_speaks_the_readers_language(lang: Lang, tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    r = lang.main("export", "-f", "csv", "--metrics", "-o", str(out))
    assert r.exit_code == 0
    n = len(out.read_text(encoding="utf-8").splitlines()) - 1
    want = f"已将 {n} 条数据写入 {out}" if lang.lang == "zh" else f"wrote {n} figures to {out}"
    assert r.stderr == f"gxeco: {want}\n"
    r = lang.main("export", "-f", "csv", "-o", str(out))
    assert r.exit_code == 2
    assert ("已存在；如需覆盖请加 --force" if lang.lang == "zh" else "exists; use --force to overwrite") in r.stderr


def test_completion_descriptions(lang: Lang) -> None:
    from gxeco import commands

    items = dict(commands.complete_values("TOPIC", "收"))
    assert items["收入"] == ("收入（income）" if lang.lang == "zh" else "收入 (income)")


def test_data_stays_as_published_in_both_languages(lang: Lang) -> None:
    """Only gxeco's own words change: the data, JSON keys and exit codes do not."""
    r = lang.main("show", "10", "-f", "json")
    assert r.exit_code == 0 and '"short_title": "龙胜梯田「一田生五金」"' in r.stdout


@pytest.mark.parametrize("lang_name", ["zh", "en"])
def test_plain_path_loads_no_catalog(lang_name: str) -> None:
    """A Chinese locale costs the common commands nothing: no catalog is read unless a message is shown."""
    env = {k: v for k, v in os.environ.items() if k != "GXECO_LANG"} | {"LANG": LOCALES[lang_name]}
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gxeco", "list"], capture_output=True, text=True, env=env, timeout=60
    )
    assert r.returncode == 0
    assert "gxeco._messages_zh" not in r.stderr
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gxeco", "show", "99"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert ("gxeco._messages_zh" in r.stderr) == (lang_name == "zh")
    assert not re.search(r"\|\s*gettext$", r.stderr, re.M)  # nor the stdlib's gettext module


SCRIPT = Path(sys.executable).parent / ("gxeco.exe" if os.name == "nt" else "gxeco")


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed beside this Python")
@pytest.mark.parametrize("args", [["--help"], ["search", "--help"], ["figures", "-h"]])
def test_stored_chinese_help_is_what_typer_prints(lang: Lang, args: list[str]) -> None:
    """The fast path's stored help (HELP_ZH) is typer's Chinese help; narrower terminals get typer's own."""
    from gxeco import cli
    from gxeco._grammar import HELP, HELP_ZH

    def script(columns: str) -> str:
        env = {k: v for k, v in os.environ.items() if k != "GXECO_LANG"} | {
            "COLUMNS": columns,
            "LANG": LOCALES[lang.lang],
        }
        return subprocess.run([str(SCRIPT), *args], capture_output=True, env=env, timeout=60).stdout.decode()

    key = help_key(args)
    assert key is not None
    stored = (HELP_ZH if lang.lang == "zh" else HELP)[key]
    typer_text = CliRunner().invoke(cli.app, args, prog_name="gxeco", env={"COLUMNS": "200"}, terminal_width=78).stdout
    assert script("120") == stored == typer_text
    narrow = script("60")
    assert narrow != stored and narrow.startswith("用法：gxeco" if lang.lang == "zh" else "Usage: gxeco")
    from gxeco.layout import width_of as cell_width

    if lang.lang == "zh":  # Chinese is broken in terminal cells (click counts characters: a wide one overflows)
        assert max(cell_width(line) for line in narrow.splitlines()) <= 60
