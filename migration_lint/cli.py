"""The ``sep`` Typer app (the console script's entry point is :mod:`migration_lint.__main__`).

``sep alembic ...`` hands its arguments, untouched, to the alembic front end
(:mod:`migration_lint.alembic_front`), where ``lint`` is a subcommand next to alembic's
own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="sep",
    help="Safety tools for Alembic migrations of plugin-based SQLAlchemy apps.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

_PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []}


@app.command(
    "alembic",
    context_settings=_PASS_THROUGH,
    add_help_option=False,
    help="Alembic with --plugin/--version-path support, plus 'lint' (see sep alembic --help).",
)
def alembic_command(ctx: typer.Context) -> None:
    """Pass every argument through to the alembic front end."""
    raise typer.Exit(run_alembic(ctx.args))


@app.command("lsp")
def lsp_command(
    stdio: Annotated[bool, typer.Option("--stdio", help="Use stdio (the default).")] = False,
) -> None:
    """Language server on stdio: lint findings in the editor (see README, Editors)."""
    from .lsp import main as lsp_main

    raise typer.Exit(lsp_main([]))


@app.callback()
def _root() -> None:
    """Safety tools for Alembic migrations of plugin-based SQLAlchemy apps."""


db_app = typer.Typer(name="db", help="The project's development database.", no_args_is_help=True)
app.add_typer(db_app)

YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (needed when piped).")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Configuration file (default: nearest pyproject.toml)."),
]


ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Also on a database not listed in development_databases (needs --yes too).",
    ),
]


def _database_command(
    action: Callable[[Path | None, bool, bool], str], config: Path | None, yes: bool, force: bool
) -> None:
    from .config import ConfigError
    from .db_commands import Refused
    from .dev_databases import NotDevelopment

    try:
        typer.echo(action(config, yes, force))
    except (ConfigError, Refused, NotDevelopment) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@db_app.command("drop")
@app.command("drop_uber_db")
def drop_db(
    yes: YesOption = False, force: ForceOption = False, config: ConfigOption = None
) -> None:
    """Drop every table of the database, the alembic version table too."""
    from .db_commands import drop_database

    _database_command(drop_database, config, yes, force)


@db_app.command("reset")
@app.command("reset_uber_db")
def reset_db(
    yes: YesOption = False, force: ForceOption = False, config: ConfigOption = None
) -> None:
    """Drop everything, create all tables from the models, and stamp heads."""
    from .db_commands import reset_database

    _database_command(reset_database, config, yes, force)


def run_alembic(argv: Sequence[str]) -> int:
    if list(argv[:1]) == ["lint"]:
        from .lint_cli import main as lint_main

        return lint_main(argv[1:])
    from .alembic_front import main as alembic_main

    return alembic_main(argv)


if __name__ == "__main__":  # python -m migration_lint.cli behaves like the console script
    from .__main__ import main

    main()
