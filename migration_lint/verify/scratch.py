"""Scratch databases: never the user's working database, always removed afterwards.

Default: a temporary SQLite file.  With a PostgreSQL or MariaDB/MySQL server URL, a
temporary database is created on that server (named ``sep_verify_<random>``) and dropped
at the end, even when verification fails; the database the URL names is not touched.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url


@contextmanager
def scratch_database(server_url: str | None = None) -> Iterator[str]:
    """Yield the URL of an empty, temporary database; remove it afterwards."""
    if server_url is None or make_url(server_url).get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="sep-verify-") as directory:
            yield f"sqlite:///{Path(directory) / 'scratch.db'}"
        return
    url = make_url(server_url)
    name = f"sep_verify_{secrets.token_hex(6)}"
    _server_sql(url, f"CREATE DATABASE {name}")
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        drop = f"DROP DATABASE IF EXISTS {name}"
        if url.get_backend_name() == "postgresql":
            drop += " WITH (FORCE)"
        _server_sql(url, drop)


def _server_sql(url: URL, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()
