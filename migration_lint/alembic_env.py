"""What a project's ``env.py`` needs to run under ``sep alembic``, ready to use.

A complete ``env.py``::

    from alembic import context
    from migration_lint.alembic_env import run_migrations

    run_migrations(context)

It connects to the project's database (``SEP_DATABASE_URL``, ``database_url``, or the
embedded SQLite file), compares against the live models, and, when a plugin is chosen
(``sep alembic --plugin panels revision --autogenerate``), limits autogenerate to the
tables and columns that plugin owns (:func:`include_object_for`), so one plugin's revision
never picks up another plugin's changes.  The same file also works under plain ``alembic``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import ProjectConfig, find_config, load_config
from .database import create_engine, database_url, load_metadata

PLUGIN = "plugin"
PROJECT = "migration_lint_config"

IncludeObject = Callable[[Any, str | None, str, bool, Any], bool]


def project_config(alembic_config: Any) -> ProjectConfig | None:
    """The project configuration ``sep alembic`` passed, or the one found from alembic.ini."""
    config = alembic_config.attributes.get(PROJECT)
    if config is None:
        start = Path(alembic_config.config_file_name or ".").resolve().parent
        path = find_config(start)
        config = load_config(path) if path is not None else None
    return config


def include_object_for(plugin: str, config: ProjectConfig) -> IncludeObject:
    """An ``include_object`` hook limiting autogenerate to what ``plugin`` owns.

    Ownership comes from the models, read statically: a table belongs to the plugin whose
    models declare its class, a column to the plugin that declares it (mixins included).
    A table the models do not know belongs to the root plugin of the tree.
    """
    from .project import load_models, project_cache

    models = load_models(config, project_cache(config))
    root = next(p.name for p in config.plugins.values() if p.depends_on is None)

    def table_owner(name: str | None) -> str | None:
        model = models.get(name or "")
        return model.plugin if model is not None else root

    def column_owner(table: str | None, column: str | None) -> str | None:
        model = models.get(table or "")
        if model is not None and column in model.columns:
            return model.columns[column]
        return table_owner(table)

    def owns_part_of(table: str | None) -> bool:
        model = models.get(table or "")
        return model is not None and plugin in model.columns.values()

    def include_object(
        obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
    ) -> bool:
        if type_ == "table":
            exists_on_both_sides = compare_to is not None
            if table_owner(name) == plugin:
                return True
            # another plugin's table: compare it only for the columns this plugin adds to it
            return exists_on_both_sides and owns_part_of(name)
        table = getattr(getattr(obj, "table", None), "name", None)
        if type_ == "column":
            return column_owner(table, name) == plugin
        columns = [c.name for c in getattr(obj, "columns", ())]
        if columns:
            return any(column_owner(table, column) == plugin for column in columns)
        return table_owner(table) == plugin

    return include_object


def run_migrations(context: Any) -> None:
    """Run alembic's migrations online (or offline with ``--sql``) for the project."""
    alembic_config = context.config
    config = project_config(alembic_config)
    url = alembic_config.attributes.get("database_url") or database_url(config)
    options: dict[str, Any] = {"compare_type": True, "render_as_batch": url.startswith("sqlite")}
    if config is not None and config.table.get("metadata"):
        options["target_metadata"] = load_metadata(config)
    plugin = alembic_config.attributes.get(PLUGIN)
    if plugin is not None and config is not None:
        options["include_object"] = include_object_for(plugin, config)
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
