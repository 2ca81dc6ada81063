"""Scratch databases are created empty and always removed, on every supported server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from migration_lint.verify.scratch import scratch_database

SERVERS = [
    pytest.param(
        "MIGRATION_LINT_TEST_POSTGRES_URL",
        marks=pytest.mark.skipif(
            not os.environ.get("MIGRATION_LINT_TEST_POSTGRES_URL"),
            reason="set MIGRATION_LINT_TEST_POSTGRES_URL to run the PostgreSQL tests",
        ),
        id="postgresql",
    ),
    pytest.param(
        "MIGRATION_LINT_TEST_MARIADB_URL",
        marks=pytest.mark.skipif(
            not os.environ.get("MIGRATION_LINT_TEST_MARIADB_URL"),
            reason="set MIGRATION_LINT_TEST_MARIADB_URL to run the MariaDB tests",
        ),
        id="mariadb",
    ),
]


def databases(server_url: str) -> set[str]:
    engine = create_engine(server_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                rows = connection.execute(text("SELECT datname FROM pg_database"))
            else:
                rows = connection.execute(text("SHOW DATABASES"))
            return {row[0] for row in rows}
    finally:
        engine.dispose()


@pytest.mark.parametrize("variable", SERVERS)
def test_a_server_scratch_database_is_created_and_dropped_even_on_failure(variable: str) -> None:
    server = os.environ[variable]
    before = databases(server)
    with pytest.raises(RuntimeError), scratch_database(server) as url:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
        assert inspect(engine).get_table_names() == ["t"]
        engine.dispose()
        assert url.rsplit("/", 1)[-1] in databases(server)
        raise RuntimeError("verification failed")
    assert databases(server) == before


def test_the_default_scratch_database_is_a_temporary_sqlite_file() -> None:
    with scratch_database() as url:
        path = Path(url.removeprefix("sqlite:///"))
        create_engine(url).connect().close()
        assert path.exists()
    assert not path.exists() and not path.parent.exists()
