"""The state shared by every change maker: the random source, the plugins, the schema
and the revision being drafted, plus the helpers that choose tables, columns and styles.

Everything draws from the one ``rng`` in a fixed order; that is what makes a corpus
reproducible byte for byte from its seed, so keep the order of draws when editing.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from .plugin_tree import Plugin
from .schema import Col, Schema, Table
from .vocabulary import ATTRS, KINDS, NOUNS, QUALS, snake_case

PLAIN_UUID = "sa.String(length=36)"


class Workbench:
    """The evolving schema and the imports, module tables and id type of the draft revision."""

    def __init__(self, rng: random.Random, plugins: dict[str, Plugin]) -> None:
        self.rng = rng
        self.plugins = plugins
        self.schema = Schema()
        self.imports: set[str] = set()
        self.module_tables: list[str] = []
        self.uuid = PLAIN_UUID  # how the draft writes the type of an ``id`` column
        self.want = 1  # operations still wanted by the revision being composed

    def start_revision(self) -> None:
        """Reset the draft; a quarter of revisions use ``residue.UUID()`` for ids."""
        self.imports = set()
        self.module_tables = []
        residue = self.rng.random() < 0.25
        self.uuid = "residue.UUID()" if residue else PLAIN_UUID
        if residue:
            self.imports.add("import residue")

    def add_module_table(self, source: str) -> None:
        """A module-level ``table(...)`` for data operations (``bulk_insert``, ``update``)."""
        self.imports.add("from sqlalchemy.sql import table")
        self.module_tables.append(source)

    # ------------------------------------------------------------------ choosing things

    def pick_table(
        self, plugin: Plugin, touched: set[str], ok: Callable[[Table], bool] | None = None
    ) -> Table | None:
        """A random table of ``plugin`` not yet changed by this revision (and ``ok``)."""
        tables = self.schema.owned(plugin.name)
        for table in self.rng.sample(tables, len(tables)):
            if table.name not in touched and (ok is None or ok(table)):
                touched.add(table.name)
                return table
        return None

    def new_column(self, table: Table, plugin: Plugin) -> Col:
        """A column with a fresh name; its type follows the name (``*_count`` is an integer)."""
        name = self._column_name(table)
        kind = ATTRS[name.split("_")[1]]
        if self.rng.random() < 0.55 or KINDS[kind].default is None:
            col = Col(name, kind, True, None, plugin.name)
        else:
            col = Col(name, kind, False, KINDS[kind].default, plugin.name)
        col.index = kind in ("unicode", "integer") and self.rng.random() < 0.08
        return col

    def _column_name(self, table: Table) -> str:
        for _ in range(30):
            name = f"{self.rng.choice(QUALS)}_{self.rng.choice(list(ATTRS))}"
            if name not in table.used:
                return name
        for q1 in QUALS:
            for attr in ATTRS:
                for q2 in QUALS:
                    name = f"{q1}_{attr}_{q2}"
                    if name not in table.used:
                        return name
        raise RuntimeError(f"no column name left for {table.name}")

    def new_table(self, plugin: Plugin, core: bool) -> Table:
        """A table with a name never used before, prefixed like the plugin's classes."""
        for size in (1, 2, 3):
            for _ in range(40):
                words = self.rng.sample(NOUNS, size if plugin.prefix else size + 1)
                cls = plugin.prefix + "".join(words)
                name = snake_case(cls)
                if name not in self.schema.used_tables:
                    return Table(name, cls, plugin.name, core)
        raise RuntimeError(f"no table name left for {plugin.name}")

    def droppable(self, plugin: Plugin, table: Table) -> list[Col]:
        """Columns ``plugin`` may drop: its own, no foreign keys, never a table's last one."""
        cols = [c for c in table.cols.values()
                if c.declared_by == plugin.name and not c.fk and not c.protected]  # fmt: skip
        return cols if len(table.cols) > 1 else []

    def link_targets(self, plugin: Plugin, table: Table) -> list[Table]:
        """Tables ``table`` may get a foreign key to: the plugin's own and the root's core."""
        linked = {c.fk for c in table.cols.values()}
        root = next(iter(self.plugins))
        candidates = self.schema.owned(plugin.name)
        if plugin.name != root:
            candidates += [t for t in self.schema.owned(root) if t.core]
        return [t for t in candidates if t.name != table.name and t.name not in linked]

    def column_count(self, cap: int) -> int:
        """How many columns a change touches: mostly what the revision still wants."""
        most = max(1, min(self.want, cap))
        return most if self.rng.random() < 0.75 else self.rng.randint(1, most)

    def op_style(self, weights: tuple[int, int, int] = (75, 17, 8)) -> str:
        """``plain``, ``batch`` or ``sqlite``: see :func:`~.op_lines.column_ops`."""
        return self.rng.choices(("plain", "batch", "sqlite"), weights)[0]

    def use_reflect_kwargs(self) -> bool:
        """Whether batch operations pass ``reflect_kwargs=sqlite_reflect_kwargs``."""
        return self.rng.random() < 0.7
