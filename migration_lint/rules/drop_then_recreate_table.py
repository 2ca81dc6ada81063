"""ML102 drop-then-recreate-table."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import DOWNGRADE, UPGRADE, RevisionScript
from .base import Example, Rule, later_on_same_path


class DropThenRecreateTable(Rule):
    """A table dropped and created again, by name, in the same migration direction.

    **What it flags:** in ``upgrade()`` or ``downgrade()``, on one execution path, a
    ``drop_table`` followed by a ``create_table`` of the same name.

    **Why:** the new table is empty: every row of the old one is gone, and so are the
    rows of other tables that referenced it with ``ON DELETE CASCADE``.

    **Instead:** alter the table in place (``op.add_column``, ``op.alter_column``,
    ``op.batch_alter_table`` on SQLite), or create the new table under another name, copy
    the rows with ``op.execute("INSERT INTO new SELECT ... FROM old")``, then drop the
    old one and ``op.rename_table``.
    """

    code = "ML102"
    name = "drop-then-recreate-table"
    severity = Severity.ERROR
    summary = "a table is dropped and created again in one direction: its rows are lost"
    VALID = (
        Example(
            "def upgrade():\n"
            "    op.create_table('tabletop_checkout', sa.Column('id', sa.Integer(), primary_key=True))\n"
            "\n"
            "def downgrade():\n"
            "    op.drop_table('tabletop_checkout')\n"
        ),
        Example(
            "def upgrade():\n"
            "    if is_sqlite:\n"
            "        op.drop_table('tabletop_checkout')\n"
            "    else:\n"
            "        op.create_table('tabletop_checkout', sa.Column('id', sa.Integer()))\n"
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n"
            "    op.drop_table('tabletop_checkout')\n"
            "    op.create_table('tabletop_checkout',\n"
            "        sa.Column('id', sa.Integer(), nullable=False),\n"
            "        sa.Column('game_id', sa.Integer(), nullable=True),\n"
            "        sa.PrimaryKeyConstraint('id', name=op.f('pk_tabletop_checkout')))\n",
            line=2,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        for direction in (UPGRADE, DOWNGRADE):
            operations = script.operations(direction)
            # where each table is created last: a drop with no create after it is skipped
            # without a scan of the rest (which made a 10,000-operation revision quadratic)
            last_create = {
                (op.schema, op.table): index
                for index, op in enumerate(operations)
                if op.kind == "create_table" and "table" not in op.dynamic
            }
            for index, drop in enumerate(operations):
                if drop.kind != "drop_table" or "table" in drop.dynamic:
                    continue
                if last_create.get((drop.schema, drop.table), -1) < index:
                    continue
                recreate = later_on_same_path(
                    operations,
                    index,
                    lambda op, drop=drop: (
                        op.kind == "create_table"
                        and "table" not in op.dynamic
                        and (op.schema, op.table) == (drop.schema, drop.table)
                    ),
                )
                if recreate is not None:
                    yield self.finding(
                        script,
                        drop.span,
                        f"{direction}() drops table '{drop.table}' and creates it again at line "
                        f"{recreate.span.line}: every row is lost; alter the table in place or "
                        "copy the rows into a new table before dropping",
                    )
