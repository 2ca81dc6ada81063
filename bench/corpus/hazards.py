"""Hazards planted on purpose, so the benchmark can check the linter finds exactly them.

Each planted change yields two findings, one in the upgrade and one in the downgrade.
"""

from __future__ import annotations

from dataclasses import dataclass

from .changes import Change
from .op_lines import col_def, column_ops
from .plugin_tree import Plugin
from .schema import Col, Table
from .workbench import Workbench

# (rule code, the plugin whose table it must change, or None for the revision's own plugin)
Hazard = tuple[str, str | None]


@dataclass
class Planted:
    """A hazard planted on purpose (the fields are written to ``planted.json`` in order)."""

    code: str
    plugin: str
    revision: str
    path: str
    table: str
    column: str
    findings: int = 2


def plant(
    bench: Workbench, plugin: Plugin, hazard: Hazard, touched: set[str]
) -> tuple[Change, Planted] | None:
    """The change carrying ``hazard``; ``None`` if the plugin has no table it fits."""
    code, other = hazard
    if code == "ML202" and other is not None:
        return plant_wrong_plugin(bench, plugin, bench.plugins[other], touched)
    pick = bench.pick_table(plugin, touched, lambda t: bool(_renameable(bench, plugin, t)))
    if pick is None:
        return None
    col = bench.rng.choice(_renameable(bench, plugin, pick))
    if code == "ML101":
        return plant_readd(plugin, pick, col)
    return plant_rename(plugin, pick, col)


def _renameable(bench: Workbench, plugin: Plugin, table: Table) -> list[Col]:
    return [c for c in bench.droppable(plugin, table) if c.kind == "unicode" and not c.index]


def plant_readd(plugin: Plugin, table: Table, col: Col) -> tuple[Change, Planted]:
    """ML101: drop a Unicode column and add it back as an Integer (and back again)."""
    old = Col(col.name, col.kind, col.nullable, col.default, plugin.name)
    col.kind, col.nullable, col.default = "integer", True, None
    batch = column_ops(table.name, [("drop_column", repr(col.name))], "batch", False)
    up = [*batch, f"    op.add_column({table.name!r}, {col_def(col)})"]
    down = [*batch, f"    op.add_column({table.name!r}, {col_def(old)})"]
    change = Change(up, down, 2, 2, f"Change {col.name} to an integer")
    return change, Planted("ML101", plugin.name, "", "", table.name, col.name)


def plant_rename(plugin: Plugin, table: Table, col: Col) -> tuple[Change, Planted]:
    """ML103: a rename written as add+drop, the old column re-added as ``sa.VARCHAR()``."""
    new_name = col.name + ("_text" if col.name.endswith("s") else "s")
    if new_name in table.used:
        new_name = col.name + "_value"
    new = Col(new_name, "unicode", True, None, plugin.name)
    del table.cols[col.name]
    table.add(new)
    up = [
        f"    op.add_column({table.name!r}, {col_def(new)})",
        f"    op.drop_column({table.name!r}, {col.name!r})",
    ]
    down = [
        f"    op.add_column({table.name!r}, {col_def(col, reflected=True)})",
        f"    op.drop_column({table.name!r}, {new.name!r})",
    ]
    change = Change(up, down, 2, 2, f"Rename {table.name}.{col.name} to {new.name}")
    return change, Planted("ML103", plugin.name, "", "", table.name, col.name)


def plant_wrong_plugin(
    bench: Workbench, plugin: Plugin, owner: Plugin, touched: set[str]
) -> tuple[Change, Planted] | None:
    """ML202: add a column (declared in ``owner``'s models) to one of ``owner``'s tables."""
    tables = [t for t in bench.schema.owned(owner.name) if t.core and t.name not in touched]
    if not tables:
        return None
    table = bench.rng.choice(tables)
    touched.add(table.name)
    col = bench.new_column(table, owner)
    col.protected, col.index = True, False
    table.add(col)
    up = [f"    op.add_column({table.name!r}, {col_def(col)})"]
    down = column_ops(table.name, [("drop_column", repr(col.name))], "batch", True)
    change = Change(up, down, 1, 1, f"Add {col.name} to {table.name}")
    return change, Planted("ML202", plugin.name, "", "", table.name, col.name)
