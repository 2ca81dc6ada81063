"""ML107 add-not-null-without-default."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import UPGRADE, RevisionScript
from .base import Example, Rule

_CREATE = "def upgrade():\n    op.create_table('attendee', sa.Column('id', sa.Integer(), primary_key=True))\n"


class AddNotNullWithoutDefault(Rule):
    """A NOT NULL column without a server default added to a table that already existed.

    **What it flags:** ``add_column`` with ``nullable=False`` and no ``server_default`` on a
    table that existed before this revision (a table created earlier in the same upgrade is
    empty, so it is fine).

    **Why:** on a table with rows the database must fill the new column for every row; with
    no default it refuses (PostgreSQL: "column contains null values") and the migration fails
    in production, though it passed on an empty development database.

    **Instead:** add it with ``server_default=...`` (you may drop the default afterwards), or
    add it nullable, fill it with ``op.execute("UPDATE ...")``, then
    ``op.alter_column(..., nullable=False)``.
    """

    code = "ML107"
    name = "add-not-null-without-default"
    severity = Severity.ERROR
    summary = "NOT NULL column without server_default added to an existing table"
    VALID = (
        Example(
            "def upgrade():\n    op.add_column('attendee', sa.Column('nickname', sa.Unicode(), server_default='', nullable=False))\n",
            history=(_CREATE,),
        ),
        Example(
            "def upgrade():\n    op.create_table('attendee', sa.Column('id', sa.Integer(), primary_key=True))\n"
            "    op.add_column('attendee', sa.Column('nickname', sa.Unicode(), nullable=False))\n",
        ),
        Example(
            "def upgrade():\n    op.add_column('attendee', sa.Column('nickname', sa.Unicode(), nullable=True))\n",
            history=(_CREATE,),
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n    op.add_column('attendee', sa.Column('nickname', sa.Unicode(), nullable=False))\n",
            history=(_CREATE,),
            line=2,
        ),
        Example(
            "def upgrade():\n    with op.batch_alter_table('attendee') as batch_op:\n"
            "        batch_op.add_column(sa.Column('badge_num', sa.Integer(), nullable=False))\n",
            history=(_CREATE,),
            line=3,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        for op in script.operations(UPGRADE):
            definition = op.column_def
            if op.kind != "add_column" or op.target_unknown or definition is None:
                continue
            if definition.nullable is not False or definition.server_default is not None:
                continue
            if definition.primary_key:
                continue
            assert op.table is not None
            before = context.history.before(script, op.table)
            if before.exists and not before.uncertain:
                yield self.finding(
                    script,
                    op.span,
                    f"NOT NULL column '{op.table}.{op.column}' is added without a "
                    "server_default to a table that already has rows in production: the "
                    "migration fails there; add server_default=... or add it nullable, fill "
                    "it, then make it NOT NULL",
                )
