"""``sep drop_uber_db`` / ``sep reset_uber_db`` (also ``sep db drop`` / ``sep db reset``).

Both destroy data, so both ask first: an interactive prompt on a terminal, ``--yes``
otherwise; and both say what they did.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .config import ConfigError, ProjectConfig, find_config, load_config
from .dev_databases import check_may_destroy


class Refused(Exception):
    """Not confirmed, or nothing to work on; exit code 2."""


def _project(config_file: Path | None) -> ProjectConfig:
    path = config_file or find_config(Path.cwd())
    if path is None:
        raise ConfigError(
            "no [tool.migration_lint] configuration found in pyproject.toml here or in a "
            "parent directory (or pass --config FILE)"
        )
    return load_config(path)


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise Refused(f"{question} Refusing without confirmation: pass --yes.")
    import typer

    if not typer.confirm(question, default=False):
        raise Refused("aborted, nothing changed")


def drop_database(config_file: Path | None, yes: bool, force: bool = False) -> str:
    """Drop every table, the alembic version table too; returns what was done."""
    from .database import create_engine, database_url, display_url, drop_everything

    project = _project(config_file)
    url = database_url(project)
    check_may_destroy(url, project, force, yes)
    _confirm(f"Drop every table of {display_url(url)}?", yes)
    engine = create_engine(url)
    try:
        dropped = drop_everything(engine)
    finally:
        engine.dispose()
    return f"dropped {len(dropped)} table(s) from {display_url(url)}" + (
        f": {', '.join(dropped)}" if dropped else ""
    )


def reset_database(config_file: Path | None, yes: bool, force: bool = False) -> str:
    """Drop everything, create all tables from the models, stamp ``heads``."""
    from .alembic_front import FrontEnd
    from .database import create_engine, database_url, display_url, drop_everything, load_metadata

    project = _project(config_file)
    url = database_url(project)
    check_may_destroy(url, project, force, yes)
    _confirm(f"Drop every table of {display_url(url)} and recreate them from the models?", yes)
    metadata = load_metadata(project)
    engine = create_engine(url)
    try:
        dropped = drop_everything(engine)
        metadata.create_all(engine)
    finally:
        engine.dispose()
    code = FrontEnd(project=project).run(["stamp", "heads"])  # the --config project
    if code != 0:
        raise Refused("tables were created but 'stamp heads' failed")
    return (
        f"dropped {len(dropped)} table(s), created {len(metadata.tables)} from the models and "
        f"stamped heads in {display_url(url)}"
    )
