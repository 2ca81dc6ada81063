"""A database schema as comparable data, read through SQLAlchemy's inspector.

Both sides of every comparison are reflected from the same dialect, so types compare as
the database reports them (``VARCHAR(20)``); constraint and index names are left out,
because ``create_all`` and migrations legitimately name them differently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

IGNORED_TABLES = frozenset({"alembic_version"})


@dataclass(frozen=True)
class Difference:
    """One way two schemas differ; ``side`` says which one has it ("migrations"/"models")."""

    table: str
    kind: str  # table, column, primary key, foreign key, unique, index, check
    detail: str
    side: str

    def as_dict(self) -> dict[str, str]:
        return {"table": self.table, "kind": self.kind, "detail": self.detail, "side": self.side}


@dataclass
class TableShape:
    columns: dict[str, tuple[str, bool, str | None]] = field(default_factory=dict)
    primary_key: tuple[str, ...] = ()
    foreign_keys: set[tuple[Any, ...]] = field(default_factory=set)
    uniques: set[tuple[str, ...]] = field(default_factory=set)
    indexes: set[tuple[Any, ...]] = field(default_factory=set)
    checks: set[str] = field(default_factory=set)


Snapshot = dict[str, TableShape]


def snapshot(engine: Engine) -> Snapshot:
    """Every table's shape, read with one catalog query per kind of object (not per table)."""
    inspector = inspect(engine)
    dialect = engine.dialect
    tables = [t for t in inspector.get_table_names() if t not in IGNORED_TABLES]
    if not tables:
        return {}

    def multi(method: str) -> dict[str, Any]:
        try:
            found = getattr(inspector, method)(filter_names=tables)
        except NotImplementedError:
            return {}
        return {key[1]: value for key, value in found.items()}

    columns, primary_keys = multi("get_multi_columns"), multi("get_multi_pk_constraint")
    foreign_keys, uniques = multi("get_multi_foreign_keys"), multi("get_multi_unique_constraints")
    indexes, checks = multi("get_multi_indexes"), multi("get_multi_check_constraints")
    shapes: Snapshot = {}
    for table in tables:
        shape = TableShape()
        for column in columns.get(table, []):
            shape.columns[column["name"]] = (
                _type_text(column["type"], dialect),
                bool(column["nullable"]),
                _default_text(column.get("default")),
            )
        shape.primary_key = tuple((primary_keys.get(table) or {}).get("constrained_columns") or ())
        for fk in foreign_keys.get(table, []):
            shape.foreign_keys.add(
                (
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    ((fk.get("options") or {}).get("ondelete") or "").upper() or None,
                )
            )
        shape.uniques = {tuple(u["column_names"]) for u in uniques.get(table, [])}
        for index in indexes.get(table, []):
            names = tuple(c if c is not None else "<expression>" for c in index["column_names"])
            if index.get("unique") and names in shape.uniques:
                continue  # MySQL and SQLite report a unique constraint as an index too
            expressions = tuple(index.get("expressions") or ())
            shape.indexes.add((names, expressions, bool(index.get("unique"))))
        shape.checks = {" ".join(str(c["sqltext"]).split()) for c in checks.get(table, [])}
        shapes[table] = shape
    return shapes


def _type_text(type_: Any, dialect: Any) -> str:
    try:
        text = type_.compile(dialect=dialect)
    except Exception:
        text = repr(type_)
    return " ".join(str(text).upper().split())


def _default_text(default: Any) -> str | None:
    if default is None:
        return None
    text = " ".join(str(default).split())
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return text


def compare(migrations: Snapshot, models: Snapshot) -> list[Difference]:
    """What the migrated schema has that the models' schema lacks, and the other way round."""
    differences: list[Difference] = []
    for side, mine, theirs in (("migrations", migrations, models), ("models", models, migrations)):
        for table in sorted(mine.keys() - theirs.keys()):
            differences.append(Difference(table, "table", f"table {table}", side))
    for table in sorted(migrations.keys() & models.keys()):
        differences += _compare_table(table, migrations[table], models[table])
    return differences


def _compare_table(table: str, migrated: TableShape, modelled: TableShape) -> list[Difference]:
    found: list[Difference] = []
    for side, mine, theirs in (("migrations", migrated, modelled), ("models", modelled, migrated)):
        for name in sorted(mine.columns.keys() - theirs.columns.keys()):
            type_text, nullable, _ = mine.columns[name]
            found.append(
                Difference(table, "column", f"column {name} {type_text}{_null(nullable)}", side)
            )
        pairs = (
            ("foreign key", mine.foreign_keys - theirs.foreign_keys, _fk_text),
            ("unique", mine.uniques - theirs.uniques, lambda u: f"unique ({', '.join(u)})"),
            ("index", mine.indexes - theirs.indexes, _index_text),
            ("check", mine.checks - theirs.checks, lambda c: f"check ({c})"),
        )
        for kind, extra, describe in pairs:
            found += [
                Difference(table, kind, describe(item), side) for item in sorted(extra, key=str)
            ]
    for name in sorted(migrated.columns.keys() & modelled.columns.keys()):
        a, b = migrated.columns[name], modelled.columns[name]
        for label, index in (("type", 0), ("nullable", 1), ("server default", 2)):
            if a[index] != b[index]:
                found.append(
                    Difference(
                        table,
                        "column",
                        f"column {name}: {label} {a[index]!r} from migrations, "
                        f"{b[index]!r} from models",
                        "both",
                    )
                )
    if migrated.primary_key != modelled.primary_key:
        found.append(
            Difference(
                table,
                "primary key",
                f"primary key ({', '.join(migrated.primary_key)}) from migrations, "
                f"({', '.join(modelled.primary_key)}) from models",
                "both",
            )
        )
    return found


def _null(nullable: bool) -> str:
    return "" if nullable else " NOT NULL"


def _fk_text(fk: tuple[Any, ...]) -> str:
    columns, table, referred, ondelete = fk
    text = f"foreign key ({', '.join(columns)}) -> {table}({', '.join(referred)})"
    return text + (f" ON DELETE {ondelete}" if ondelete else "")


def _index_text(index: tuple[Any, ...]) -> str:
    columns, expressions, unique = index
    parts = ", ".join([*columns, *expressions])
    return f"{'unique ' if unique else ''}index ({parts})"
