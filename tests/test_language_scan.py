"""Every help screen, error and notice, in both languages: nothing of the other language's
interface (its words, its punctuation) except literal values a person types and the data's own
names; no ASCII punctuation inside Chinese text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from gxeco import vocab
from gxeco._grammar import HELP, HELP_ZH
from gxeco.search import passages

from .conftest import ROOT
from .test_i18n import Lang, _english_words, lang  # noqa: F401 (lang is a fixture)

BAD = ROOT / "tests" / "data" / "batch9.toml"

# (arguments, what they say on stderr/stdout): errors, notices and refusals of every kind
LINES: list[list[str]] = [
    ["list", "--resource", "林业"],  # unknown value, the choices
    ["figures", "--topic", "收"],  # ambiguous value
    ["show", "龙"],  # ambiguous case
    ["show", "zzzzqqq"],  # no case
    ["show", "99"],  # id out of range
    ["show", "园博圆"],  # a fuzzy reference taken, with a notice
    ["search", "园搏园"],  # a correction, with a notice
    ["search", "红树林🌳"],  # set aside, with a notice
    ["search", "我想了解碳汇交易和水权质押贷款"],  # a question taken apart, with a notice
    ["search", "量子计算机"],  # no results, near words
    ["list", "--bogus"],  # click's usage errors
    ["list", "--sort"],
    ["lst"],
    ["list", "-c", "纽约"],
    ["cite", "10", "--style", "foo"],
    ["map", "-o", "/nonexistent-dir/x.svg"],  # an OS error
    ["--data", "/nonexistent.toml", "list"],
    ["browse"],  # not a terminal
]

CJK = re.compile(r"[\u3400-\u9fff]")
ASCII_PUNCT_IN_CHINESE = re.compile(r"[\u3400-\u9fff][,;:?!()'\"]|[,;:?!()'\"][\u3400-\u9fff]")


def _data_strings(ds: Any) -> list[str]:
    """What comes from the data, longest first: it may be Chinese in an English message."""
    out = {c.short_title for c in ds.cases} | {c.title for c in ds.cases} | {c.place for c in ds.cases}
    out |= {t for c in ds.cases for t in (*c.tags, *c.models)}
    for v in vars(vocab).values():  # every option's values: what a person types, in either language
        if isinstance(v, vocab.Vocab):
            out |= {n for names in v.names.values() for n in names} | set(v.names)
    return sorted(out, key=len, reverse=True)


def _chinese_problems(text: str, args: list[str]) -> list[str]:
    # literal values a person types stay as typed: `code`, paths, a data file's keys (meta.published：),
    # the date format it asks for
    text = text.replace("python -m pytest", "gxeco").replace("YYYY-MM", " ")
    text = re.sub(r"`[^`]*`|(?<![\w/])/\S*|<[^>]*>|\{[^}]*\}|[\w.\[\]]+(?=：)", " ", text)
    for a in args:  # what the reader typed, echoed
        text = text.replace(a, " ")
    problems = [f"English word {w!r}" for w in _english_words(text)]
    problems += [f"ASCII punctuation in {m.group()!r}" for m in ASCII_PUNCT_IN_CHINESE.finditer(text)]
    return problems


def _english_problems(text: str, args: list[str], data: list[str], source: str) -> list[str]:
    for s in [*args, *data]:
        text = text.replace(s, " ")
    left = [run for run in re.findall(r"[\u3400-\u9fff]+", text) if run not in source]
    left += re.findall(r"[，。：；？！、]", text)
    return [f"Chinese {x!r}" for x in left]


@pytest.fixture(scope="module")
def bad_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch file with four mistakes: validate's lines are scanned too."""
    text = BAD.read_text(encoding="utf-8").replace("page = 1\n", 'page = "1"\n', 1)
    text = text.replace('unit = "万元"', 'unit = "万银元"', 1).replace('published = "2030-01"', 'published = "2030"')
    p = tmp_path_factory.mktemp("scan") / "bad.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_errors_and_notices_speak_one_language(lang: Lang, ds: Any, bad_file: Path) -> None:  # noqa: F811
    data = _data_strings(ds)
    source = "".join(c.title + "".join(p.text for p in passages(c)) for c in ds.cases)
    problems = []
    for args in [*LINES, ["validate", str(bad_file)], ["--install-completion", "bash"]]:
        r = lang.main(*args)
        if args[0] == "validate":
            args = [*args, "万银元"]  # the file's own text
        said = r.stderr + (r.stdout if args[0] in ("validate", "--install-completion") else "")
        assert said.strip(), args
        found = _chinese_problems(said, args) if lang.lang == "zh" else _english_problems(said, args, data, source)
        problems += [f"{args}: {p}\n    {said!r}" for p in found]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("command", sorted(HELP_ZH))
def test_chinese_help_has_no_ascii_punctuation_in_chinese_text(command: str) -> None:
    text = HELP_ZH[command].replace("python -m gxeco", "gxeco")
    bare = re.sub(r"`[^`]*`|\[[^\]]*\]|<[^>]*>|--?[\w-]+", " ", text)
    assert ASCII_PUNCT_IN_CHINESE.findall(bare) == [], command


@pytest.mark.parametrize("command", sorted(HELP))
def test_english_help_has_no_chinese_punctuation(command: str, ds: Any) -> None:
    """Chinese stands in English help only as values and glosses (地市: 南宁, 桂林; 相似案例), never its punctuation."""
    text = re.sub(r"`[^`]*`", " ", HELP[command])  # a literal value (`--city 梧州、玉林`) is what is typed
    for s in _data_strings(ds):
        text = text.replace(s, " ")
    assert re.findall(r"[，。：；？！、]", text) == [], command
