"""Parse every command line without importing typer.

Importing typer and building its commands costs more than everything else a
run does, so command lines are parsed here, from a grammar generated out of the
typer declarations in ``cli.py`` (``scripts/regen_grammar.py`` writes
``_grammar.py``; a test fails when it is stale). The parser follows click's
own algorithm (typer 0.28 vendors click): long options with ``=`` or a separate
value, short options with the value attached (``-cguilin``, ``-c=桂林`` gives
``=桂林`` as click does), ``--``, interspersed arguments, then the parameters in
click's processing order (eager first, then as typed, then as declared), so it
answers usage errors itself with click's message, through ``usage()``.
A property test holds it to typer, call for call and message for message.
What it cannot answer exactly (``gxeco`` alone, typer's completion installers,
help on a narrow terminal) it returns None for, and typer answers.
"""

from __future__ import annotations

import os
import sys

from .grammar import HELP, USAGE, VERSION, localized

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any, TypeAlias

    Param: TypeAlias = dict[str, Any]
    Grammar: TypeAlias = dict[str, Any]


class Call:
    """One parsed command line: global options, a command and its parameters."""

    def __init__(self, globals_: dict[str, Any], command: str | None, params: dict[str, Any]) -> None:
        self.globals = globals_
        self.command = command  # None: --version
        self.params = params


# --- parsing ---------------------------------------------------------------------


class _Refuse(Exception):
    """This command line is typer's to answer."""


class UsageError(Exception):
    """A usage error, worded as click words it; the CLI edge prints it with exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def usage(kind: str, **fields: str) -> UsageError:
    """The usage error of this kind, in click's words (USAGE)."""
    return UsageError(USAGE[kind].format(**fields))


def usage_hint(args: Sequence[str], grammar: Grammar) -> str:
    """The line under a usage error (typer's errors get the same, in __main__)."""
    from .i18n import _

    cmd = next((a for a in args if a in grammar["commands"]), None)
    return _("try '{command} -h'").format(command=f"gxeco {cmd}" if cmd else "gxeco")


def _escape(value: str) -> str:
    """click shows what the user typed without terminal control characters."""
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else c for c in value)


def _close(word: str, candidates: Sequence[str]) -> list[str]:
    """click's and typer's suggestions: difflib's close matches (imported only on an error)."""
    from difflib import get_close_matches

    return get_close_matches(word, candidates)


def _range(p: Param) -> str:
    lo, hi = p["min"], p["max"]
    if lo is None:
        return f"x<={hi}"
    if hi is None:
        return f"x>={lo}"
    return f"{lo}<=x<={hi}"


def _convert(p: Param, raw: str) -> Any:
    """One value, as click's type converts it; a bad one is click's "Invalid value"."""
    kind = p["kind"]
    if kind == "int":
        try:
            v = int(raw)
        except ValueError:
            raise usage("invalid_value", hint=p["hint"], message=USAGE["not_an_int"].format(value=repr(raw))) from None
        if (p["min"] is not None and v < p["min"]) or (p["max"] is not None and v > p["max"]):
            message = USAGE["out_of_range"].format(value=str(v), range=_range(p))
            raise usage("invalid_value", hint=p["hint"], message=message)
        return v
    if kind == "choice":
        for c in p["choices"]:
            if c == raw or (not p["case_sensitive"] and c.casefold() == raw.casefold()):
                return c
        if p["case_sensitive"]:
            raise _Refuse  # not used by gxeco: click lists the choices unfolded
        choices = ", ".join(repr(c.casefold()) for c in p["choices"])
        raise usage(
            "invalid_value", hint=p["hint"], message=USAGE["not_a_choice"].format(value=repr(raw), choices=choices)
        )
    if kind == "path":
        from pathlib import Path

        return Path(raw)
    if kind != "str":
        raise _Refuse  # a bool option: not used by gxeco
    return raw


class _Parsed:
    """What click's parser collects at one level: raw values, the order of invocation, leftovers."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.order: list[str] = []
        self.largs: list[str] = []
        self.rest: list[str] = []


def _scan(tokens: Sequence[str], params: list[Param], level: str, grammar: Grammar, *, interspersed: bool) -> _Parsed:
    """click's _OptionParser.parse_args at one level (options; positionals left in largs/rest)."""
    helps = grammar["help_options"]
    long_known = grammar["long_opts"][level]
    typer_only = set(grammar["typer_opts"]) if level == "" else set()
    by_opt = {o: p for p in params if not p.get("argument") for o in p["opts"]}
    by_name = {p["name"]: p for p in params if not p.get("argument")}
    out = _Parsed()
    rargs = list(tokens)

    def record(p: Param | None, value: str | None) -> None:
        name = HELP if p is None else p["name"]
        out.order.append(name)
        if p is None or p["flag"]:
            out.values[name] = True
        elif p["multiple"]:
            out.values.setdefault(name, []).append(value)
        else:
            out.values[name] = value

    def value_for(opt: str) -> str:
        if not rargs:
            raise usage("requires_argument", name=repr(opt))
        return rargs.pop(0)

    def option(opt: str) -> Param | None:
        if opt in typer_only:
            raise _Refuse
        if opt in helps:
            return None
        return by_opt[opt]

    def long(opt: str, explicit: str | None) -> None:
        p = option(opt)
        if p is not None and not p["flag"]:
            if explicit is not None:
                rargs.insert(0, explicit)
            record(p, value_for(opt))
        elif explicit is not None:
            raise usage("takes_no_value", name=repr(opt))
        else:
            record(p, None)

    def short(arg: str) -> None:
        prefix = arg[0]
        for i, ch in enumerate(arg[1:], start=2):
            opt = prefix + ch
            if opt not in by_opt and opt not in helps:
                if opt in typer_only:
                    raise _Refuse
                raise usage("no_such_option", name=_escape(opt))
            p = option(opt)
            if p is not None and not p["flag"]:
                if i < len(arg):
                    rargs.insert(0, arg[i:])
                    record(p, value_for(opt))
                    return
                record(p, value_for(opt))
            else:
                record(p, None)

    while rargs:
        arg = rargs.pop(0)
        if arg == "--":
            break
        if arg[:1] == "-" and len(arg) > 1:
            opt, eq, explicit = arg.partition("=")
            if opt in long_known or opt in typer_only:
                long(opt, explicit if eq else None)
            elif arg[:2] != "--":
                short(arg)
            else:
                message = USAGE["no_such_option"].format(name=_escape(opt))
                close = _close(opt, long_known)
                if close:
                    raise usage("possible_options", message=message, names=", ".join(sorted(close)))
                raise UsageError(message)
        elif interspersed:
            out.largs.append(arg)
        else:
            rargs.insert(0, arg)
            break
    out.rest = rargs
    once = set()
    for name in (
        out.order
    ):  # a single-valued option given twice: refused after the scan, as clicktext.command_classes()'s command does
        p = by_name.get(name)
        if p is not None and not p["flag"] and not p["multiple"]:
            if name in once:
                raise usage("given_twice", hint=p["hint"])
            once.add(name)
    return out


def _process(
    parsed: _Parsed, params: list[Param], environ: Mapping[str, str], *, with_args: bool
) -> tuple[dict[str, Any], list[str], str]:
    """click's parameter processing: eager first, then in the order typed, then as declared.
    Returns the values, the arguments left over, and the eager option that answers instead
    (HELP or VERSION, whichever came first; "" for none)."""
    args = [p for p in params if p.get("argument")]
    positional = parsed.largs + parsed.rest if with_args else []
    taken: dict[str, Any] = {}
    if with_args:
        if len(args) > 1 or any(p["nargs"] not in (1, -1) for p in args):
            raise _Refuse  # not used by gxeco
        for p in args:
            if p["nargs"] == 1:
                taken[p["name"]] = positional.pop(0) if positional else None
            else:
                taken[p["name"]] = positional
                positional = []
            parsed.order.append(p["name"])
    decl = [p["name"] for p in params] + [HELP]
    by_name = {p["name"]: p for p in params}
    eager = {HELP} | {p["name"] for p in params if p.get("action") == VERSION}

    def key(name: str) -> tuple[bool, float]:
        return name not in eager, parsed.order.index(name) if name in parsed.order else float("inf")

    values: dict[str, Any] = {}
    for name in sorted(decl, key=key):
        if name == HELP:
            if parsed.values.get(HELP):
                return values, positional, HELP
            continue
        p = by_name[name]
        if p.get("argument"):
            if name not in taken:  # the group level: its command is not an argument
                continue
            raw = taken[name]
            if raw is None or raw == []:
                if p["required"]:
                    raise usage("missing_argument", hint=p["hint"])
                values[name] = p["default"] if raw is None else []
            else:
                values[name] = [_convert(p, x) for x in raw] if p["nargs"] == -1 else _convert(p, raw)
            continue
        if name in parsed.values:
            raw = parsed.values[name]
            values[name] = True if p["flag"] else [_convert(p, x) for x in raw] if p["multiple"] else _convert(p, raw)
            if p.get("action") == VERSION:
                return values, positional, VERSION
            continue
        env = p.get("envvar")
        raw_env = environ.get(env) if env else None
        if raw_env:
            if not p["multiple"]:
                raise _Refuse  # not used by gxeco; typer knows the rules
            parts = raw_env.split(os.pathsep) if p["kind"] == "path" else raw_env.split()
            try:
                values[name] = [_convert(p, x) for x in parts]
            except UsageError:
                raise _Refuse from None  # click words a bad environment value its own way
        else:
            values[name] = p["default"]
    values = {k: v for k, v in values.items() if by_name[k].get("action") != VERSION}
    return values, positional, ""


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
    """Which vocabulary completes the word being typed ("" for command names), or None
    when typer must answer (option names, and anything this parser is unsure of)."""
    if incomplete.startswith("-") or "=" in incomplete:
        return None
    try:
        parsed = _scan(args, grammar["globals"], "", grammar, interspersed=False)
        gvals, _args, eager = _process(parsed, grammar["globals"], environ, with_args=False)
    except (_Refuse, UsageError):
        return None
    rest = parsed.rest
    if eager:
        return None
    if not rest:
        flags = {o for p in grammar["globals"] if p["flag"] for o in p["opts"]}
        if all(a in flags for a in args) and (not incomplete or incomplete[0].isalnum()):
            return ""  # the command's name
        return None
    if rest[0] not in grammar["commands"]:
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


def _option_names(args: list[str], incomplete: str, grammar: Grammar) -> list[tuple[str, str]] | None:
    """A TAB on "-…": the options of the level being typed, less those already given once
    (click's rule), or None when typer must answer."""
    if not incomplete.startswith("-") or "=" in incomplete or "--" in args:
        return None
    try:
        parsed = _scan(args, grammar["globals"], "", grammar, interspersed=False)
        if any(p.get("action") == VERSION for p in grammar["globals"] if p["name"] in parsed.order):
            return None  # typer prints the version into the completions
        level = ""
        if parsed.rest and parsed.rest[0] in grammar["commands"]:  # else click stays at the top level
            level = parsed.rest[0]
            parsed = _scan(parsed.rest[1:], grammar["commands"][level], level, grammar, interspersed=True)
    except (_Refuse, UsageError):
        return None
    seen = set(parsed.order)
    entries = grammar["option_names"][level]
    # click builds the help option's names from a set, so typer offers them in this process's
    # set order (string hashes differ per process): the same set gives the same order
    helps = {e[0]: e for e in entries if e[2] == HELP}
    entries = [e for e in entries if e[2] != HELP] + [helps[o] for o in set(grammar["help_options"]) if o in helps]
    return [(o, h) for o, h, name, multiple in entries if o.startswith(incomplete) and (multiple or name not in seen)]


def _plain_help(text: str, environ: Mapping[str, str]) -> bool:
    """Whether typer would print this help as it is: it renders help through a rich console,
    which reads [markup] and :emoji: and breaks lines at the console's width."""
    import re

    width = int(environ.get("COLUMNS", "80")) if environ.get("COLUMNS", "").isdigit() else 80
    if "[" in text or re.search(r":\S*?:", text):
        return False
    from .layout import width_of

    return width_of(text) < min(width, 80)


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
    options = _option_names(got[0], got[1], grammar)
    name = "-" if options is not None else _values_for(got[0], got[1], grammar, environ)
    if name is None:
        return None
    if options is not None:
        if shell != "bash" and not all(_plain_help(h, environ) for _, h in options):
            return None
        items = options
    elif name == "":
        items = [(n, h) for n, h in grammar["summaries"] if n.startswith(got[1])]
    else:
        from . import commands

        items = commands.complete_values(name, got[1])
    if shell == "fish" and environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        return 0 if items else 1
    sys.stdout.write(_format_completion(shell, items) + "\n")  # typer prints an empty line for no item
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


class Help:
    """--help: the stored text of this command ("" for gxeco itself). Bare ``gxeco`` gets
    the help as typer gives it there: on stderr, as a usage error (exit code 2)."""

    def __init__(self, key: str, *, error: bool = False) -> None:
        self.key = key
        self.error = error


def parse(argv: Sequence[str], grammar: Grammar, environ: Mapping[str, str]) -> Call | Help | None:
    """The call this command line makes, or the help it asks for, or None when typer must
    answer it. A usage error raises UsageError with click's message."""
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in environ):
        return None  # shell completion
    if not argv:
        return Help("", error=True)  # no_args_is_help
    try:
        g = _scan(argv, grammar["globals"], "", grammar, interspersed=False)
        gvals, _args, eager = _process(g, grammar["globals"], environ, with_args=False)
        if eager == HELP:
            return Help("")
        if eager == VERSION:
            return Call({}, None, {})
        rest = g.rest
        if not rest:
            raise usage("missing_command")
        name = rest[0]
        if name not in grammar["commands"]:
            if name[:1] == "-":
                raise _Refuse  # after --: click parses it as a global option again
            message = USAGE["no_such_command"].format(name=repr(name))
            close = _close(name, [n for n, _ in grammar["summaries"]])
            if close:
                raise usage("did_you_mean_command", message=message[:-1], names=", ".join(map(repr, close)))
            raise UsageError(message)
        params = grammar["commands"][name]
        parsed = _scan(rest[1:], params, name, grammar, interspersed=True)
        values, extra, eager = _process(parsed, params, environ, with_args=True)
        if eager == HELP:
            return Help(name)
        if extra:
            raise usage("extra_arguments", args=" ".join(_escape(a) for a in extra))
    except _Refuse:
        return None
    return Call(gvals, name, values)


def _help_text(key: str) -> str | None:
    """typer's --help for prog name gxeco: stored for 80+ columns (click writes help no wider
    than 78), written again from the stored calls on a narrower terminal (clicktext.replay);
    None when typer would name the program otherwise."""
    import shutil

    from .i18n import is_zh

    main = sys.modules.get("__main__")
    if getattr(main, "__package__", None) not in (None, ""):
        return None  # python -m gxeco: typer names the program differently
    if os.path.basename(sys.argv[0]) != "gxeco":
        return None
    if shutil.get_terminal_size().columns >= 80:
        from ._grammar import HELP, HELP_ZH

        return (HELP_ZH if is_zh() else HELP)[key]
    from ._help import CALLS, CALLS_ZH
    from .clicktext import replay

    # click's --help: the formatter's text without its trailing newlines, and one newline
    return replay((CALLS_ZH if is_zh() else CALLS)[key]).rstrip("\n") + "\n"


def run(argv: Sequence[str]) -> int | None:
    """Run a command line the fast way; None when it is typer's to answer."""
    grammar = localized()

    if COMPLETE_VAR in os.environ:
        return complete(grammar, os.environ)
    try:
        call = parse(argv, grammar, os.environ)
    except UsageError as exc:
        from .commands import err
        from .i18n import is_zh

        text = exc.message
        if is_zh():  # clicktext (re, ~5 ms) only where it changes the words: English is click's as is
            from .clicktext import message

            text = message(text)
        err(text, usage_hint(argv, grammar))
        return 2
    if call is None:
        return None
    if isinstance(call, Help):
        helped = _help_text(call.key)
        if helped is None:
            return None
        (sys.stderr if call.error else sys.stdout).write(helped)
        return 2 if call.error else 0
    from . import commands

    if call.command is None:
        commands.version()
        return 0
    commands.setup(**call.globals)
    return commands.guarded(commands.COMMANDS[call.command], call.params)
