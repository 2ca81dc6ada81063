"""ML104 readd-across-revisions."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import UPGRADE, RevisionScript
from .base import Example, Rule

_CREATE = "def upgrade():\n    op.create_table('event', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('track', sa.Unicode()))\n"


class ReaddAcrossRevisions(Rule):
    """A column or table dropped by one revision and added back by a later one.

    **What it flags:** ``add_column``/``create_table`` in ``upgrade()`` of something an
    earlier revision on the same line of descent dropped.

    **Why:** the two revisions together are a drop-then-re-add spread over time: every value
    dropped by the first is gone, and the re-added column or table starts empty. It is often
    a change reverted by hand instead of a downgrade, or a rename done in two steps.

    **Instead:** if the data matters, restore it from the revision that dropped it (or do not
    drop it at all); to rename, use ``op.alter_column(..., new_column_name=...)`` or
    ``op.rename_table``.
    """

    code = "ML104"
    name = "readd-across-revisions"
    severity = Severity.WARNING
    summary = "a column or table dropped by an earlier revision is added back"
    VALID = (
        Example(
            "def upgrade():\n    op.add_column('event', sa.Column('tracks', sa.Unicode()))\n",
            history=(_CREATE, "def upgrade():\n    op.drop_column('event', 'track')\n"),
        ),
        Example(
            "def upgrade():\n    op.add_column('event', sa.Column('track', sa.Unicode()))\n",
            history=(_CREATE.replace(", sa.Column('track', sa.Unicode())", ""),),
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n    op.add_column('event', sa.Column('track', sa.Unicode(), nullable=True))\n",
            history=(_CREATE, "def upgrade():\n    op.drop_column('event', 'track')\n"),
            line=2,
        ),
        Example(
            "def upgrade():\n    op.create_table('event', sa.Column('id', sa.Integer(), primary_key=True))\n",
            history=(_CREATE, "def upgrade():\n    op.drop_table('event')\n"),
            line=2,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        for op in script.operations(UPGRADE):
            if op.target_unknown or op.table is None:
                continue
            if op.kind == "create_table":
                before = context.history.before(script, op.table)
                if not before.exists and not before.uncertain and before.created_by is not None:
                    yield self.finding(
                        script,
                        op.span,
                        f"table '{op.table}' was dropped by an earlier revision and is created "
                        "again here: its rows are gone; restore them or use op.rename_table",
                    )
            elif op.kind == "add_column" and op.column is not None:
                last = context.history.last_column_event(script, op.table, op.column)
                uncertain = context.history.before(script, op.table).uncertain
                if last is not None and last[1].kind == "drop_column" and not uncertain:
                    yield self.finding(
                        script,
                        op.span,
                        f"column '{op.table}.{op.column}' was dropped by revision {last[0]} "
                        "and is added back here: the values dropped then are gone",
                    )
