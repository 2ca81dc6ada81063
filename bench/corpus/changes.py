"""The ordinary schema changes a revision is made of, each with its exact downgrade.

Every maker takes the :class:`Workbench`, updates its schema and returns the upgrade and
downgrade lines, or ``None`` when the plugin has nothing it could apply to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .op_lines import col_def, column_ops, create_index, create_table_lines, drop_index
from .plugin_tree import Plugin
from .schema import UBER_CORE, Col, Table
from .vocabulary import KINDS, snake_case
from .workbench import Workbench


@dataclass
class Change:
    """One logical change of a revision: its upgrade and downgrade lines and op counts."""

    up: list[str]
    down: list[str]
    n_up: int
    n_down: int
    message: str


ChangeMaker = Callable[[Workbench, Plugin, set[str]], Change | None]


def random_change(bench: Workbench, plugin: Plugin, touched: set[str]) -> Change | None:
    """One change, drawn with weights close to ubersystem's mix of operations."""
    makers: tuple[tuple[ChangeMaker, int], ...] = (
        (add_columns, 34),
        (alter_columns, 15),
        (drop_columns, 11),
        (create_table, 6),
        (add_foreign_key, 7),
        (backfill, 4),
        (drop_table, 4),
        (mixin_column, 4 if plugin.parent else 0),
    )
    maker = bench.rng.choices([m for m, _ in makers], [w for _, w in makers])[0]
    return maker(bench, plugin, touched)


# --------------------------------------------------------------------------- first revision


def initial_changes(bench: Workbench, plugin: Plugin) -> list[Change]:
    """A plugin's first revision: its core tables (and its mixin column)."""
    if plugin.parent is None:
        changes = [core_table(bench, plugin, cls, cols) for cls, cols in UBER_CORE]
        changes[0].message = "Initial migration"
        return changes
    touched: set[str] = set()
    changes = [create_table(bench, plugin, touched, core=True)
               for _ in range(bench.rng.randint(1, 3))]  # fmt: skip
    plugin.mixin_target = bench.rng.choice([t.name for t in bench.schema.owned("uber") if t.core])
    mixin = mixin_column(bench, plugin, touched)
    if mixin is not None:
        changes.append(mixin)
    changes[0].message = f"Initial {plugin.name} migration"
    return changes


def core_table(bench: Workbench, plugin: Plugin, cls: str, cols: list[tuple]) -> Change:
    """One of the root plugin's fixed tables (:data:`~.schema.UBER_CORE`)."""
    table = Table(snake_case(cls), cls, plugin.name, core=True)
    for name, kind, nullable, default, fk, index in cols:
        table.add(Col(name, kind, nullable, default, plugin.name, fk=fk, index=index))
        if fk:
            bench.schema.tables[fk].refs_in += 1
    bench.schema.add(table)
    return _create_change(bench, table, 1)


# --------------------------------------------------------------------------- tables


def _create_change(bench: Workbench, table: Table, extra_ops: int) -> Change:
    up = create_table_lines(table, reflected=False, uuid=bench.uuid)
    indexed = [c.name for c in table.cols.values() if c.index]
    down = [drop_index(table.name, c) for c in indexed] + [f"    op.drop_table({table.name!r})"]
    n = len(indexed) + extra_ops
    return Change(up, down, n, n, f"Add {table.cls} table")


def create_table(
    bench: Workbench, plugin: Plugin, touched: set[str], core: bool = False
) -> Change | None:
    """A new table of 2-7 columns, half the time linked to another table."""
    rng = bench.rng
    table = bench.new_table(plugin, core)
    touched.add(table.name)
    for _ in range(rng.randint(2, 7)):
        col = bench.new_column(table, plugin)
        col.unique = col.name.endswith("_code") and rng.random() < 0.5
        table.add(col)
    targets = bench.link_targets(plugin, table)
    if targets and rng.random() < 0.5:
        ref = rng.choice(targets)
        table.add(Col(f"{ref.name}_id", "uuid", True, None, plugin.name, fk=ref.name, index=True))
        ref.refs_in += 1
    bench.schema.add(table)
    change = _create_change(bench, table, 1)
    if rng.random() < 0.15:
        change.up += _bulk_insert(bench, table)
        change.n_up += 1
    return change


def _bulk_insert(bench: Workbench, table: Table) -> list[str]:
    name = next(iter(table.cols.values()))
    var = f"{table.name}_table"
    bench.add_module_table(
        f"{var} = table(\n    {table.name!r},\n    sa.Column('id', sa.String(length=36)),\n"
        f"    {col_def(Col(name.name, name.kind, True, None, ''))},\n)"
    )
    value = {"unicode": "'Default'", "integer": "1", "boolean": "True"}.get(name.kind, "None")
    rows = ", ".join(
        f"{{'id': '{bench.rng.getrandbits(128):032x}', {name.name!r}: {value}}}" for _ in range(2)
    )
    return [f"    op.bulk_insert({var}, [{rows}])"]


def drop_table(bench: Workbench, plugin: Plugin, touched: set[str]) -> Change | None:
    """Drop a non-core table nothing refers to; the downgrade recreates it as reflected."""
    schema = bench.schema
    table = bench.pick_table(plugin, touched, lambda t: not t.core and t.refs_in == 0)
    if table is None:
        return None
    schema.remove(table)
    for c in table.cols.values():
        if c.fk and c.fk in schema.tables:
            schema.tables[c.fk].refs_in -= 1
    indexed = [c.name for c in table.cols.values() if c.index]
    bench.imports.add("from sqlalchemy.dialects import postgresql")
    up = [drop_index(table.name, c) for c in indexed] + [f"    op.drop_table({table.name!r})"]
    down = create_table_lines(table, reflected=True, uuid=bench.uuid)
    n = len(indexed) + 1
    return Change(up, down, n, n, f"Drop {table.name} table")


# --------------------------------------------------------------------------- columns


def add_columns(bench: Workbench, plugin: Plugin, touched: set[str]) -> Change | None:
    table = bench.pick_table(plugin, touched)
    if table is None:
        return None
    cols = [bench.new_column(table, plugin) for _ in range(bench.column_count(3))]
    for col in cols:
        table.add(col)
    return _add_change(bench, table, cols)


def _add_change(bench: Workbench, table: Table, cols: list[Col]) -> Change:
    reflect = bench.use_reflect_kwargs()
    up = column_ops(table.name, [("add_column", col_def(c)) for c in cols],
                    bench.op_style((80, 20, 0)), reflect)  # fmt: skip
    up += [create_index(table.name, c.name) for c in cols if c.index]
    down = [drop_index(table.name, c.name) for c in cols if c.index]
    down += column_ops(table.name, [("drop_column", repr(c.name)) for c in reversed(cols)],
                       bench.op_style((80, 14, 6)), reflect)  # fmt: skip
    n = len(cols) + sum(c.index for c in cols)
    what = cols[0].name if len(cols) == 1 else f"{len(cols)} columns"
    return Change(up, down, n, n, f"Add {what} to {table.name}")


def mixin_column(bench: Workbench, plugin: Plugin, touched: set[str]) -> Change | None:
    """A column the plugin adds to its mixin target, a core table of the root plugin."""
    target = bench.schema.tables.get(plugin.mixin_target or "")
    if target is None or target.name in touched:
        return None
    touched.add(target.name)
    col = bench.new_column(target, plugin)
    col.protected = True
    target.add(col)
    return _add_change(bench, target, [col])


def drop_columns(bench: Workbench, plugin: Plugin, touched: set[str]) -> Change | None:
    """Drop columns that exist; the downgrade re-adds them as reflected from the database."""
    table = bench.pick_table(plugin, touched, lambda t: bool(bench.droppable(plugin, t)))
    if table is None:
        return None
    candidates = bench.droppable(plugin, table)
    cols = bench.rng.sample(candidates, min(len(candidates), bench.column_count(2)))
    for col in cols:
        del table.cols[col.name]
    if any(c.kind == "datetime" for c in cols):
        bench.imports.add("from sqlalchemy.dialects import postgresql")
    reflect = bench.use_reflect_kwargs()
    up = [drop_index(table.name, c.name) for c in cols if c.index]
    up += column_ops(table.name, [("drop_column", repr(c.name)) for c in cols],
                     bench.op_style((80, 14, 6)), reflect)  # fmt: skip
    down = column_ops(table.name,
                      [("add_column", col_def(c, reflected=True)) for c in reversed(cols)],
                      "plain", reflect)  # fmt: skip
    down += [create_index(table.name, c.name) for c in cols if c.index]
    n = len(cols) + sum(c.index for c in cols)
    what = cols[0].name if len(cols) == 1 else f"{len(cols)} columns"
    return Change(up, down, n, n, f"Remove {what} from {table.name}")


def alter_columns(bench: Workbench, plugin: Plugin, touched: set[str]) -> Change | None:
    def alterable(t: Table) -> list[Col]:
        return [c for c in t.cols.values()
                if c.declared_by == plugin.name and not c.fk and not c.protected
                and c.kind != "datetime"]  # fmt: skip

    table = bench.pick_table(plugin, touched, lambda t: bool(alterable(t)))
    if table is None:
        return None
    candidates = alterable(table)
    cols = bench.rng.sample(candidates, min(len(candidates), bench.column_count(2)))
    ups, downs, messages = [], [], []
    for col in cols:
        up, down, message = _alteration(bench, col)
        ups.append(("alter_column", f"{col.name!r}, {up}"))
        downs.append(("alter_column", f"{col.name!r}, {down}"))
        messages.append(message)
    reflect = bench.use_reflect_kwargs()
    style = bench.op_style((75, 10, 15))
    return Change(
        column_ops(table.name, ups, style, reflect),
        column_ops(table.name, list(reversed(downs)), style, reflect),
        len(cols),
        len(cols),
        messages[0].format(table=table.name),
    )


def _alteration(bench: Workbench, col: Col) -> tuple[str, str, str]:
    """Upgrade and downgrade keyword arguments of one ``alter_column``; updates ``col``."""
    spec = KINDS[col.kind]
    options = ["nullable"]
    if col.kind in ("unicode", "string"):
        options.append("type")
    if col.kind == "integer" and col.default is not None:
        options.append("default")
    choice = bench.rng.choice(options)
    existing = f"existing_type={spec.sa}"
    if choice == "type":
        new = "string" if col.kind == "unicode" else "unicode"
        keep = f"existing_nullable={col.nullable}"
        col.kind = new
        up = f"type_={KINDS[new].sa}, {existing}, {keep}"
        down = f"type_={spec.sa}, existing_type={KINDS[new].sa}, {keep}"
        return up, down, f"Change {{table}}.{col.name} to {KINDS[new].model}"
    if choice == "default":
        old, new = col.default, str(bench.rng.randint(1, 100))
        col.default = new
        keep = f"existing_nullable={col.nullable}"
        return (
            f"{existing}, server_default={new!r}, {keep}",
            f"{existing}, server_default={old!r}, {keep}",
            f"Change the default of {{table}}.{col.name}",
        )
    if col.nullable:
        old_default = col.default
        col.nullable, col.default = False, col.default or spec.default
        up = f"{existing}, nullable=False, server_default={col.default!r}"
        down = f"{existing}, nullable=True, server_default={old_default!r}"
        return up, down, f"Make {{table}}.{col.name} required"
    col.nullable = True
    keep = f"existing_server_default={col.default!r}"
    return (
        f"{existing}, nullable=True, {keep}",
        f"{existing}, nullable=False, {keep}",
        f"Make {{table}}.{col.name} optional",
    )


def add_foreign_key(bench: Workbench, plugin: Plugin, touched: set[str]) -> Change | None:
    table = bench.pick_table(plugin, touched, lambda t: bool(bench.link_targets(plugin, t)))
    if table is None:
        return None
    ref = bench.rng.choice(bench.link_targets(plugin, table))
    col = Col(f"{ref.name}_id", "uuid", True, None, plugin.name, fk=ref.name, index=True)
    table.add(col)
    ref.refs_in += 1
    fk = f"op.f('fk_{table.name}_{col.name}_{ref.name}')"
    reflect = bench.use_reflect_kwargs()
    add = column_ops(table.name, [("add_column", col_def(col))], "plain", reflect)
    up = [
        *add,
        create_index(table.name, col.name),
        f"    op.create_foreign_key({fk}, {table.name!r}, {ref.name!r}, [{col.name!r}], "
        "['id'], ondelete='SET NULL')",
    ]
    down = [
        f"    op.drop_constraint({fk}, {table.name!r}, type_='foreignkey')",
        drop_index(table.name, col.name),
        *column_ops(table.name, [("drop_column", repr(col.name))], bench.op_style(), reflect),
    ]
    return Change(up, down, 3, 3, f"Link {table.name} to {ref.name}")


def backfill(bench: Workbench, plugin: Plugin, touched: set[str]) -> Change | None:
    """Add a nullable column, fill it with ``op.execute(update)``, then make it required."""
    table = bench.pick_table(plugin, touched)
    if table is None:
        return None
    col = bench.new_column(table, plugin)
    while KINDS[col.kind].default is None:
        col = bench.new_column(table, plugin)
    col.nullable, col.default, col.index = True, None, False
    table.add(col)
    var = f"{table.name}_table"
    bench.add_module_table(
        f"{var} = table(\n    {table.name!r},\n    sa.Column('id', sa.String(length=36)),\n"
        f"    sa.Column({col.name!r}, {KINDS[col.kind].sa}),\n)"
    )
    value = repr({"unicode": "", "integer": 0, "boolean": False}[col.kind])
    source = [c for c in table.cols.values() if c.kind == col.kind and c is not col]
    if source and bench.rng.random() < 0.4:
        values = f"{{{col.name!r}: {var}.c.{source[0].name}}}"
    else:
        values = f"{col.name}={value}"
    default = KINDS[col.kind].default
    up = [
        f"    op.add_column({table.name!r}, {col_def(col)})",
        f"    op.execute({var}.update().where({var}.c.{col.name} == None).values({values}))"
        "  # noqa: E711",
        f"    op.alter_column({table.name!r}, {col.name!r}, "
        f"existing_type={KINDS[col.kind].sa}, "
        f"nullable=False, server_default={default!r})",
    ]
    col.nullable, col.default = False, default
    down = column_ops(table.name, [("drop_column", repr(col.name))], bench.op_style(), True)
    return Change(up, down, 3, 1, f"Backfill {table.name}.{col.name}")
