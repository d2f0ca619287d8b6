"""Entry point: common command lines take the fast path, typer answers the rest."""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    """Console script and ``python -m gxeco``."""
    from .console import install, silence_broken_pipe

    install()
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        from .fastpath import run

        code = run(args)
        if code is None:
            code = _typer(args)
        sys.exit(code)
    except BrokenPipeError:
        silence_broken_pipe()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(130)


def _typer(args: list[str]) -> int:
    """typer answers what the fast path does not; its usage errors are made as short as
    gxeco's own (one line and one hint) instead of click's four-line block."""
    from .cli import app
    from .clicktext import message as in_language
    from .commands import err
    from .i18n import _

    try:
        rv = app(args, standalone_mode=False)
    except Exception as exc:
        # click's exceptions (typer 0.28 vendors click, so matched by shape, not by class)
        name = type(exc).__name__
        if name == "Abort":
            sys.stderr.write("\n")
            return 130
        code, message = getattr(exc, "exit_code", None), getattr(exc, "format_message", None)
        if code is None or message is None:
            raise
        if name == "NoArgsIsHelpError":  # bare `gxeco`: the help, as typer shows it
            exc.show()  # type: ignore[attr-defined]
            return int(code)
        from ._grammar import GRAMMAR

        cmd = next((a for a in args if a in GRAMMAR["commands"]), None)
        err(in_language(message()), _("try '{command} -h'").format(command=f"gxeco {cmd}" if cmd else "gxeco"))
        return int(code)
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    main()
