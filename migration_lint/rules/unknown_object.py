"""ML109 unknown-object."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import UPGRADE, RevisionScript
from .base import Example, Rule

_CREATE = "def upgrade():\n    op.create_table('attendee', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('email', sa.Unicode()))\n"
_KINDS = frozenset({"add_column", "drop_column", "alter_column", "drop_table", "rename_table"})


class UnknownObject(Rule):
    """An operation on a table or column that neither the revisions nor the models know.

    **What it flags:** a column or table operation in ``upgrade()`` whose table no earlier
    revision created (nor a model declares), or a ``drop_column``/``alter_column`` of a
    column the table, as the earlier revisions built it, does not have (nor its model).

    **Why:** usually a typo or a name from another branch: the migration fails at run time,
    or on a plugin installed without the branch that creates the object.

    **Instead:** fix the name; if the object comes from another plugin's branch, the
    revision belongs there (or needs ``depends_on`` on the revision that creates it).
    """

    code = "ML109"
    name = "unknown-object"
    severity = Severity.WARNING
    summary = "an operation on a table or column nobody created or declared"
    VALID = (
        Example("def upgrade():\n    op.drop_column('attendee', 'email')\n", history=(_CREATE,)),
        Example(
            "def upgrade():\n    op.add_column('attendee', sa.Column('nickname', sa.Unicode()))\n"
            "    op.alter_column('attendee', 'nickname', nullable=False)\n",
            history=(_CREATE,),
        ),
        Example(
            "def upgrade():\n    for table in TABLES:\n        op.drop_column(table, 'legacy')\n"
            "    op.drop_column('attendee', 'legacy')\n",
            history=(_CREATE,),
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n    op.drop_column('attendee', 'emial')\n", history=(_CREATE,), line=2
        ),
        Example(
            "def upgrade():\n    op.add_column('atendee', sa.Column('nickname', sa.Unicode()))\n",
            history=(_CREATE,),
            line=2,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        for op in script.operations(UPGRADE):
            if op.kind not in _KINDS or op.target_unknown or op.table is None:
                continue
            view = context.history.before(script, op.table, upto=op)
            if view.uncertain:
                continue
            model = (context.models or {}).get(op.table)
            if not view.exists and model is None:
                yield self.finding(
                    script,
                    op.span,
                    f"table '{op.table}' is not created by any earlier revision nor declared "
                    "by a model: a typo, or an object of another branch?",
                )
            elif (
                op.kind in ("drop_column", "alter_column")
                and op.column is not None
                and view.complete
                and op.column not in view.columns
                and (model is None or op.column not in model.columns)
            ):
                yield self.finding(
                    script,
                    op.span,
                    f"column '{op.table}.{op.column}' is not created by any earlier revision "
                    "nor declared by a model: a typo, or an object of another branch?",
                )
