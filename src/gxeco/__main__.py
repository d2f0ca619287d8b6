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
        if argv is None:
            _skip_last_collection()
        sys.exit(code)
    except BrokenPipeError:
        silence_broken_pipe()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(130)


def _skip_last_collection() -> None:
    """Before a process's own exit: the interpreter's last garbage collection walks every
    object of every module imported, a tenth of a short run, to free memory the process is
    about to give back whole. Frozen objects are left out of it; everything else of the
    exit (flushing, closing, atexit) happens as before. Not for main(argv) called in a
    longer-lived process (tests), whose frozen objects would never be collected."""
    import gc

    gc.freeze()


def _typer(args: list[str]) -> int:
    """typer answers what the fast path does not; its usage errors are made as short as
    gxeco's own (one line and one hint) instead of click's four-line block."""
    import typer

    from .cli import app
    from .clicktext import message as in_language
    from .commands import err

    try:
        rv = app(args, standalone_mode=False)
    except typer.Abort:
        sys.stderr.write("\n")
        return 130
    except typer.TyperException as exc:  # click's exceptions derive from it, vendored by typer or not
        code = int(getattr(exc, "exit_code", 1))
        if not args:  # bare `gxeco`: click's no-args error, whose message is the help, as typer shows it
            sys.stderr.write(exc.format_message() + "\n")
            return code
        from ._grammar import GRAMMAR
        from .fastpath import usage_hint

        err(in_language(exc.format_message()), usage_hint(args, GRAMMAR))
        return code
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    main()
