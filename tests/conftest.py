"""Shared fixtures: a copy of the example project, a scratch database, and a ``sep`` runner.

``sep`` runs in a subprocess (``python -m migration_lint``): the commands that need the
live models import the copy's ``uber.models`` and plugin packages, which must not leak from
one test into the next inside this interpreter.

Database tests take the ``database_url`` fixture and run on SQLite (the project's default
embedded file, ``sep.db`` in the copy) and, when ``MIGRATION_LINT_TEST_POSTGRES_URL`` is
set, on PostgreSQL, in a database of their own that is dropped afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "uber"
POSTGRES_URL_VARIABLE = "MIGRATION_LINT_TEST_POSTGRES_URL"
POSTGRES_SKIP_REASON = f"set {POSTGRES_URL_VARIABLE} to run the PostgreSQL tests"
DATABASE_URL_VARIABLE = "SEP_DATABASE_URL"
# Variables of the developer's shell that would change what the commands under test do.
_LEAKING_VARIABLES = (DATABASE_URL_VARIABLE, "ALEMBIC_CONFIG")


@dataclass(frozen=True)
class Result:
    """What one ``sep`` process did."""

    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:  # shown by pytest when an assertion about it fails
        return f"exit {self.code}\n--- stdout\n{self.stdout}--- stderr\n{self.stderr}"


@dataclass(frozen=True)
class Sep:
    """Runs ``sep`` in the example copy, against the test's database."""

    project: Path
    database_url: str | None  # None: the project's default (sep.db in the copy)

    def run(self, *args: str, cwd: Path | None = None, env: Mapping[str, str] = ()) -> Result:
        environment = {k: v for k, v in os.environ.items() if k not in _LEAKING_VARIABLES}
        environment.update(NO_COLOR="1", COLUMNS="200", PYTHONDONTWRITEBYTECODE="1")
        if self.database_url is not None:
            environment[DATABASE_URL_VARIABLE] = self.database_url
        environment.update(env)
        completed = subprocess.run(
            [sys.executable, "-m", "migration_lint", *args],
            cwd=cwd or self.project,
            env=environment,
            stdin=subprocess.DEVNULL,  # never a terminal: confirmations need --yes
            capture_output=True,
            text=True,
            timeout=120,
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    def alembic(self, *args: str, env: Mapping[str, str] = ()) -> Result:
        return self.run("alembic", *args, env=env)

    def ok(self, *args: str, env: Mapping[str, str] = ()) -> Result:
        """``sep alembic ARGS``, which must succeed."""
        result = self.alembic(*args, env=env)
        assert result.code == 0, result
        return result


@pytest.fixture
def uber_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of examples/uber, the current directory for the test."""
    copy = tmp_path / "uber"
    shutil.copytree(
        EXAMPLE,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", ".migration_lint_cache", "*.db"),
    )
    monkeypatch.chdir(copy)
    return copy


def _sqlite_url(project: Path) -> Iterator[str]:
    yield f"sqlite:///{project / 'sep.db'}"


def _postgres_url(server_url: str) -> Iterator[str]:
    """A new, uniquely named database on the server, dropped afterwards even on failure."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    server = make_url(server_url)
    name = f"migration_lint_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not os.environ.get(POSTGRES_URL_VARIABLE), reason=POSTGRES_SKIP_REASON
            ),
        ),
    ]
)
def database_url(request: pytest.FixtureRequest, uber_copy: Path) -> Iterator[str]:
    """The test's own database: SQLite in the copy, or a scratch PostgreSQL database."""
    if request.param == "sqlite":
        yield from _sqlite_url(uber_copy)
    else:
        yield from _postgres_url(os.environ[POSTGRES_URL_VARIABLE])


@pytest.fixture
def sep(uber_copy: Path, request: pytest.FixtureRequest) -> Sep:
    """The runner; against the test's database when the test asks for ``database_url``."""
    url = (
        request.getfixturevalue("database_url") if "database_url" in request.fixturenames else None
    )
    on_sqlite_default = url is None or url.startswith("sqlite")
    if not on_sqlite_default:
        mark_development_database(uber_copy, url)
    return Sep(uber_copy, None if on_sqlite_default else url)


def mark_development_database(project: Path, url: str) -> None:
    """List ``url`` in the project's development_databases, as a developer would."""
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text()
    header = "[tool.migration_lint]\n"
    assert header in text
    pyproject.write_text(text.replace(header, f"{header}development_databases = [{url!r}]\n", 1))
