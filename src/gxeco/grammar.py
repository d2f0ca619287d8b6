"""The grammar the fast path parses with: built from the click objects typer builds
(``grammar_of``, run by ``scripts/regen_grammar.py`` and the staleness test), and its parts that
depend on the language of the help (``language_parts``, ``with_language``, ``localized``).

``grammar_of`` reads click's public surface only (``Command.params``, ``Parameter`` attributes,
``ParamType.name``, ``shell_complete``), so it reads typer's objects the same whether typer
vendors click or not; where typer 0.29's click keeps no type, the type comes from the
declaration typer read (``declared``). Nothing here imports typer (``grammar_of`` is handed its
objects).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from dataclasses import dataclass as record
    from typing import Any, TypeAlias

    Param: TypeAlias = dict[str, Any]
    Grammar: TypeAlias = dict[str, Any]
else:
    from .record import record

VERSION = "version"  # the action of --version in a parse
HELP = "help"  # the name of click's help option in a parse
VALUES_PROBE = "gxeco.values"  # ctx.meta key: completion functions name their vocabulary (_completion_values)
# click's names of the parameter types gxeco declares -> the fast path's kinds
_KINDS = {
    "choice": "choice",
    "int": "int",
    "int range": "int",
    "integer": "int",
    "integer range": "int",
    "path": "path",
    "boolean": "bool",
    "str": "str",
    "text": "str",
}


# click's wording (typer 0.28 vendors click), in one place: the fast path answers usage errors
# with exactly what typer would print (gxeco's command class refuses an option given twice in the
# same words), and under Chinese clicktext.message translates them.
USAGE = {
    "no_such_option": "No such option: {name}",
    "possible_options": "{message} (Possible options: {names})",
    "requires_argument": "Option {name} requires an argument.",
    "takes_no_value": "Option {name} does not take a value.",
    "missing_argument": "Missing argument {hint}.",
    "missing_command": "Missing command.",
    "no_such_command": "No such command {name}.",
    "did_you_mean_command": "{message}. Did you mean {names}?",
    "invalid_value": "Invalid value for {hint}: {message}",
    "not_a_choice": "{value} is not one of {choices}.",
    "not_an_int": "{value} is not a valid int range.",
    "out_of_range": "{value} is not in the range {range}.",
    "extra_arguments": "Got unexpected extra argument(s) ({args})",
    # gxeco's own (clicktext.command_classes()'s command): a single-valued option given twice is refused, not last-wins
    "given_twice": "Option {hint} was given more than once; it takes one value.",
}


def grammar_of(group: Any) -> Grammar:
    """The grammar of a click group (``typer.main.get_command(app)``), as plain data."""
    from enum import Enum  # an Enum default is stored as its value, which the fast path passes

    def params(cmd: Any, ctx: Any) -> list[Param]:
        out = []
        for p in cmd.params:
            action = None
            if p.callback is not None:
                if p.name != VERSION:
                    continue  # typer's own --install-completion and the like: left to typer (typer_opts)
                action = VERSION
            t = declared(cmd, p)
            kind = _KINDS.get(t.name)  # the name click gives the parameter's type ("int range", "choice" …)
            if kind is None:  # pragma: no cover - a new parameter type must be taught here first
                raise TypeError(f"{cmd.name} {p.name}: unsupported type {t.name}")
            d: Param = {"name": p.name, "kind": kind, "hint": error_hint(p)}
            if p.param_type_name == "argument":
                d.update(argument=True, nargs=p.nargs, required=p.required)
                if not p.required:
                    d["default"] = _default(p, ctx)  # an optional argument left out (gxeco browse)
            else:
                d.update(
                    opts=[*p.opts, *p.secondary_opts],
                    flag=bool(p.is_flag),
                    multiple=bool(p.multiple),
                    default=default.value if isinstance(default := _default(p, ctx), Enum) else default,
                    envvar=p.envvar,
                )
                if action:
                    d["action"] = action
            if kind == "choice":
                d["choices"] = [str(c) for c in t.choices]
                d["case_sensitive"] = bool(t.case_sensitive)
            values = _completion_values(p, ctx)
            if values:
                d["complete"] = values
            if kind == "int":
                d["min"] = getattr(t, "min", None)
                d["max"] = getattr(t, "max", None)
                if getattr(t, "min_open", False) or getattr(t, "max_open", False) or getattr(t, "clamp", False):
                    raise TypeError(f"{cmd.name} {p.name}: open or clamped ranges are not supported")
            out.append(d)
        return out

    helps = list(group.context_settings.get("help_option_names", ["--help"]))

    def long_opts(cmd: Any) -> list[str]:
        """Every long option click's parser knows at this level (help included): the
        candidates of "Possible options"."""
        opts = [o for p in cmd.params if p.param_type_name == "option" for o in (*p.opts, *p.secondary_opts)]
        return sorted({o for o in [*opts, *helps] if not (len(o) == 2 and o[0] == "-" and o[1] != "-")})

    def typer_opts(cmd: Any) -> list[str]:
        return sorted(
            o for p in cmd.params if p.callback is not None and p.name != VERSION for o in (*p.opts, *p.secondary_opts)
        )

    def option_names(cmd: Any, ctx: Any) -> list[list[Any]]:
        """What a TAB on "-" offers at this level, as typer answers it: [name, help, param, multiple]."""
        by_opt = {
            o: p for p in cmd.get_params(ctx) if p.param_type_name == "option" for o in (*p.opts, *p.secondary_opts)
        }
        out = [
            [i.value, i.help or "", by_opt[i.value].name, bool(by_opt[i.value].multiple)]
            for i in cmd.shell_complete(ctx, "-")
        ]
        # click makes the help option from a set: stored in the declared order, reordered per run
        return sorted(out, key=lambda e: helps.index(e[0]) if e[2] == HELP else -1)

    gctx = group.make_context("gxeco", [], resilient_parsing=True)
    ctxs = {n: c.make_context(n, [], parent=gctx, resilient_parsing=True) for n, c in sorted(group.commands.items())}
    names = {"": option_names(group, gctx), **{n: option_names(c, ctxs[n]) for n, c in sorted(group.commands.items())}}

    return {
        "option_names": names,
        "globals": params(group, gctx),
        "commands": {name: params(cmd, ctxs[name]) for name, cmd in sorted(group.commands.items())},
        "help_options": helps,
        "long_opts": {"": long_opts(group), **{n: long_opts(c) for n, c in sorted(group.commands.items())}},
        "typer_opts": typer_opts(group),
        # as typer lists them (declaration order) with their --help summaries: completion of command names
        "summaries": [[n, c.get_short_help_str()] for n, c in group.commands.items()],
    }


@record(frozen=True)
class Declared:
    """A parameter's type as the fast path needs it, named as click names its types."""

    name: str
    choices: tuple[str, ...] = ()
    case_sensitive: bool = True
    min: int | None = None
    max: int | None = None
    min_open: bool = False
    max_open: bool = False
    clamp: bool = False


def declared(cmd: Any, p: Any) -> Any:
    """A parameter's type: click's ``ParamType`` where the parameter has one (``Parameter.type``,
    typer 0.27/0.28), else read from the declaration typer built the parameter from, the
    annotation of the command's function (``Annotated[int, typer.Option(min=1)]``): typer 0.29's
    click keeps no types, and parses values itself."""
    if hasattr(p, "type"):
        return p.type
    import typing
    from enum import Enum

    hints = typing.get_type_hints(cmd.callback, include_extras=True)
    hint = hints[p.name]
    info: Any = None
    if typing.get_origin(hint) is typing.Annotated:
        hint, info = typing.get_args(hint)[0], typing.get_args(hint)[1]
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    while typing.get_origin(hint) in (list, tuple, typing.Union) or type(hint).__name__ == "UnionType":
        hint = args[0]
        args = [a for a in typing.get_args(hint) if a is not type(None)]
    lo, hi = getattr(info, "min", None), getattr(info, "max", None)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return Declared("choice", tuple(str(e.value) for e in hint), bool(getattr(info, "case_sensitive", True)))
    if hint is int:
        return Declared("integer range" if lo is not None or hi is not None else "integer", min=lo, max=hi)
    if hint is bool:
        return Declared("boolean")
    if isinstance(hint, type) and hint.__name__.endswith("Path"):
        return Declared("path")
    return Declared("text" if hint is str else getattr(hint, "__name__", str(hint)))


def error_hint(p: Any) -> str:
    """How click's usage errors name a parameter ('--limit' / '-n'); typer 0.29 takes no context."""
    try:
        return str(p.get_error_hint(None))
    except TypeError:
        return str(p.get_error_hint())


def _default(p: Any, ctx: Any) -> Any:
    """A parameter's declared default (click's attribute; typer 0.29 keeps it behind get_default)."""
    if hasattr(p, "default"):
        return p.default
    return p.get_default(ctx, call=False)


def language_parts(grammar: Grammar) -> dict[str, Any]:
    """What of a grammar is in the language of the help: the options' help and the
    commands' summaries (completion's descriptions) and the arguments' hints (usage errors).
    The rest is the same in every language; _grammar.py stores these parts again as GRAMMAR_ZH."""
    return {
        "option_names": grammar["option_names"],
        "summaries": grammar["summaries"],
        "hints": {
            name: [p["hint"] for p in params]
            for name, params in [("", grammar["globals"]), *grammar["commands"].items()]
        },
    }


def with_language(grammar: Grammar, parts: dict[str, Any]) -> Grammar:
    """The grammar with the language parts of another language (language_parts)."""

    def hinted(params: list[Param], hints: list[str]) -> list[Param]:
        return [dict(p, hint=h) for p, h in zip(params, hints, strict=True)]

    out = dict(grammar, option_names=parts["option_names"], summaries=parts["summaries"])
    out["globals"] = hinted(grammar["globals"], parts["hints"][""])
    out["commands"] = {n: hinted(ps, parts["hints"][n]) for n, ps in grammar["commands"].items()}
    return out


def localized() -> Grammar:
    """The grammar in this run's language: GRAMMAR, or with GRAMMAR_ZH's parts under Chinese."""
    from ._grammar import GRAMMAR
    from .i18n import is_zh

    if not is_zh():
        return GRAMMAR
    from ._grammar import GRAMMAR_ZH

    return with_language(GRAMMAR, GRAMMAR_ZH)


def _completion_values(param: Any, ctx: Any) -> str | None:
    """The vocabulary a parameter completes from: asked through click's public completion call,
    with VALUES_PROBE set in the context's meta, cli._values's functions answer with their
    vocabulary's name instead of its values."""
    if param.param_type_name == "option" and param.is_flag:
        return None
    ctx.meta[VALUES_PROBE] = True
    try:
        items = param.shell_complete(ctx, "")
    finally:
        del ctx.meta[VALUES_PROBE]
    if len(items) == 1 and str(items[0].value).startswith(VALUES_PROBE):
        return str(items[0].value)[len(VALUES_PROBE) + 1 :]
    return None
