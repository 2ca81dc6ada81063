"""The ``sep`` console script (and ``python -m migration_lint``).

``sep alembic lint`` is dispatched here, before Typer is imported: pre-commit runs it many
times a day, and it must not pay for Typer's, alembic's or SQLAlchemy's start-up.
``sep lsp`` (the language server) is dispatched here too, for the same reason.
"""

from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    try:
        if argv[:2] == ["alembic", "lint"]:
            from .lint_cli import main as lint_main

            sys.exit(lint_main(argv[2:]))
        if argv[:1] == ["lsp"]:  # an editor starts it; stdout is the protocol stream
            from .lsp import main as lsp_main

            sys.exit(lsp_main(argv[1:]))
        from .cli import app

        app(prog_name="sep")
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # the reader went away (`sep alembic lint | head`): stop quietly, as cat and grep do
        _silence_stdout()
        sys.exit(128 + 13)  # as if killed by SIGPIPE


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    main()
