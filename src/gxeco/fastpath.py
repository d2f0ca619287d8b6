"""Parse the common command lines without importing typer.

Importing typer and building its commands costs more than everything else a
run does, so ``gxeco list``, ``gxeco show 10 --format json`` and the like are
parsed here, from a grammar generated out of the typer declarations in
``cli.py`` (``scripts/regen_grammar.py`` writes ``_grammar.py``; a test fails
when it is stale). This parser accepts only what it is sure typer would parse
the same way — a property test holds it to that — and returns None for
everything else: help, shell completion, usage errors and rarer spellings such
as ``-n5`` or ``-c=桂林`` all go to typer, which answers them as before.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any, TypeAlias

    Param: TypeAlias = dict[str, Any]
    Grammar: TypeAlias = dict[str, Any]

VERSION = "version"


class Call:
    """One parsed command line: global options, a command and its parameters."""

    def __init__(self, globals_: dict[str, Any], command: str | None, params: dict[str, Any]) -> None:
        self.globals = globals_
        self.command = command  # None: --version
        self.params = params


# --- grammar from the click objects typer builds ---------------------------------


def grammar_of(group: Any) -> Grammar:
    """The grammar of a click group (``typer.main.get_command(app)``), as plain data."""
    from enum import Enum  # an Enum default is stored as its value, which the fast path passes

    def params(cmd: Any) -> list[Param]:
        out = []
        for p in cmd.params:
            action = None
            if p.callback is not None:
                if getattr(p.callback, "__name__", "") != "_version":
                    continue  # typer's own --install-completion and the like: left to typer
                action = VERSION
            t = p.type
            tname = type(t).__name__
            if tname.endswith("Choice"):
                kind = "choice"
            elif tname in ("IntRange", "IntParamType"):
                kind = "int"
            elif tname.endswith("Path"):
                kind = "path"
            elif tname == "BoolParamType":
                kind = "bool"
            elif tname == "StringParamType":
                kind = "str"
            else:  # pragma: no cover - a new parameter type must be taught here first
                raise TypeError(f"{cmd.name} {p.name}: unsupported type {tname}")
            d: Param = {"name": p.name, "kind": kind}
            if p.param_type_name == "argument":
                d.update(argument=True, nargs=p.nargs, required=p.required)
                if not p.required:
                    d["default"] = p.default  # an optional argument left out (gxeco browse)
            else:
                d.update(
                    opts=[*p.opts, *p.secondary_opts],
                    flag=bool(p.is_flag),
                    multiple=bool(p.multiple),
                    default=p.default.value if isinstance(p.default, Enum) else p.default,
                    envvar=p.envvar,
                )
                if action:
                    d["action"] = action
            if kind == "choice":
                d["choices"] = [str(c) for c in t.choices]
                d["case_sensitive"] = bool(t.case_sensitive)
            values = _completion_values(p)
            if values:
                d["complete"] = values
            if kind == "int":
                d["min"] = getattr(t, "min", None)
                d["max"] = getattr(t, "max", None)
                if getattr(t, "min_open", False) or getattr(t, "max_open", False) or getattr(t, "clamp", False):
                    raise TypeError(f"{cmd.name} {p.name}: open or clamped ranges are not supported")
            out.append(d)
        return out

    return {
        "globals": params(group),
        "commands": {name: params(cmd) for name, cmd in sorted(group.commands.items())},
        "help_options": list(group.context_settings.get("help_option_names", ["--help"])),
    }


def _completion_values(param: Any) -> str | None:
    """The vocabulary a parameter completes from (cli._values marks its function)."""
    cb = getattr(param, "_custom_shell_complete", None)
    # typer keeps the declared function, wrapped, in the closure of its click callback
    for cell in getattr(cb, "__closure__", None) or ():
        name = getattr(cell.cell_contents, "gxeco_values", None)
        if name:
            return str(name)
    return None


# --- parsing ----------------------------------------------------------------------


class _Refuse(Exception):
    """This command line is typer's to answer."""


def _convert(p: Param, raw: str) -> Any:
    kind = p["kind"]
    if kind == "int":
        try:
            v = int(raw)
        except ValueError:
            raise _Refuse from None
        if (p["min"] is not None and v < p["min"]) or (p["max"] is not None and v > p["max"]):
            raise _Refuse
        return v
    if kind == "choice":
        for c in p["choices"]:
            if c == raw or (not p["case_sensitive"] and c.casefold() == raw.casefold()):
                return c
        raise _Refuse
    if kind == "path":
        from pathlib import Path

        return Path(raw)
    return raw


def _parse(
    tokens: Sequence[str], params: list[Param], *, interspersed: bool, environ: Mapping[str, str]
) -> tuple[dict[str, Any], list[str]]:
    """Options and positionals of one level, as click's parser would read them."""
    by_opt = {o: p for p in params if not p.get("argument") for o in p["opts"]}
    seen: dict[str, Any] = {}
    positional: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok == "--":
            positional += tokens[i:]
            break
        if tok.startswith("-") and len(tok) > 1:
            name, eq, explicit = tok.partition("=")
            if not tok.startswith("--") and len(tok) > 2:
                # click reads "-c桂林" as -c with value "桂林", and "-c=桂林" as -c with value
                # "=桂林" (which the rule then refuses, naming 桂林): read them alike, so that
                # the mistake costs no typer import
                p = by_opt.get(tok[:2])
                if p is None or p["flag"]:
                    raise _Refuse
                name, eq, explicit = tok[:2], "=", tok[2:]
            p = by_opt.get(name)
            if p is None:
                raise _Refuse
            if p["flag"]:
                if eq:
                    raise _Refuse
                seen[p["name"]] = True
                continue
            if eq:
                raw = explicit
            else:
                if i >= len(tokens) or (tokens[i].startswith("-") and len(tokens[i]) > 1):
                    raise _Refuse
                raw = tokens[i]
                i += 1
            value = _convert(p, raw)
            if p["multiple"]:
                seen.setdefault(p["name"], []).append(value)
            else:
                seen[p["name"]] = value
            continue
        positional.append(tok)
        if not interspersed:
            positional += tokens[i:]
            break
    values: dict[str, Any] = {}
    for p in params:
        if p.get("argument") or p["name"] in seen:
            continue
        env = p.get("envvar")
        raw_env = environ.get(env) if env else None
        if raw_env:
            if not p["multiple"]:
                raise _Refuse  # not used by gxeco; typer knows the rules
            parts = raw_env.split(os.pathsep) if p["kind"] == "path" else raw_env.split()
            values[p["name"]] = [_convert(p, x) for x in parts]
        else:
            values[p["name"]] = p["default"]
    values.update(seen)
    return values, positional


def _arguments(positional: list[str], params: list[Param]) -> dict[str, Any]:
    args = [p for p in params if p.get("argument")]
    out: dict[str, Any] = {}
    rest = list(positional)
    for n, p in enumerate(args):
        if p["nargs"] == 1:
            if not rest:
                if p["required"]:
                    raise _Refuse
                out[p["name"]] = p["default"]
                continue
            out[p["name"]] = _convert(p, rest.pop(0))
        elif p["nargs"] == -1 and n == len(args) - 1:
            if p["required"] and not rest:
                raise _Refuse
            out[p["name"]] = [_convert(p, x) for x in rest]
            rest = []
        else:  # pragma: no cover - not used by gxeco
            raise _Refuse
    if rest:
        raise _Refuse
    return out


# --- shell completion of values ---------------------------------------------------

COMPLETE_VAR = "_GXECO_COMPLETE"


def _completion_words(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str] | None:
    """The words before the cursor and the one being typed, read as typer's shell classes do."""
    import shlex

    try:
        if shell == "bash":
            words = shlex.split(environ["COMP_WORDS"])
            cword = int(environ["COMP_CWORD"])
            return words[1:cword], words[cword] if cword < len(words) else ""
        line = environ.get("_TYPER_COMPLETE_ARGS", "")
        words = shlex.split(line)
        if shell in ("powershell", "pwsh"):
            incomplete = environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
            return (words[1:-1] if incomplete else words[1:]), incomplete
        args = words[1:]
        if args and not line.endswith(" "):
            return args[:-1], args[-1]
        return args, ""
    except (KeyError, ValueError):  # an open quote, a missing variable: typer's to answer
        return None


def _values_for(args: list[str], incomplete: str, grammar: Grammar, environ: Mapping[str, str]) -> str | None:
    """Which vocabulary completes the word being typed, or None when typer must answer
    (command and option names, and anything this parser is unsure of)."""
    if incomplete.startswith("-"):
        return None
    try:
        gvals, rest = _parse(args, grammar["globals"], interspersed=False, environ=environ)
    except _Refuse:
        return None
    if not rest or rest[0] not in grammar["commands"]:
        return None
    params = grammar["commands"][rest[0]]
    words = rest[1:]
    by_opt = {o: p for p in params if not p.get("argument") for o in p["opts"]}
    if words and words[-1] in by_opt and not by_opt[words[-1]]["flag"]:
        name: str | None = by_opt[words[-1]].get("complete")
        return name
    # a positional: the first argument that completes (gxeco's arguments are case references)
    args_ = [p for p in params if p.get("argument") and p.get("complete")]
    from . import commands

    commands.setup(**{k: v for k, v in gvals.items() if k in ("data", "with_bundled", "no_color")})
    return str(args_[0]["complete"]) if args_ else None


def complete(grammar: Grammar, environ: Mapping[str, str]) -> int | None:
    """Answer a TAB on an option value or a case reference without importing typer,
    in the formats of typer's completion scripts; None for everything else."""
    shell = environ.get(COMPLETE_VAR, "")
    shell = shell[len("complete_") :] if shell.startswith("complete_") else ""
    if shell not in ("bash", "zsh", "fish", "powershell", "pwsh"):
        return None
    got = _completion_words(shell, environ)
    if got is None:
        return None
    name = _values_for(got[0], got[1], grammar, environ)
    if name is None:
        return None
    from . import commands

    items = commands.complete_values(name, got[1])
    if shell == "fish" and environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        return 0 if items else 1
    out = _format_completion(shell, items)
    if out:
        sys.stdout.write(out + "\n")
    return 0


def _format_completion(shell: str, items: list[tuple[str, str]]) -> str:
    if shell == "bash":
        return "\n".join(v for v, _ in items)
    if shell == "fish":
        return "\n".join(f"{v}\t{' '.join(h.split())}" if h else v for v, h in items)
    if shell == "zsh":
        if not items:
            return "_files"

        def esc(x: str) -> str:
            return x.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`").replace(":", r"\\:")

        body = "\n".join(f'"{esc(v)}":"{esc(h)}"' if h else f'"{esc(v)}"' for v, h in items)
        return f"_arguments '*: :(({body}))'"
    return "\n".join(f"{v}:::{h or ' '}" for v, h in items)  # powershell


def parse(argv: Sequence[str], grammar: Grammar, environ: Mapping[str, str]) -> Call | None:
    """The call this command line makes, or None when typer must answer it."""
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in environ):
        return None  # shell completion
    try:
        gvals, rest = _parse(argv, grammar["globals"], interspersed=False, environ=environ)
        version = [p["name"] for p in grammar["globals"] if p.get("action") == VERSION]
        if any(gvals.pop(v, False) for v in version):
            return Call({}, None, {})
        if not rest or rest[0] not in grammar["commands"]:
            return None
        params = grammar["commands"][rest[0]]
        values, positional = _parse(rest[1:], params, interspersed=True, environ=environ)
        values.update(_arguments(positional, params))
    except _Refuse:
        return None
    return Call(gvals, rest[0], values)


def help_key(argv: Sequence[str], grammar: Grammar) -> str | None:
    """Which stored --help text this command line asks for ("" for the top level)."""
    flags = grammar["help_options"]
    if len(argv) == 1 and argv[0] in flags:
        return ""
    if len(argv) == 2 and argv[0] in grammar["commands"] and argv[1] in flags:
        return argv[0]
    return None


def _stored_help_fits() -> bool:
    """The stored texts are typer's output for prog name gxeco on 80+ columns."""
    import shutil

    main = sys.modules.get("__main__")
    if getattr(main, "__package__", None) not in (None, ""):
        return False  # python -m gxeco: typer names the program differently
    if os.path.basename(sys.argv[0]) != "gxeco":
        return False
    return shutil.get_terminal_size().columns >= 80


def run(argv: Sequence[str]) -> int | None:
    """Run a command line the fast way; None when it is typer's to answer."""
    from ._grammar import GRAMMAR

    if COMPLETE_VAR in os.environ:
        return complete(GRAMMAR, os.environ)
    key = help_key(argv, GRAMMAR)
    if key is not None:
        if not _stored_help_fits():
            return None
        from ._grammar import HELP, HELP_ZH
        from .i18n import is_zh

        sys.stdout.write((HELP_ZH if is_zh() else HELP)[key])
        return 0
    call = parse(argv, GRAMMAR, os.environ)
    if call is None:
        return None
    from . import commands

    if call.command is None:
        commands.version()
        return 0
    commands.setup(**call.globals)
    return commands.guarded(commands.COMMANDS[call.command], call.params)
