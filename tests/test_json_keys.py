"""Every key of every command's JSON is named in docs/json.md, and every key it names is printed.

To cover a new command or a new kind of output, add its command lines to LINES (and its section
to docs/json.md); a command with no JSON goes in NO_JSON. A key path reads ``a.b`` inside an
object, ``a[]`` for a list's items, and ``*`` in the doc for keys that are data (a city's name).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from gxeco._grammar import GRAMMAR

from .conftest import invoke_main

DOC = Path(__file__).resolve().parent.parent / "docs" / "json.md"

# command -> the command lines whose JSON it is checked with (over the bundled data)
LINES: dict[str, list[list[str]]] = {
    "list": [["list"]],
    "show": [["show", "10"], ["show", "5", "--section", "metrics"], ["show", "9"], ["show", "12"], ["show", "园博圆"]],
    "search": [
        ["search", "碳汇"],
        ["search", "园搏园"],
        ["search", "生态", "--section", "practices"],
        ["search", "红树林🌳"],
        ["search", "我想了解碳汇交易和水权质押贷款"],
    ],
    "compare": [["compare", "7", "8"], ["compare", "7", "8", "--all"], ["compare", "园博圆", "7"]],
    "stats": [["stats"]],
    "figures": [["figures", "--all"]],
    "cite": [["cite", "10", "15"], ["cite", "10", "--style", "csl-json"], ["cite", "园博圆"]],
    "export": [["export"], ["export", "--all"], ["export", "--metrics", "--all"]],
    "related": [["related", "10"], ["related", "园博圆"]],
    "map": [["map"], ["map", "--category", "产业化经营"]],
}
NO_JSON = {"browse", "validate"}  # an interactive screen; one line per problem

_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|([^|]*)\|")
_INCLUDE = re.compile(r"keys of \[`([\w-]+)`\]\(#([\w-]+)\)")


def _sections() -> dict[str, list[tuple[str, str, str | None]]]:
    """Per `## command` section: (key path, type, the section whose keys it includes there)."""
    out: dict[str, list[tuple[str, str, str | None]]] = {}
    current: list[tuple[str, str, str | None]] | None = None
    for line in DOC.read_text("utf-8").splitlines():
        if line.startswith("## "):
            current = out.setdefault(line[3:].strip().strip("`"), [])
            continue
        if current is None:
            continue
        row = _ROW.match(line)
        for name, _ in _INCLUDE.findall(line):
            if row is None:
                current.append(("", "", name))
            else:
                prefix = row.group(1) + ("[]" if row.group(2).strip().startswith("list") else "")
                current.append((prefix, "", name))
        if row:
            current.append((row.group(1), row.group(2).strip(), None))
    return out


def documented(command: str, sections: dict[str, list[tuple[str, str, str | None]]] | None = None) -> set[str]:
    """The key paths docs/json.md names for a command, includes expanded."""
    sections = _sections() if sections is None else sections
    paths: set[str] = set()
    for path, _, include in sections.get(command, []):
        if include is None:
            paths.add(path)
        else:
            paths |= {f"{path}.{p}" if path else p for p in documented(include, sections)}
    return paths


def emitted(doc: Any, prefix: str = "") -> set[str]:
    """The key paths of a JSON document (a top-level list is its items)."""
    out: set[str] = set()
    if isinstance(doc, dict):
        for k, v in doc.items():
            path = f"{prefix}.{k}" if prefix else k
            out.add(path)
            out |= emitted(v, path)
    elif isinstance(doc, list):
        for v in doc:
            out |= emitted(v, f"{prefix}[]" if prefix else "")
    return out


def _pattern(path: str) -> re.Pattern[str]:
    return re.compile(re.escape(path).replace(r"\*", r"[^.\[\]]+") + r"\Z")


def _run(argv: list[str]) -> set[str]:
    r = invoke_main([*argv, "--format", "json"])
    assert r.exit_code == 0, (argv, r.output)
    paths = emitted(json.loads(r.stdout))
    jsonl = invoke_main([*argv, "--format", "jsonl"])
    lines = [json.loads(x) for x in jsonl.stdout.splitlines()] if argv[0] not in ("show", "stats", "compare") else []
    assert set().union(*(emitted(x) for x in lines)) <= paths  # jsonl: the same keys, one item a line
    return paths


def test_every_command_with_json_is_covered() -> None:
    assert set(GRAMMAR["commands"]) - NO_JSON == set(LINES), "add the new command to LINES and to docs/json.md"
    assert set(LINES) <= set(_sections())


@pytest.mark.parametrize("command", sorted(LINES))
def test_json_keys_are_documented(command: str) -> None:
    doc = documented(command)
    patterns = [_pattern(p) for p in doc]
    seen: set[str] = set()
    for argv in LINES[command]:
        paths = _run(argv)
        seen |= paths
        missing = sorted(p for p in paths if not any(pat.match(p) for pat in patterns))
        assert not missing, f"{' '.join(argv)}: keys not in docs/json.md ## {command}: {missing}"
    unused = sorted(p for p in doc if not any(_pattern(p).match(s) for s in seen))
    assert not unused, f"docs/json.md ## {command} names keys no command line printed: {unused}"


def test_the_walker_and_the_patterns() -> None:
    assert emitted([{"a": [{"b": 1}], "c": {"x": 1}}]) == {"a", "a[].b", "c", "c.x"}
    assert emitted({"v": [[{"k": 1}], "t"]}) == {"v", "v[][].k"}
    assert _pattern("by_city.*").match("by_city.桂林市") and not _pattern("by_city.*").match("by_tag.x")
    assert "cases[].id" in documented("compare") and "id" in documented("show")
