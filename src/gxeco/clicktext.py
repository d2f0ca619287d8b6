"""typer's and click's own words (Usage, Options, "Missing argument" …) in gxeco's language.

click marks its words with ``gettext.gettext`` of the default domain, but typer 0.28 vendors
click with those calls taken out, so no catalog bound to that domain would reach them. gxeco
translates them at its edge instead, the same way for typer 0.27 (click 8) and 0.28: a help
formatter (``command_classes``, handed to typer where ``cli.py`` builds the app) and ``message`` for the usage
errors that ``__main__`` prints. Both leave English untouched. The English they recognise is
listed here, marked for the catalog, so ``scripts/regen_messages.py`` extracts it like any
other message. The same formatter, on a click-free base (``ClickHelpFormatter``), writes the
fast path's help for a terminal narrower than 80 columns (``replay``). Imported only for help,
usage errors and completion.
"""

from __future__ import annotations

import re

from .i18n import N_, _, is_zh

TYPE_CHECKING = False  # typing costs ~3 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from typing import Any

# Help: words of typer's and click's help screens, translated where they are written.
HELP_WORDS = (
    N_("Usage: "),
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Install completion for the specified shell."),
    N_("Show completion for the specified shell, to copy it or customize the installation."),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("required"),
    N_("default: {default}"),
    N_("env var: {var}"),
)
# metavars typer writes for option types
METAVARS = {"<str>": N_("<text>"), "<int range>": N_("<integer>"), "<int>": N_("<integer>"), "<path>": N_("<path>")}
TYPE_NAMES = {"int range": N_("integer"), "integer": N_("integer"), "int": N_("integer"), "path": N_("path")}

# what help never breaks inside: a `command`, a [default: …], an option (-o, --output) and a file suffix (.svg)
_CODE = re.compile(r"`[^`\n]*`|\[[^\[\]\n]*\]|(?<![\w.-])(?:--?|\.)[A-Za-z][\w-]*")
_EXTRA = re.compile(r"^(?P<help>.*?)(?:(?:\s{2}|^)\[(?P<extra>[^\[\]]*)\])?$", re.S)


def _extra(item: str) -> str:
    name, sep, value = item.partition(": ")
    if sep and name == "default":
        return _("default: {default}").format(default=_default_value(value))
    if sep and name == "env var":
        return _("env var: {var}").format(var=value)
    return _(item)


def _default_value(value: str) -> str:
    """A default as the reader knows it: in Chinese the value's Chinese name with the key to type
    (编号（id）, 国标（gbt7714）); a number or a format name as it is."""
    if not is_zh():
        return value
    from . import vocab

    for v in (vocab.LIST_SORT, vocab.FIGURE_SORT, vocab.STYLE, vocab.DIMENSION):
        if value in v.names:
            return v.label(value)
    return value


def help_text(text: str) -> str:
    """One option's help as typer composed it: its text, then ``[default: 10; x>=1]``."""
    m = _EXTRA.match(text)
    if not m:  # pragma: no cover - the pattern matches any text
        return _(text)
    out = _(m["help"]) if m["help"] else ""
    if m["extra"] is not None:
        out += ("  [" if out else "[") + _("; ").join(_extra(x) for x in m["extra"].split("; ")) + "]"
    return out


# typer 0.29 writes a type the way Python spells it (<list[str]>, <list[Path]>), the type of an
# argument after its name, and an optional argument in doubled brackets: gxeco's help reads the same
# whichever typer draws it (0.27/0.28's <str>, <path>, [REF]), so the stored help fits every one
_TYPE_SPELLINGS = ((re.compile(r"<list\[(\w+)\]>"), r"<\1>"), (re.compile(r"<Path>"), "<path>"))
_USAGE_SPELLINGS = ((re.compile(r"\[\[([^\[\]]+)\]\]"), r"[\1]"), (re.compile(r"(\{[^{}]+\})\.\.\."), r"\1"))


def _as_typer_writes(text: str, spellings: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, repl in spellings:
        text = pattern.sub(repl, text)
    return text


def neutral_term(text: str) -> str:
    """A help row's first column as typer 0.27/0.28 write it, whichever typer wrote it."""
    text = _as_typer_writes(text, _TYPE_SPELLINGS)
    return text if text.startswith("-") else re.sub(r" <[^<>]+>$", "", text)  # an argument: its name


def neutral_usage(args: str) -> str:
    """A usage line's arguments as typer 0.27/0.28 write them, whichever typer wrote them."""
    return _as_typer_writes(args, _USAGE_SPELLINGS)


def neutral_call(name: str, args: tuple[Any, ...]) -> list[Any]:
    """A call to the help formatter (HELP_CALLS) as plain data, with what typer wrote in the
    words of 0.27/0.28: what scripts/regen_grammar.py stores, the same under every typer."""
    if name == "write_usage" and len(args) > 1:
        args = (args[0], neutral_usage(args[1]), *args[2:])
    if name == "write_dl":
        args = ([[neutral_term(a), b] for a, b in args[0]], *args[1:])
    return [name, *args]


def term(text: str) -> str:
    """An option's names and metavar: ``-n, --limit <int range>`` (as typer writes it in English);
    an argument's name alone (``REF...``)."""
    text = neutral_term(text)
    if not is_zh():
        return text
    for eng, word in METAVARS.items():
        text = text.replace(eng, _(word))
    return text


def _put_back(lines: list[str], codes: list[str]) -> list[str] | None:
    """Lines broken with each code masked as a run of X, with the codes put back in order; None when
    a mask was split (a code as wide as the column, a closing mark pulling its last cell down)."""
    from .layout import width_of

    i = pos = 0
    for code in codes:  # each at the next mask after the one put back before it
        mask = "X" * width_of(code)
        while (at := lines[i].find(mask, pos)) < 0:
            i, pos = i + 1, 0
            if i == len(lines):
                return None
        lines[i] = lines[i][:at] + code + lines[i][at + len(mask) :]
        pos = at + len(code)
    return lines


def _usage_args(args: str) -> str:
    return args.replace("[OPTIONS]", _("[OPTIONS]")).replace("COMMAND [ARGS]...", _("COMMAND [ARGS]..."))


def _formatter(base: type[Any]) -> type[Any]:
    """A subclass of typer's HelpFormatter: typer's words in gxeco's language, and lines broken
    by gxeco's line breaker in terminal cells, in both languages (click counts characters, so
    the Chinese in English help would overflow the line too, and it cuts `commands` in two)."""
    from .layout import width_of, wrap

    class GxecoHelpFormatter(base):  # type: ignore[misc]
        def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
            super().__init__(indent_increment, width, max_width)
            # click never formats narrower than 50 columns: on a narrower terminal every line would
            # run past the edge and the terminal would fold it again, mid-word
            import shutil

            columns = shutil.get_terminal_size().columns
            if width is None and 20 <= columns < self.width + 2:
                self.width: int = columns - 2

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            args = neutral_usage(args)
            if is_zh():
                prefix = _("Usage: ") if prefix is None else prefix
                args = _usage_args(args)
            super().write_usage(prog, args, prefix)

        def write_heading(self, heading: str) -> None:
            if not is_zh():
                return super().write_heading(heading)  # type: ignore[no-any-return]
            self.write(f"{'':>{self.current_indent}}{_(heading)}：\n")
            return None

        def _lines(self, text: str, width: int) -> list[str]:
            out: list[str] = []
            width = max(width, 10)

            def mask(m: re.Match[str]) -> str:
                return "X" * width_of(m[0]) if width_of(m[0]) <= width else m[0]

            for para in text.split("\n\n"):
                if out:
                    out.append("")
                # a code (_CODE) stays on one line: wrapped as a Latin word of its width, then put back;
                # one wider than the column is left to the line breaker, which folds it
                para = " ".join(para.split())
                codes = [c for c in _CODE.findall(para) if width_of(c) <= width]
                out += _put_back(wrap(_CODE.sub(mask, para), width) or [""], codes) or wrap(para, width)
            return out

        def write_text(self, text: str) -> None:
            indent = " " * self.current_indent
            for line in self._lines(text, self.width - self.current_indent):
                self.write(f"{indent}{line}".rstrip() + "\n")
            return None

        def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
            rows = [(term(first), help_text(second) if second else "") for first, second in rows]
            # on a narrow terminal a long name goes on a line of its own rather than leave its help a
            # column a few characters wide
            col_max = min(col_max, max(self.width - 40, 12))
            first_col = min(max((width_of(r[0]) for r in rows), default=0), col_max) + col_spacing
            pad = " " * (first_col + self.current_indent)
            for first, second in rows:
                self.write(f"{'':>{self.current_indent}}{first}")
                if not second:
                    self.write("\n")
                    continue
                if width_of(first) <= first_col - col_spacing:
                    self.write(" " * (first_col - width_of(first)))
                else:
                    self.write("\n" + pad)
                lines = self._lines(second, max(self.width - first_col - 2, 10))
                self.write(lines[0].rstrip() + "\n")
                for line in lines[1:]:
                    self.write(f"{pad}{line}".rstrip() + "\n")
            return None

    return GxecoHelpFormatter


# --- help without typer: the fast path's narrow help -----------------------------------------
# What typer's formatter is asked to write for each --help (recorded by scripts/regen_grammar.py
# into _help.py: the calls below, in order) is written again here, at the terminal's width, by the
# same gxeco formatter on a base that does what click's HelpFormatter does, without importing
# typer or click: a narrow terminal gets typer's text, at the fast path's speed.
HELP_CALLS = ("write_usage", "write_paragraph", "write_heading", "write_text", "write_dl", "indent", "dedent")


class ClickHelpFormatter:
    """click's HelpFormatter as typer 0.27-0.29 vendor it (the parts gxeco's formatter does not
    replace): the width, the buffer, the indents, the usage line, headings and paragraphs."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        import shutil

        self.indent_increment = indent_increment
        columns = shutil.get_terminal_size().columns
        self.width = width if width is not None else max(min(columns, max_width or 80) - 2, 50)
        self.current_indent = 0
        self.buffer: list[str] = []

    def write(self, string: str) -> None:
        self.buffer.append(string)

    def indent(self) -> None:
        self.current_indent += self.indent_increment

    def dedent(self) -> None:
        self.current_indent -= self.indent_increment

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = "Usage: "
        usage_prefix = f"{prefix:>{self.current_indent}}{prog} "
        text_width = self.width - self.current_indent
        if text_width >= len(usage_prefix) + 20:
            indent = " " * len(usage_prefix)
            self.write(_fill(args, text_width, usage_prefix, indent))
        else:
            self.write(usage_prefix)
            self.write("\n")
            indent = " " * (max(self.current_indent, len(prefix)) + 4)
            self.write(_fill(args, text_width, indent, indent))
        self.write("\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}:\n")

    def write_paragraph(self) -> None:
        if self.buffer:
            self.write("\n")

    def getvalue(self) -> str:
        return "".join(self.buffer)


def _fill(text: str, width: int, initial_indent: str, subsequent_indent: str) -> str:
    """click's wrap_text of one paragraph: textwrap, a word longer than the line cut where it ends."""
    import textwrap

    class Wrapper(textwrap.TextWrapper):
        def _handle_long_word(self, reversed_chunks: list[str], cur_line: list[str], cur_len: int, width: int) -> None:
            space_left = max(width - cur_len, 1)
            last = reversed_chunks[-1]
            cur_line.append(last[:space_left])
            reversed_chunks[-1] = last[space_left:]

    wrapper = Wrapper(
        width, initial_indent=initial_indent, subsequent_indent=subsequent_indent, replace_whitespace=False
    )
    return wrapper.fill(text.expandtabs())


def replay(calls: list[list[Any]]) -> str:
    """A --help written from its recorded calls (_help.py) at this terminal's width."""
    f = _formatter(ClickHelpFormatter)()
    for name, *args in calls:
        if name == "write_dl":
            args = [[tuple(row) for row in args[0]], *args[1:]]
        getattr(f, name)(*args)
    return str(f.getvalue())


def command_classes() -> tuple[type[Any], type[Any]]:
    """typer's group and command classes with gxeco's help: handed to typer as ``cls`` where
    cli.py declares the app and its commands (typer's and click's documented way to customise
    a command), so no class of typer's is changed. The context they make formats help with
    the formatter above; the group lists each command's summary whole, wrapped, where click
    would cut it to the width left ("Export cases or figures for..."); a command refuses a
    single-valued option given twice. Both behave as typer's own for English apart from the
    summaries."""
    import typer.core

    context: type[Any] = typer.core.TyperCommand.context_class

    class GxecoContext(context):  # type: ignore[misc]
        formatter_class = _formatter(context.formatter_class)

    class GxecoCommand(typer.core.TyperCommand):
        """A command whose single-valued options refuse a second value (``--sort id --sort page``)
        instead of keeping the last one silently, as click would; the fast path refuses the same
        lines with the same words (grammar.USAGE["given_twice"])."""

        context_class = GxecoContext

        def make_parser(self, ctx: Any) -> Any:
            from .grammar import USAGE, error_hint

            parser = super().make_parser(ctx)
            parse = parser.parse_args

            def parse_args(args: list[str]) -> Any:
                opts, largs, order = parse(args)
                once: set[str] = set()
                for p in order:
                    if getattr(p, "param_type_name", "") != "option" or getattr(p, "is_flag", False) or p.multiple:
                        continue
                    if p.name in once:
                        # click's words in English, as its own errors are; message() translates them
                        ctx.fail(USAGE["given_twice"].format(hint=error_hint(p)))
                    once.add(str(p.name))
                return opts, largs, order

            parser.parse_args = parse_args  # type: ignore[method-assign]
            return parser

    class GxecoGroup(typer.core.TyperGroup):
        context_class = GxecoContext

        def format_commands(self, ctx: Any, formatter: Any) -> None:
            rows = []
            for name in self.list_commands(ctx):
                cmd = self.get_command(ctx, name)
                if cmd is not None and not cmd.hidden:
                    rows.append((name, cmd.get_short_help_str(limit=1_000)))
            if rows:
                with formatter.section(_("Commands")):
                    formatter.write_dl(rows)

    return GxecoGroup, GxecoCommand


def translate_completion() -> None:
    """typer's --install-completion says what it did in English, from a callback bound to its
    option's declaration: the declaration is given gxeco's callback, which says the same in
    gxeco's language. (typer offers no public hook for these two lines; the declaration is
    found by its callback, so a typer that changes it leaves English, never a crash.)"""
    import typer.completion as tc

    for fn in (tc._install_completion_placeholder_function, tc._install_completion_no_auto_placeholder_function):
        for info in fn.__defaults__ or ():
            if getattr(info, "callback", None) is tc.install_callback:
                info.callback = _install_completion


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """typer's install_callback, its two lines translated."""
    import sys

    from typer._completion_shared import install

    if not value or ctx.resilient_parsing:
        return value
    shell, path = install(shell=value) if isinstance(value, str) else install()
    sys.stdout.write(_("{shell} completion installed in {path}").format(shell=shell, path=path) + "\n")
    sys.stdout.write(_("Completion will take effect once you restart the terminal") + "\n")
    sys.exit(0)


# typer reads a callback's parameters by their annotations, evaluated in this module, where the
# annotation-only names do not exist at run time: without them it reads click's order (ctx, param, value)
_install_completion.__annotations__ = {}


# --- usage errors --------------------------------------------------------------------


def _unquote(s: str) -> str:
    s = s.strip()
    return s[1:-1] if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"" else s


def _code(s: str) -> str:
    """An option's or a value's name as Chinese messages set it: `--format`."""
    return f"`{_unquote(s)}`"


def _param(hint: str) -> str:
    """click's ``'--format' / '-f'``: the first name."""
    return _code(hint.split(" / ")[0])


def _reason(reason: str) -> str:
    if m := re.fullmatch(r"(?P<value>.+?) is not one of (?P<choices>.+?)\.?", reason):
        choices = [_unquote(c) for c in m["choices"].split(", ")]
        return _("{value} is not one of {choices}").format(value=_unquote(m["value"]), choices=_(", ").join(choices))
    if m := re.fullmatch(r"(?P<value>.+?) is not in the range (?P<range>.+?)\.?", reason):
        return _("{value} is not in the range {range}").format(value=_unquote(m["value"]), range=m["range"])
    if m := re.fullmatch(r"(?P<value>.+?) is not a valid (?P<type>.+?)\.?", reason):
        kind = TYPE_NAMES.get(m["type"])
        return _("{value} is not a valid {type}").format(
            value=_unquote(m["value"]), type=_(kind) if kind else m["type"]
        )
    return reason


def click_words(text: str) -> str:
    """A usage error as click words it: typer 0.29 checks values through pydantic, which puts
    "Value error, " before click's own reason."""
    return text.replace(": Value error, ", ": ", 1)


def message(text: str) -> str:
    """A usage error of typer's in gxeco's language (unchanged in English, or when unknown)."""
    text = click_words(text)
    if not is_zh():
        return text
    text = text.strip()
    if m := re.fullmatch(r"Invalid value for (?P<param>.+?): (?P<reason>.*)", text, re.S):
        return _("Invalid value for {param}: {reason}").format(param=_param(m["param"]), reason=_reason(m["reason"]))
    if m := re.fullmatch(r"Missing (?P<kind>argument|option|parameter):? (?P<name>.+?)\.?", text):
        template = {
            "argument": N_("Missing argument {name}."),
            "option": N_("Missing option {name}."),
        }.get(m["kind"], N_("Missing parameter {name}."))
        return _(template).format(name=_code(m["name"]))
    if m := re.fullmatch(r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<names>.*)\))?", text):
        out = _("No such option: {name}").format(name=_code(m["name"]))
        if m["names"]:
            names = _(", ").join(_code(n) for n in m["names"].split(", "))
            out += _(" (possible options: {names})").format(names=names)
        return out
    if m := re.fullmatch(r"No such option: (?P<name>\S+) Did you mean (?P<names>.+)\?", text):
        names = _(", ").join(_code(n) for n in m["names"].split(", "))
        out = _("No such option: {name}").format(name=_code(m["name"]))
        return out + _(" (possible options: {names})").format(names=names)
    if m := re.fullmatch(r"Option (?P<name>\S+) requires (?:an argument|(?P<n>\d+) arguments)\.", text):
        return _("Option {name} requires a value.").format(name=_code(m["name"]))
    if m := re.fullmatch(r"Option (?P<name>\S+) does not take a value\.", text):
        return _("Option {name} does not take a value.").format(name=_code(m["name"]))
    if m := re.fullmatch(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)", text, re.S):
        return _("Unexpected extra arguments: {args}").format(args=m["args"])
    if m := re.fullmatch(r"No such command (?P<name>.+?)\. Did you mean (?P<names>.+)\?", text):
        names = _(", ").join(_code(n) for n in m["names"].split(", "))
        return _("No such command {name}. Did you mean {names}?").format(name=_code(m["name"]), names=names)
    if m := re.fullmatch(r"No such command (?P<name>.+?)\.", text):
        return _("No such command {name}.").format(name=_code(m["name"]))
    if m := re.fullmatch(r"Option (?P<param>.+?) was given more than once; it takes one value\.", text):
        return _("Option {name} was given more than once; it takes one value.").format(name=_param(m["param"]))
    if text == "Missing command.":
        return _("Missing command.")
    return text
