"""ML108 type-narrowing."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import UPGRADE, RevisionScript
from ..types import type_change, type_key
from .base import Example, Rule

_CREATE = (
    "def upgrade():\n    op.create_table('attendee', sa.Column('id', sa.BigInteger(), primary_key=True),\n"
    "        sa.Column('badge_printed_name', sa.String(length=40)), sa.Column('notes', sa.Text()))\n"
)


class TypeNarrowing(Rule):
    """``alter_column`` to a type that cannot hold every existing value.

    **What it flags:** ``alter_column(type_=...)`` narrower than the column's type as the
    earlier revisions left it (or as ``existing_type`` says): a shorter ``String``, ``Text``
    to ``String(n)``, a smaller ``Numeric``, ``BigInteger`` to ``Integer``, ``Float`` or
    ``Numeric`` to an integer, ``DateTime`` to ``Date``: an error. Any other type change is a
    warning.

    **Why:** the database truncates or rejects values that no longer fit: the migration
    fails on production data, or (MySQL, SQLite) silently cuts them.

    **Instead:** check the longest value first (``SELECT max(length(col)) ...``) and keep the
    type wide enough, or convert explicitly (``postgresql_using=...``) after cleaning the data
    with ``op.execute``.
    """

    code = "ML108"
    name = "type-narrowing"
    severity = Severity.ERROR
    other_severities = (Severity.WARNING,)  # type changes that do not narrow
    summary = "alter_column to a narrower type than the column has"
    VALID = (
        Example(
            "def upgrade():\n    op.alter_column('attendee', 'badge_printed_name', type_=sa.String(length=80))\n",
            history=(_CREATE,),
        ),
        Example(
            "def upgrade():\n    op.alter_column('attendee', 'badge_printed_name', type_=sa.VARCHAR(length=40), nullable=False)\n",
            history=(_CREATE,),
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n    op.alter_column('attendee', 'badge_printed_name', type_=sa.Boolean(), postgresql_using='false')\n",
            history=(_CREATE,),
            line=2,
        ),
        Example(
            "def upgrade():\n    op.alter_column('attendee', 'badge_printed_name', type_=sa.String(length=20))\n",
            history=(_CREATE,),
            line=2,
        ),
        Example(
            "def upgrade():\n    with op.batch_alter_table('attendee') as batch_op:\n"
            "        batch_op.alter_column('notes', type_=sa.String(255))\n",
            history=(_CREATE,),
            line=3,
        ),
        Example(
            "def upgrade():\n    op.alter_column('attendee', 'id', type_=sa.Integer(), existing_type=sa.BigInteger())\n",
            line=2,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        for op in script.operations(UPGRADE):
            if op.kind != "alter_column" or op.type is None or op.target_unknown:
                continue
            assert op.table is not None and op.column is not None
            view = context.history.before(script, op.table, upto=op)
            state = view.columns.get(op.column)
            old = state.type if state is not None and not view.uncertain else None
            old = old or op.existing_type
            if old is None:
                continue
            verdict = type_change(old, op.type)
            if verdict in (None, "widening"):
                continue
            change = f"'{op.table}.{op.column}' from {type_key(old)} to {type_key(op.type)}"
            if verdict == "narrowing":
                yield self.finding(
                    script,
                    op.span,
                    f"alter_column narrows {change}: existing values may not fit; check the "
                    "data first or keep the type wide enough",
                )
            else:
                yield self.finding(
                    script,
                    op.span,
                    f"alter_column changes the type of {change}: make sure every value converts "
                    "(postgresql_using=...) on production data",
                    severity=Severity.WARNING,
                )
