"""Verify from Python: one function for a test, raising with the readable report."""

from __future__ import annotations

import io
import os
from pathlib import Path

from ..config import ConfigError, find_config, load_config
from .runner import VerifyResult

SERVER_URL_VARIABLE = "MIGRATION_LINT_VERIFY_DATABASE_URL"


def verify_project(
    project_dir: str | Path | None = None,
    database_url: str | None = None,
    roundtrip: bool = True,
) -> VerifyResult:
    """Run schema equivalence, data survival and the round trip; accepted differences removed.

    ``database_url`` (default: ``$MIGRATION_LINT_VERIFY_DATABASE_URL``) names a PostgreSQL or
    MariaDB server for the scratch database; without one, a temporary SQLite file is used.
    """
    from .command import accepted_differences, apply_accepted, verify

    start = Path(project_dir) if project_dir is not None else Path.cwd()
    path = find_config(start)
    if path is None:
        raise ConfigError(f"no [tool.migration_lint] configuration found from {start}")
    project = load_config(path)
    url = database_url or os.environ.get(SERVER_URL_VARIABLE) or None
    result = verify(project, url, roundtrip)
    apply_accepted(result, accepted_differences(project))
    return result


def report_text(result: VerifyResult) -> str:
    from .report import report

    buffer = io.StringIO()
    report(result, "text", buffer)
    return buffer.getvalue()


def assert_migrations_verified(project_dir: str | Path | None = None, **options: object) -> None:
    """For a user's test suite: ``assert_migrations_verified()`` fails with the report."""
    result = verify_project(project_dir, **options)  # type: ignore[arg-type]
    if not result.ok:
        raise AssertionError(report_text(result))
