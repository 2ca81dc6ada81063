"""What rules may ask about the project beyond one file: models, graph and history.

Built once per run from facts; answers come from the parser's facts only, never from
re-reading source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .config import ProjectConfig
from .facts import UPGRADE, ColumnDef, Operation, RevisionScript, TableModel
from .graph import RevisionGraph


@dataclass
class LintContext:
    config: ProjectConfig | None
    graph: RevisionGraph
    models: dict[str, TableModel] | None  # None: model-aware rules are skipped

    def ancestors(self, script: RevisionScript) -> Iterator[RevisionScript]:
        """Revisions that run before ``script``, nearest first."""
        if script.revision is None or script.revision not in self.graph.scripts:
            return
        for rev in self.graph.ancestors(script.revision):
            yield self.graph.scripts[rev]

    def descendants(self, script: RevisionScript) -> Iterator[RevisionScript]:
        if script.revision is None or script.revision not in self.graph.scripts:
            return
        for rev in sorted(self.graph.descendants(script.revision)):
            yield self.graph.scripts[rev]

    def created_column(
        self, script: RevisionScript, table: str, column: str
    ) -> tuple[RevisionScript, ColumnDef] | None:
        """The nearest earlier revision whose upgrade created ``table.column``, and how."""
        for earlier in self.ancestors(script):
            definition = column_created_by(earlier.operations(UPGRADE), table, column)
            if definition is not None:
                return earlier, definition
        return None

    def dropped_later(self, script: RevisionScript, table: str, column: str) -> bool:
        """Whether a revision after ``script`` drops ``table.column`` in its upgrade."""
        return any(
            op.kind == "drop_column" and op.table == table and op.column == column
            for later in self.descendants(script)
            for op in later.operations(UPGRADE)
        )


def column_created_by(
    operations: tuple[Operation, ...], table: str, column: str
) -> ColumnDef | None:
    """The definition of ``table.column`` if one of ``operations`` adds it (last one wins)."""
    found: ColumnDef | None = None
    for op in operations:
        if op.table != table:
            continue
        if op.kind == "add_column" and op.column_def is not None and op.column_def.name == column:
            found = op.column_def
        elif op.kind == "create_table":
            found = next((c for c in op.table_columns if c.name == column), found)
    return found
