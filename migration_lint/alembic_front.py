"""``sep alembic``: alembic's own command line, with ``lint`` registered next to its commands.

Reusing :class:`alembic.config.CommandLine` (its parser, its commands, its error handling)
means every subcommand and option of the installed alembic works unchanged and new alembic
releases need no code change here.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from collections.abc import Sequence

from alembic.config import CommandLine

from .lint_cli import DESCRIPTION, add_lint_arguments
from .lint_cli import run as run_lint


class FrontEnd(CommandLine):
    """alembic's CommandLine plus the ``lint`` subcommand."""

    def __init__(self, prog: str = "sep alembic") -> None:
        super().__init__(prog=prog)
        lint = self.subparsers.add_parser("lint", help=DESCRIPTION, description=DESCRIPTION)
        add_lint_arguments(lint)
        lint.set_defaults(lint=True)

    def run(self, argv: Sequence[str]) -> int:
        options = self.parser.parse_args(list(argv))
        if getattr(options, "lint", False):
            return run_lint(options)
        return self._run_alembic(options)

    def _run_alembic(self, options: Namespace) -> int:
        from alembic.config import Config

        if not hasattr(options, "cmd"):
            self.parser.error("too few arguments")
        toml, ini = self._inis_from_config(options)
        config = Config(
            file_=ini,
            toml_file=toml,
            ini_section=options.name,
            cmd_opts=options,
            stdout=sys.stdout,  # bound now, so captured output in tests is seen
        )
        self.run_cmd(config, options)
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    return FrontEnd().run(sys.argv[1:] if argv is None else argv)
