"""What rules may ask about the project beyond one file: models, graph and history.

Built once per run from facts; answers come from the parser's facts only, never from
re-reading source.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .config import ProjectConfig
from .facts import UPGRADE, ColumnDef, ModelsFile, Operation, RevisionScript, TableModel
from .graph import RevisionGraph
from .replay import SchemaHistory

ColumnKey = tuple[str, str]  # (table, column)


@dataclass
class LintContext:
    config: ProjectConfig | None
    graph: RevisionGraph
    models: dict[str, TableModel] | None  # None: model-aware rules are skipped
    models_files: list[ModelsFile] = field(default_factory=list)
    _created: dict[ColumnKey, dict[str, ColumnDef]] | None = field(default=None, repr=False)
    _dropped: dict[ColumnKey, set[str]] | None = field(default=None, repr=False)
    _history: SchemaHistory | None = field(default=None, repr=False)

    @property
    def history(self) -> SchemaHistory:
        """The schema replayed along the revision graph (built on first use)."""
        if self._history is None:
            self._history = SchemaHistory(self.graph)
        return self._history

    def created_column(
        self, script: RevisionScript, table: str, column: str
    ) -> tuple[RevisionScript, ColumnDef] | None:
        """The latest earlier revision whose upgrade created ``table.column``, and how."""
        creators = self._column_index()[0].get((table, column))
        if not creators or script.revision not in self.graph.scripts:
            return None
        found = self.graph.latest_ancestor(script.revision, creators)
        return (self.graph.scripts[found], creators[found]) if found is not None else None

    def dropped_later(self, script: RevisionScript, table: str, column: str) -> bool:
        """Whether a revision after ``script`` drops ``table.column`` in its upgrade."""
        droppers = self._column_index()[1].get((table, column), set())
        return script.revision is not None and any(
            self.graph.is_ancestor(script.revision, rev) for rev in droppers
        )

    def _column_index(
        self,
    ) -> tuple[dict[ColumnKey, dict[str, ColumnDef]], dict[ColumnKey, set[str]]]:
        """Where each column is created and dropped (upgrades only), built once per run."""
        if self._created is None or self._dropped is None:
            created: dict[ColumnKey, dict[str, ColumnDef]] = defaultdict(dict)
            dropped: dict[ColumnKey, set[str]] = defaultdict(set)
            for rev, script in self.graph.scripts.items():
                for op in script.operations(UPGRADE):
                    if op.table is None or op.target_unknown:
                        continue
                    if op.kind == "drop_column" and op.column is not None:
                        dropped[(op.table, op.column)].add(rev)
                    definitions = (op.column_def,) if op.kind == "add_column" else ()
                    if op.kind == "create_table":
                        definitions = op.table_columns
                    for definition in definitions:
                        if definition is not None and definition.name is not None:
                            created[(op.table, definition.name)][rev] = definition
            self._created, self._dropped = dict(created), dict(dropped)
        return self._created, self._dropped


# id(operations) -> (operations, {(table, column): definition}): rules ask once per dropped
# column, and a scan of every operation each time made a 10,000-operation revision quadratic
_CREATED_BY: dict[int, tuple[tuple[Operation, ...], dict[tuple[str, str], ColumnDef]]] = {}


def column_created_by(
    operations: tuple[Operation, ...], table: str, column: str
) -> ColumnDef | None:
    """The definition of ``table.column`` if one of ``operations`` adds it (last one wins)."""
    entry = _CREATED_BY.get(id(operations))
    if entry is None or entry[0] is not operations:
        if len(_CREATED_BY) > 16:
            _CREATED_BY.clear()
        found: dict[tuple[str, str], ColumnDef] = {}
        for op in operations:
            if op.table is None:
                continue
            if op.kind == "add_column" and op.column_def is not None:
                if op.column_def.name is not None:
                    found[(op.table, op.column_def.name)] = op.column_def
            elif op.kind == "create_table":
                first: dict[tuple[str, str], ColumnDef] = {}
                for c in op.table_columns:  # within one create_table, the first one
                    if c.name is not None:
                        first.setdefault((op.table, c.name), c)
                found.update(first)
        entry = _CREATED_BY[id(operations)] = (operations, found)
    return entry[1].get((table, column))
