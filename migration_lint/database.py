"""The project's database and live models, for the commands that need them.

These are the only parts of the tool that import project code (the models named by
``metadata = "module:attribute"``) or connect to a database; the linter never does.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import ConfigError, ProjectConfig

if TYPE_CHECKING:
    from sqlalchemy import MetaData
    from sqlalchemy.engine import Engine

URL_ENVIRONMENT_VARIABLE = "SEP_DATABASE_URL"
DEFAULT_DATABASE_FILE = "sep.db"


def database_url(config: ProjectConfig | None) -> str:
    """``SEP_DATABASE_URL``, else ``database_url`` in the configuration, else a SQLite file."""
    url = os.environ.get(URL_ENVIRONMENT_VARIABLE)
    if url:
        return url
    if config is not None:
        configured = config.table.get("database_url")
        if configured is not None:
            if not isinstance(configured, str) or not configured:
                raise ConfigError(f"{config.path}: database_url must be a URL string")
            return configured
        return f"sqlite:///{config.root / DEFAULT_DATABASE_FILE}"
    return f"sqlite:///{Path.cwd() / DEFAULT_DATABASE_FILE}"


def display_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def create_engine(url: str) -> Engine:
    from sqlalchemy import create_engine as sa_create_engine
    from sqlalchemy.pool import NullPool

    return sa_create_engine(url, poolclass=NullPool)


def _module_name(path: Path) -> tuple[Path, str]:
    """The sys.path entry and dotted module name of a models file inside its packages."""
    parts = [path.stem] if path.name != "__init__.py" else []
    directory = path.parent
    while (directory / "__init__.py").exists():
        parts.insert(0, directory.name)
        directory = directory.parent
    return directory, ".".join(parts)


def import_models(config: ProjectConfig) -> None:
    """Import every plugin's models (so mixins apply and all tables register), parents first."""
    from .project import expand_models_paths

    if str(config.root) not in sys.path:
        sys.path.insert(0, str(config.root))
    ordered = sorted(config.plugins.values(), key=lambda p: len(config.lineage(p.name)))
    for plugin in ordered:
        for file in expand_models_paths([str(p) for p in plugin.models]):
            root, name = _module_name(Path(file))
            if not name:
                continue
            if str(root) not in sys.path:
                sys.path.insert(0, str(root))
            loaded = sys.modules.get(name)
            if loaded is not None and Path(getattr(loaded, "__file__", "") or "") != Path(file):
                raise ConfigError(
                    f"cannot import {file} as {name!r}: another module of that name is loaded "
                    f"({loaded.__file__})"
                )
            importlib.import_module(name)


def load_metadata(config: ProjectConfig) -> MetaData:
    """The models' MetaData named by ``metadata = "module:attribute"``."""
    spec = config.table.get("metadata")
    if not isinstance(spec, str) or ":" not in spec:
        raise ConfigError(
            f'{config.path}: set metadata = "module:attribute" in [tool.migration_lint] '
            '(e.g. "uber.models:Base.metadata") for commands that need the live models'
        )
    import_models(config)
    module_name, attribute = spec.split(":", 1)
    try:
        target: Any = importlib.import_module(module_name)
        for part in attribute.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"{config.path}: metadata {spec!r} cannot be loaded: {exc}") from None
    from sqlalchemy import MetaData

    if not isinstance(target, MetaData):
        raise ConfigError(f"{config.path}: metadata {spec!r} is not a sqlalchemy MetaData")
    return target


def drop_everything(engine: Engine) -> list[str]:
    """Drop every table (the alembic version table too); returns the names dropped."""
    from sqlalchemy import MetaData, inspect

    reflected = MetaData()
    reflected.reflect(bind=engine)
    names = sorted(reflected.tables)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        reflected.drop_all(bind=connection)
    if engine.dialect.name == "postgresql":
        _drop_enum_types(engine)
    leftover = inspect(engine).get_table_names()
    if leftover:
        raise RuntimeError(f"tables left after dropping: {', '.join(leftover)}")
    return names


def _drop_enum_types(engine: Engine) -> None:
    """PostgreSQL keeps ENUM types after their tables are gone; create_all would clash."""
    from sqlalchemy import inspect

    enums = [e["name"] for e in inspect(engine).get_enums() if e.get("visible", True)]
    if enums:
        with engine.begin() as connection:
            for name in enums:
                quoted = engine.dialect.identifier_preparer.quote(name)
                connection.exec_driver_sql(f"DROP TYPE IF EXISTS {quoted} CASCADE")
