"""ML101 drop-then-readd-column."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext, column_created_by
from ..diagnostics import Finding, Fix, Severity
from ..facts import DOWNGRADE, UPGRADE, Operation, RevisionScript
from .base import Example, Rule, later_on_same_path
from .fixes import alter_column, fixable, replace_pair


class DropThenReaddColumn(Rule):
    """A column dropped and added back, by name, in the same migration direction.

    **What it flags:** in ``upgrade()`` or ``downgrade()``, on one execution path, a
    ``drop_column`` followed by an ``add_column`` of a column with the same name on the
    same table (plain ``op`` or ``batch_op``).  Operations on different arms of an
    ``if``/``else`` never run together and are not paired.

    **Why:** the column comes back empty: every value it held is gone.  Autogenerate
    writes this when it cannot express a change (often a type change), and the resulting
    schema looks right, so ``pg_dump`` diffs do not show the loss.

    **Instead:** change the column in place with
    ``op.alter_column(table, column, type_=NEW, existing_type=OLD)`` (with
    ``postgresql_using=...`` when the cast needs it), or copy the data into the new column
    with ``op.execute(...)`` before dropping the old one.
    """

    code = "ML101"
    name = "drop-then-readd-column"
    severity = Severity.ERROR
    summary = "a column is dropped and added back in one direction: its data is lost"
    VALID = (
        Example(
            "def upgrade():\n"
            "    op.alter_column('attendee', 'badge_num', type_=sa.Integer(),\n"
            "                    existing_type=sa.Unicode(), postgresql_using='badge_num::integer')\n"
        ),
        Example(
            "def upgrade():\n"
            "    if is_sqlite:\n"
            "        with op.batch_alter_table('attendee') as batch_op:\n"
            "            batch_op.drop_column('badge_num')\n"
            "    else:\n"
            "        op.add_column('attendee', sa.Column('badge_num', sa.Integer()))\n"
        ),
        Example(
            "def upgrade():\n"
            "    op.drop_column('attendee', 'badge_num')\n"
            "\n"
            "def downgrade():\n"
            "    op.add_column('attendee', sa.Column('badge_num', sa.INTEGER(), nullable=True))\n"
        ),
        Example(
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('badge_num', sa.Integer()))\n"
            "    op.drop_column('group', 'badge_num')\n"
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n"
            "    op.drop_column('attendee', 'badge_num')\n"
            "    op.add_column('attendee', sa.Column('badge_num', sa.Integer(), nullable=True))\n",
            line=2,
        ),
        Example(
            "def upgrade():\n"
            "    with op.batch_alter_table('attendee', schema=None) as batch_op:\n"
            "        batch_op.drop_column('badge_num')\n"
            "        batch_op.add_column(sa.Column('badge_num', sa.Integer(), nullable=True))\n",
            line=3,
        ),
        Example(
            "def upgrade():\n"
            "    if is_sqlite:\n"
            "        with op.batch_alter_table('attendee') as batch_op:\n"
            "            batch_op.drop_column('badge_num')\n"
            "    else:\n"
            "        op.drop_column('attendee', 'badge_num')\n"
            "    op.add_column('attendee', sa.Column('badge_num', sa.Integer()))\n",
            line=4,
        ),
        Example(
            "def _swap(table):\n"
            "    op.drop_column(table, 'badge_num')\n"
            "    op.add_column(table, sa.Column('badge_num', sa.Integer()))\n"
            "\n"
            "def upgrade():\n"
            "    _swap('attendee')\n",
            line=2,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        for direction in (UPGRADE, DOWNGRADE):
            operations = script.operations(direction)
            # where each column is added last: a drop with no add after it is skipped without
            # a scan of the rest (which made a 10,000-operation revision quadratic)
            last_add = {
                (op.schema, op.table, op.column): index
                for index, op in enumerate(operations)
                if op.kind == "add_column" and not op.target_unknown
            }
            for index, drop in enumerate(operations):
                if drop.kind != "drop_column" or drop.target_unknown:
                    continue
                if last_add.get((drop.schema, drop.table, drop.column), -1) < index:
                    continue
                readd = later_on_same_path(
                    operations,
                    index,
                    lambda op, drop=drop: (
                        op.kind == "add_column"
                        and not op.target_unknown
                        and (op.schema, op.table, op.column)
                        == (drop.schema, drop.table, drop.column)
                    ),
                )
                if readd is None:
                    continue
                fix = self._fix(script, context, direction, drop, readd)
                yield self.finding(
                    script,
                    drop.span,
                    f"{direction}() drops column '{drop.table}.{drop.column}' and adds it back "
                    f"at line {readd.span.line}: every value in it is lost; change it in place "
                    f"with op.alter_column('{drop.table}', '{drop.column}', type_=..., "
                    "existing_type=...) or copy the data before dropping",
                    fix=fix,
                )

    @staticmethod
    def _fix(
        script: RevisionScript,
        context: LintContext,
        direction: str,
        drop: Operation,
        add: Operation,
    ) -> Fix | None:
        """``alter_column(type_=new, existing_type=old)`` when the old type is known."""
        new = add.column_def.type if add.column_def is not None else None
        if not fixable(drop, add) or new is None or drop.table is None or drop.column is None:
            return None
        other = DOWNGRADE if direction == UPGRADE else UPGRADE
        old_definition = column_created_by(script.operations(other), drop.table, drop.column)
        if old_definition is None and direction == UPGRADE:
            created = context.created_column(script, drop.table, drop.column)
            old_definition = created[1] if created else None
        if old_definition is None or old_definition.type is None:
            return None
        call = alter_column(
            drop, drop.column, type_=new.text, existing_type=old_definition.type.text
        )
        return replace_pair(f"change the type of {drop.column} in place", drop, add, call)
