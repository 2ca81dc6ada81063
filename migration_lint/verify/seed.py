"""Put one row in every empty table, and read every value back, to see what a revision loses.

Values come from the reflected column types; NOT NULL columns get a value, foreign keys
point at rows of the referred table (tables are filled in dependency order), and values
are distinct across calls, so unique constraints hold.  A table for which no valid row can
be made is skipped with a note.
"""

from __future__ import annotations

import datetime
import decimal
import itertools
import uuid
from typing import Any

from sqlalchemy import MetaData, Table, func, insert, select, types
from sqlalchemy.engine import Connection

_counter = itertools.count(1)

Rows = dict[str, tuple[list[str], list[dict[str, Any]]]]  # table -> (columns, rows)


def reflect(connection: Connection) -> MetaData:
    metadata = MetaData()
    metadata.reflect(bind=connection)
    if "alembic_version" in metadata.tables:
        metadata.remove(metadata.tables["alembic_version"])
    return metadata


def fill_empty_tables(connection: Connection, metadata: MetaData) -> list[str]:
    """Insert one row into each empty table; returns notes about tables that were skipped."""
    notes: list[str] = []
    for table in metadata.sorted_tables:
        if connection.execute(select(func.count()).select_from(table)).scalar():
            continue
        row = _row(connection, table)
        if row is None:
            notes.append(f"{table.name}: no valid row could be made (a foreign key has no target)")
            continue
        savepoint = connection.begin_nested()
        try:
            connection.execute(insert(table).values(**row))
            savepoint.commit()
        except Exception as exc:  # a constraint we could not satisfy: skip, say why
            savepoint.rollback()
            notes.append(f"{table.name}: no valid row could be made ({type(exc).__name__})")
    return notes


def read_all(connection: Connection, metadata: MetaData) -> Rows:
    rows: Rows = {}
    for table in metadata.sorted_tables:
        result = connection.execute(select(table))
        rows[table.name] = ([c.name for c in table.columns], [dict(r._mapping) for r in result])
    return rows


def _row(connection: Connection, table: Table) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    for column in table.columns:
        references = list(column.foreign_keys)
        if references:
            target = references[0].column
            value = connection.execute(select(target).limit(1)).scalar()
            if value is None:
                if not column.nullable:
                    return None
                continue
            row[column.name] = value
        elif (
            column.primary_key
            and _is_integer(column.type)
            and column.autoincrement
            in (
                True,
                "auto",
            )
        ):
            continue  # the database numbers it
        elif not column.nullable or column.server_default is None:
            row[column.name] = value_for(column.type)
    return row


def _is_integer(type_: types.TypeEngine[Any]) -> bool:
    return isinstance(type_, types.Integer)


def value_for(type_: types.TypeEngine[Any]) -> Any:
    """A distinct value that fits ``type_``."""
    n = next(_counter)
    if isinstance(type_, types.Boolean):
        return True
    if isinstance(type_, types.Integer):
        return n
    if isinstance(type_, (types.Numeric, types.Float)):
        return decimal.Decimal(n) if isinstance(type_, types.Numeric) and type_.asdecimal else n
    if isinstance(type_, types.DateTime):
        return datetime.datetime(2024, 1, 1, 12, 0, 0) + datetime.timedelta(seconds=n)
    if isinstance(type_, types.Date):
        return datetime.date(2024, 1, 1) + datetime.timedelta(days=n)
    if isinstance(type_, types.Time):
        return datetime.time(12, n % 60)
    if isinstance(type_, types.Enum) and type_.enums:
        return type_.enums[0]
    if isinstance(type_, types.JSON):
        return {"n": n}
    if isinstance(type_, types.Uuid):
        return uuid.uuid4()
    if isinstance(type_, (types.LargeBinary, types._Binary)):
        return f"b{n}".encode()
    if isinstance(type_, types.String):
        # digits: still a valid value if a revision converts the column to a number
        return str(n)[: getattr(type_, "length", None) or None]
    return str(n)
