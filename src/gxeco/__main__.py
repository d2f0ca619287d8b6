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
            from .cli import app

            app(args)  # exits
        sys.exit(code)
    except BrokenPipeError:
        silence_broken_pipe()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
