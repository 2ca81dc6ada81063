"""Single Alembic operation lines (``op.add_column(...)`` and friends), as autogenerate
writes them, so the revision scripts look like hand-kept real-world ones.
"""

from __future__ import annotations

from .schema import Col, Table
from .vocabulary import KINDS


def col_def(col: Col, *, reflected: bool = False, kind: str | None = None) -> str:
    """``sa.Column(...)`` as autogenerate writes it (``reflected``: as read from the DB)."""
    spec = KINDS[kind or col.kind]
    parts = [repr(col.name), spec.reflected if reflected else spec.sa]
    if col.default is not None:
        text = spec.reflected_default if reflected else repr(col.default)
        parts.append(f"server_default={text}")
    if reflected:
        parts.append("autoincrement=False")
    parts.append(f"nullable={col.nullable}")
    return f"sa.Column({', '.join(parts)})"


def column_ops(table: str, items: list[tuple[str, str]], style: str, reflect: bool) -> list[str]:
    """Column operations on one table: ``plain``, ``batch`` or ``sqlite`` (both arms)."""
    plain = [f"    op.{verb}({table!r}, {args})" for verb, args in items]
    if style == "plain":
        return plain
    kwargs = ", reflect_kwargs=sqlite_reflect_kwargs" if reflect else ""
    batch = [f"    with op.batch_alter_table({table!r}{kwargs}) as batch_op:"]
    batch += [f"        batch_op.{verb}({args})" for verb, args in items]
    if style == "batch":
        return batch
    return [
        "    if is_sqlite:",
        *("    " + x for x in batch),
        "    else:",
        *("    " + x for x in plain),
    ]


def index_name(table: str, column: str) -> str:
    return f"op.f('ix_{table}_{column}')"


def create_index(table: str, column: str, unique: bool = False) -> str:
    name = index_name(table, column)
    return f"    op.create_index({name}, {table!r}, [{column!r}], unique={unique})"


def drop_index(table: str, column: str) -> str:
    return f"    op.drop_index({index_name(table, column)}, table_name={table!r})"


def create_table_lines(table: Table, *, reflected: bool, uuid: str) -> list[str]:
    """``op.create_table(...)`` for ``table`` as it is now, then its indexes."""
    auto = "autoincrement=False, " if reflected else ""
    now = (
        "sa.text(\"timezone('utc'::text, CURRENT_TIMESTAMP)\")"
        if reflected
        else "sa.text(utcnow_server_default)"
    )
    lines = [
        f"    op.create_table({table.name!r},",
        f"    sa.Column('id', {'sa.VARCHAR(length=36)' if reflected else uuid}, "
        f"{auto}nullable=False),",
        f"    sa.Column('created', sa.DateTime(timezone=True), server_default={now}, "
        f"{auto}nullable=False),",
    ]  # fmt: skip
    lines += [f"    {col_def(c, reflected=reflected)}," for c in table.cols.values()]
    for c in table.cols.values():
        if c.fk:
            fk = f"fk_{table.name}_{c.name}_{c.fk}"
            lines.append(
                f"    sa.ForeignKeyConstraint([{c.name!r}], ['{c.fk}.id'], name=op.f({fk!r}), "
                "ondelete='SET NULL'),"
            )
    for c in table.cols.values():
        if c.unique:
            uq = f"uq_{table.name}_{c.name}"
            lines.append(f"    sa.UniqueConstraint({c.name!r}, name=op.f({uq!r})),")
    lines += [f"    sa.PrimaryKeyConstraint('id', name=op.f('pk_{table.name}'))", "    )"]
    lines += [create_index(table.name, c.name) for c in table.cols.values() if c.index]
    return lines
