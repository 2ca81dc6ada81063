"""ML201 relationship-pseudo-column."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext, column_created_by
from ..diagnostics import Finding, Severity
from ..facts import DOWNGRADE, UPGRADE, Operation, RevisionScript
from .base import Example, Rule

_MODELS = {
    "uber": (
        "class Group(MagModel):\n"
        "    name = Column(Unicode)\n"
        "\n"
        "class Attendee(MagModel):\n"
        "    group_id = Column(UUID, ForeignKey('group.id'))\n"
        "    group = relationship('Group', backref='attendees', foreign_keys=group_id)\n"
        "    assigned_depts = relationship('Department', secondary='dept_membership')\n"
        "\n"
        "class Department(MagModel):\n"
        "    name = Column(Unicode)\n"
    )
}


class RelationshipPseudoColumn(Rule):
    """A migration for a relationship "column", which is not a real column.

    **What it flags:** ``add_column``/``alter_column`` of a column whose name is a
    ``relationship()`` (or a ``backref``) of the model mapped to that table, and not also a
    column there.  Models describe today and revisions describe history, so it is not
    flagged when the column was real at that point: an add in ``upgrade()`` that a later
    revision drops again, or a ``downgrade()`` that restores a column an earlier revision
    (or this revision's upgrade) had.

    **Why:** relationships live in Python only; a migration for one creates a stray
    column that nothing writes (or fails on a column that does not exist).

    **Instead:** delete the operation: relationships need no migration.  Migrate the
    foreign key column the relationship uses (``group_id``), if it is new.
    """

    code = "ML201"
    name = "relationship-pseudo-column"
    severity = Severity.ERROR
    summary = "a migration adds or alters a relationship name, which is not a real column"
    needs_models = True
    VALID = (
        Example(
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('group_id', sa.Uuid(), nullable=True))\n",
            models=_MODELS,
        ),
        Example(
            "def upgrade():\n    op.drop_column('attendee', 'assigned_depts')\n"
            "\ndef downgrade():\n"
            "    op.add_column('attendee', sa.Column('assigned_depts', sa.VARCHAR(), nullable=True))\n",
            history=(
                "def upgrade():\n"
                "    op.add_column('attendee', sa.Column('assigned_depts', sa.Unicode()))\n",
            ),
            models=_MODELS,
        ),
        Example(
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('assigned_depts', sa.Unicode()))\n",
            later=("def upgrade():\n    op.drop_column('attendee', 'assigned_depts')\n",),
            models=_MODELS,
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n"
            "    op.add_column('group', sa.Column('attendees', sa.Unicode(), nullable=True))\n"
            "\n"
            "def downgrade():\n"
            "    op.drop_column('group', 'attendees')\n",
            models=_MODELS,
            line=2,
        ),
        Example(
            "def upgrade():\n"
            "    with op.batch_alter_table('attendee') as batch_op:\n"
            "        batch_op.alter_column('assigned_depts', nullable=False)\n",
            models=_MODELS,
            line=3,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        if context.models is None:
            return
        for direction in (UPGRADE, DOWNGRADE):
            for op in script.operations(direction):
                if op.kind not in ("add_column", "alter_column") or op.target_unknown:
                    continue
                assert op.table is not None and op.column is not None
                model = context.models.get(op.table)
                if model is None or op.column not in model.relationships:
                    continue
                if op.column in model.columns or self._was_real(script, context, op, direction):
                    continue
                verb = "adds" if op.kind == "add_column" else "alters"
                yield self.finding(
                    script,
                    op.span,
                    f"{direction}() {verb} column '{op.table}.{op.column}', but '{op.column}' is "
                    f"a relationship of {model.class_name or op.table}, not a column: "
                    "relationships need no migration; remove this operation",
                )

    @staticmethod
    def _was_real(
        script: RevisionScript, context: LintContext, op: Operation, direction: str
    ) -> bool:
        assert op.table is not None and op.column is not None
        if direction == UPGRADE:
            return context.dropped_later(script, op.table, op.column)
        upgrade_drops = any(
            u.kind == "drop_column" and (u.table, u.column) == (op.table, op.column)
            for u in script.operations(UPGRADE)
        )
        return (
            upgrade_drops
            or column_created_by(script.operations(UPGRADE), op.table, op.column) is not None
            or context.created_column(script, op.table, op.column) is not None
        )
