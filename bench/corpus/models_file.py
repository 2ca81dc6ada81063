"""``pyproject.toml`` and one ``models.py`` per plugin, describing the final schema.

The linter compares the models with the schema the revisions build, so these files are
rendered from the same :class:`Schema` the revisions were written against.
"""

from __future__ import annotations

from pathlib import Path

from .plugin_tree import Plugin
from .schema import Col, Schema, Table
from .vocabulary import KINDS


def project_files(plugins: dict[str, Plugin], schema: Schema) -> dict[str, str]:
    """pyproject.toml, models and package files for the final schema."""
    files = {"pyproject.toml": pyproject(plugins)}
    for plugin in plugins.values():
        files[plugin.models] = models_source(plugin, schema)
        files[str(Path(plugin.models).parent / "__init__.py")] = ""
    return files


def pyproject(plugins: dict[str, Plugin]) -> str:
    """The ``[tool.migration_lint]`` configuration of the plugin tree."""
    root = next(iter(plugins))
    lines = [
        "[project]",
        'name = "bench-uber"',
        'version = "0.0.0"',
        "",
        "[tool.migration_lint]",
        f'default_plugin = "{root}"',
        'script_location = "alembic"',
        'tablename = "snake_case"',
    ]
    for plugin in plugins.values():
        lines += ["", f"[tool.migration_lint.plugins.{plugin.name}]",
                  f'versions = "{plugin.versions}"',
                  f'models = ["{plugin.models}"]']  # fmt: skip
        if plugin.parent:
            lines.append(f'depends_on = "{plugin.parent}"')
    return "\n".join(lines) + "\n"


def models_source(plugin: Plugin, schema: Schema) -> str:
    """The plugin's own tables, plus mixins for the columns it adds to other plugins' tables."""
    lines = [UBER_MODELS_HEADER] if plugin.parent is None else [
        f'"""Models of the {plugin.name} plugin."""',
        "",
        "from sqlalchemy import (",
        "    Boolean, Column, DateTime, ForeignKey, Integer, String, Unicode,",
        ")",
        "from sqlalchemy.orm import backref, relationship",
        "",
        "from uber.models import MagModel, Session",
    ]  # fmt: skip
    mixins: dict[str, list[Col]] = {}
    for table in schema.tables.values():
        if table.owner == plugin.name:
            continue
        cols = [c for c in table.cols.values() if c.declared_by == plugin.name]
        if cols:
            mixins[table.cls] = cols
    for cls, cols in mixins.items():
        lines += ["", "", "@Session.model_mixin", f"class {cls}:"]
        lines += [model_column(c) for c in cols]
    for table in schema.owned(plugin.name):
        lines += ["", "", f"class {table.cls}(MagModel):"]
        body = len(lines)
        for col in table.cols.values():
            if col.declared_by != plugin.name:
                continue
            lines.append(model_column(col))
            if col.fk:
                lines.append(model_relationship(schema, table, col))
        if len(lines) == body:  # every column of its own was dropped: still valid Python
            lines.append("    pass")
    return "\n".join(lines) + "\n"


def model_column(col: Col) -> str:
    spec = KINDS[col.kind]
    args = [spec.model]
    if col.fk:
        args.append(f"ForeignKey('{col.fk}.id', ondelete='SET NULL')")
    args.append(f"nullable={col.nullable}")
    if col.default is not None:
        python = {"unicode": "''", "string": "''", "boolean": "False"}.get(col.kind, col.default)
        args += [f"default={python}", f"server_default={col.default!r}"]
    if col.index:
        args.append("index=True")
    if col.unique:
        args.append("unique=True")
    return f"    {col.name} = Column({', '.join(args)})"


def model_relationship(schema: Schema, table: Table, col: Col) -> str:
    """A ``relationship`` for a foreign key (half with a plain, half with a dynamic backref)."""
    assert col.fk is not None
    ref = schema.tables[col.fk]
    name = f"{table.name}s"
    backref = repr(name) if len(name) % 2 else f"backref({name!r}, lazy='dynamic')"
    return f"    {col.fk} = relationship({ref.cls!r}, backref={backref}, foreign_keys={col.name})"


UBER_MODELS_HEADER = '''"""Core models, in the style of ubersystem's ``uber/models``.

Table names are derived from class names (``EventLocation`` -> ``event_location``).
"""

import re
from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Unicode,
    func,
)
from sqlalchemy.orm import DeclarativeBase, MapperProperty, backref, declared_attr, relationship


def camel_to_snake(name):
    return re.sub(r'(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])', '_', name).lower()


def utcnow():
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData()


class MagModel(Base):
    __abstract__ = True

    @declared_attr.directive
    def __tablename__(cls) -> str:
        return camel_to_snake(cls.__name__)

    id = Column(String(36), primary_key=True, default=lambda: str(uuid4()))
    created = Column(DateTime(timezone=True), nullable=False, default=utcnow,
                     server_default=func.now())


def model_mixin(model):
    """Copy the columns and relationships of ``model`` onto the mapped class of that name."""
    target = next(m.class_ for m in Base.registry.mappers if m.class_.__name__ == model.__name__)
    for name, value in list(vars(model).items()):
        if isinstance(value, (Column, MapperProperty)):
            setattr(target, name, value)
    return target


class Session:
    model_mixin = staticmethod(model_mixin)'''
