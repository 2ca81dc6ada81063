"""``sep alembic verify``: options, the scratch database, accepted differences, the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..config import ConfigError, ProjectConfig, find_config, load_config
from .runner import Problem, VerifyResult
from .snapshot import Difference

DESCRIPTION = (
    "Prove on a scratch database that the migrations build the models' schema, keep the "
    "data, and undo cleanly."
)
_VERIFY_KEYS = ("ignore_tables", "ignore_columns", "ignore_kinds", "accept_data_loss")
_KINDS = ("table", "column", "primary key", "foreign key", "unique", "index", "check")


def add_verify_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        dest="verify_database_url",
        metavar="URL",
        help="a PostgreSQL or MariaDB server on which to create (and drop) the scratch "
        "database; default: a temporary SQLite file. Never the working database.",
    )
    parser.add_argument("--format", dest="verify_format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--no-roundtrip", action="store_true", help="skip the up/down/up round trip"
    )
    parser.add_argument(
        "--pg-dump",
        action="store_true",
        help="on PostgreSQL, also show the diff of pg_dump --schema-only of both schemas",
    )
    parser.add_argument(
        "--config", dest="verify_config", type=Path, metavar="FILE", help="configuration file"
    )


def run(arguments: argparse.Namespace) -> int:
    try:
        project = _project(arguments.verify_config)
        accepted = accepted_differences(project)
        result = verify(project, arguments.verify_database_url, not arguments.no_roundtrip)
    except ConfigError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    apply_accepted(result, accepted)
    from .report import report

    report(result, arguments.verify_format, sys.stdout, show_pg_dump=arguments.pg_dump)
    return 0 if result.ok else 1


def verify(
    project: ProjectConfig, server_url: str | None = None, roundtrip: bool = True
) -> VerifyResult:
    """Run every check on a scratch database that is removed afterwards, even on failure."""
    from .runner import Verifier
    from .scratch import scratch_database

    with scratch_database(server_url) as url:
        config = alembic_config(project, url)
        progress = _progress_printer()
        return Verifier(project, config, url).run(roundtrip, progress)


def alembic_config(project: ProjectConfig, url: str) -> Any:
    """The project's alembic configuration, pointed at ``url``, quiet."""
    from alembic.config import Config

    from ..alembic_env import PLUGIN, PROJECT
    from ..alembic_front import set_version_locations

    ini = project.root / "alembic.ini"
    config = Config(file_=str(ini) if ini.exists() else None, stdout=sys.stderr)
    config.attributes[PROJECT] = project
    config.attributes[PLUGIN] = None
    config.attributes["database_url"] = url
    if config.get_main_option("script_location") is None:
        config.set_main_option("script_location", str(project.script_location))
    set_version_locations(config, project, extra=None)
    return config


def _project(path: Path | None) -> ProjectConfig:
    found = path or find_config(Path.cwd())
    if found is None:
        raise ConfigError("no [tool.migration_lint] configuration found (or pass --config FILE)")
    return load_config(found)


def accepted_differences(project: ProjectConfig) -> dict[str, set[str]]:
    table = project.table.get("verify", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{project.path}: [tool.migration_lint.verify] must be a table")
    accepted: dict[str, set[str]] = {}
    for key in _VERIFY_KEYS:
        values = table.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ConfigError(f"{project.path}: verify.{key} must be a list of strings")
        accepted[key] = set(values)
    unknown = accepted["ignore_kinds"] - set(_KINDS)
    if unknown:
        raise ConfigError(
            f"{project.path}: verify.ignore_kinds: unknown {sorted(unknown)}; "
            f"known: {', '.join(_KINDS)}"
        )
    return accepted


def apply_accepted(result: VerifyResult, accepted: dict[str, set[str]]) -> None:
    """Drop the differences and losses the project accepts in ``[tool.migration_lint.verify]``."""

    def schema_kept(difference: Difference) -> bool:
        column = difference.detail.split()[1].rstrip(":") if difference.kind == "column" else ""
        return not (
            difference.table in accepted["ignore_tables"]
            or difference.kind in accepted["ignore_kinds"]
            or f"{difference.table}.{column}" in accepted["ignore_columns"]
        )

    def problem_kept(problem: Problem) -> bool:
        return not (
            (problem.check == "data" and problem.revision in accepted["accept_data_loss"])
            or problem.table in accepted["ignore_tables"]
            or f"{problem.table}.{problem.column}" in accepted["ignore_columns"]
        )

    result.schema = [d for d in result.schema if schema_kept(d)]
    result.problems = [p for p in result.problems if problem_kept(p)]


def _progress_printer():
    """A Rich progress bar on a terminal, plain lines on stderr otherwise."""
    if sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
        task = None

        def show(number: int, total: int, script: Any) -> None:
            nonlocal task
            if task is None:
                bar.start()
                task = bar.add_task("revisions", total=total)
            bar.update(task, completed=number, description=f"revision {script.revision}")
            if number == total:
                bar.stop()

        return show

    def plain(number: int, total: int, script: Any) -> None:
        sys.stderr.write(
            f"verify: revision {number} of {total}: {script.revision} ({script.path})\n"
        )

    return plain
