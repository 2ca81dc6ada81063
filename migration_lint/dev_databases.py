"""Which databases ``drop``/``reset`` may destroy: the ones the configuration marks.

``development_databases`` in ``[tool.migration_lint]`` lists URLs (``*`` matches any
text); passwords, drivers (``+psycopg``) and query strings are ignored, default ports are
filled in, and SQLite paths are relative to the project root.  The project's own default
database, the embedded ``sep.db`` in the project root, is always a development database.
Anything else needs ``--force --yes``: a mistyped ``SEP_DATABASE_URL`` must not empty a
production server.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

from .config import ConfigError, ProjectConfig

DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306, "mssql": 1433}


class NotDevelopment(Exception):
    """A destructive command on a database not marked for development (exit code 2)."""


def normalized(url: str, root: Path) -> str:
    """``backend://user@host:port/database``, comparable across spellings of one URL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(f"invalid database URL {url!r}: {exc}") from None
    backend = parsed.get_backend_name()
    database = parsed.database or ""
    if backend == "sqlite":
        if database in ("", ":memory:") or database.startswith("file::memory:"):
            return "sqlite://:memory:"
        return f"sqlite:///{(root / database).resolve().as_posix()}"
    port = parsed.port or DEFAULT_PORTS.get(backend, "")
    return f"{backend}://{parsed.username or ''}@{parsed.host or ''}:{port}/{database}"


def marked_databases(config: ProjectConfig) -> list[str]:
    value = config.table.get("development_databases", [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(
            f"{config.path}: [tool.migration_lint] development_databases must be a list of "
            f"database URLs, not {value!r}"
        )
    return value


def is_development(url: str, config: ProjectConfig) -> bool:
    from .database import DEFAULT_DATABASE_FILE

    target = normalized(url, config.root)
    patterns = [f"sqlite:///{DEFAULT_DATABASE_FILE}", *marked_databases(config)]
    return any(fnmatchcase(target, normalized(p, config.root)) for p in patterns)


def check_may_destroy(url: str, config: ProjectConfig, force: bool, yes: bool) -> None:
    """Refuse unless ``url`` is a development database, or ``--force --yes`` was given."""
    if is_development(url, config):
        return
    from .database import display_url

    shown = display_url(url)
    if force and yes:
        return
    hint = (
        f"mark it in {config.path} with development_databases = [\"{shown}\"] under "
        "[tool.migration_lint], or pass --force --yes if you really mean this server"
    )
    if force:
        raise NotDevelopment(f"--force needs --yes as well: {shown} is not a development database")
    raise NotDevelopment(f"refusing: {shown} is not marked as a development database; {hint}")
