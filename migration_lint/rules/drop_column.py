"""ML105 drop-column."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import UPGRADE, RevisionScript
from .base import Example, Rule


class DropColumn(Rule):
    """A column is dropped.

    **What it flags:** ``drop_column`` in ``upgrade()`` (plain or in a batch).

    **Why:** the values are gone for good once it runs in production; a downgrade brings the
    column back empty. Running application code that still reads the column fails too.

    **Instead:** make sure nothing reads the column any more (deploy that first), and keep
    the data if it may be needed: copy it (``op.execute("UPDATE ... SET new = old")``) or
    into an archive table before dropping. Suppress the finding once that is done.
    """

    code = "ML105"
    name = "drop-column"
    severity = Severity.WARNING
    summary = "a column is dropped (destructive)"
    VALID = (
        Example(
            "def upgrade():\n    op.add_column('attendee', sa.Column('nickname', sa.Unicode()))\n"
            "\ndef downgrade():\n    op.drop_column('attendee', 'nickname')\n"
        ),
    )
    INVALID = (
        Example("def upgrade():\n    op.drop_column('attendee', 'badge_num')\n", line=2),
        Example(
            "def upgrade():\n    with op.batch_alter_table('attendee') as batch_op:\n"
            "        batch_op.drop_column('badge_num')\n",
            line=3,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        for op in script.operations(UPGRADE):
            if op.kind == "drop_column" and not op.target_unknown:
                yield self.finding(
                    script,
                    op.span,
                    f"column '{op.table}.{op.column}' is dropped: its values are lost; copy them "
                    "first (op.execute('UPDATE ... SET new = old') or an archive table) if they "
                    "may be needed, and deploy code that no longer reads it before this runs",
                )
