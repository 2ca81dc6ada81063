"""ML106 drop-table."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import UPGRADE, RevisionScript
from .base import Example, Rule


class DropTable(Rule):
    """A table is dropped.

    **What it flags:** ``drop_table`` in ``upgrade()``.

    **Why:** every row is gone, and so are rows of tables that reference it with
    ``ON DELETE CASCADE``; a downgrade recreates it empty.

    **Instead:** archive the rows first if they may be needed (``op.rename_table`` to an
    archive name and drop it in a later release), and deploy code that no longer uses the
    table before this runs.
    """

    code = "ML106"
    name = "drop-table"
    severity = Severity.WARNING
    summary = "a table is dropped (destructive)"
    VALID = (
        Example(
            "def upgrade():\n    op.create_table('panel_tag', sa.Column('id', sa.Integer(), primary_key=True))\n"
            "\ndef downgrade():\n    op.drop_table('panel_tag')\n"
        ),
    )
    INVALID = (Example("def upgrade():\n    op.drop_table('panel_tag')\n", line=2),)

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        for op in script.operations(UPGRADE):
            if op.kind == "drop_table" and "table" not in op.dynamic:
                yield self.finding(
                    script,
                    op.span,
                    f"table '{op.table}' is dropped: its rows are lost; archive them first "
                    "(op.rename_table to an archive name, drop it in a later release) if they "
                    "may be needed",
                )
