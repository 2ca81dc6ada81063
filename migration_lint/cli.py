"""The ``sep`` command line (Typer): ``sep alembic lint`` and friends.

Heavy modules (libcst, the rules, Rich) are imported inside the commands, so ``sep
--help`` and a cached lint run stay fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="sep",
    help="Safety tools for Alembic migrations of plugin-based SQLAlchemy apps.",
    no_args_is_help=True,
    add_completion=False,
)
alembic_app = typer.Typer(
    name="alembic",
    help="Alembic front end with plugin support, and the migration linter.",
    no_args_is_help=True,
)
app.add_typer(alembic_app)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    concise = "concise"


def _codes(values: list[str] | None) -> list[str]:
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


@alembic_app.command("lint")
def lint_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or directories to report on (the whole project is still loaded "
            "for context). Default: the whole project.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Output format.")
    ] = OutputFormat.text,
    select: Annotated[
        list[str] | None,
        typer.Option(help="Only these rule codes or prefixes (comma-separated, e.g. ML1,ML202)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these rule codes or prefixes (comma-separated).")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on any finding, not only errors.")
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Configuration file (default: the nearest pyproject.toml with a "
            "\\[tool.migration_lint] table).",
        ),
    ] = None,
) -> None:
    """Lint revision scripts statically: data loss and misplaced migrations."""
    from .config import ConfigError, find_config, load_config
    from .diagnostics import Severity
    from .linter import lint_project, select_rules
    from .project import UsageError, load_project
    from .reporters import report

    try:
        rules = select_rules(_codes(select), _codes(ignore))
        config_path = config if config is not None else find_config(Path.cwd())
        project_config = load_config(config_path) if config_path is not None else None
        project = load_project(project_config, list(paths or []))
        result = lint_project(project, rules)
    except (ConfigError, UsageError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    report(result, output_format.value)
    failing = (
        result.findings if strict else [f for f in result.findings if f.severity is Severity.ERROR]
    )
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
