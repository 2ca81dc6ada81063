"""ML103 rename-as-drop-add."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from difflib import SequenceMatcher

from ..context import LintContext, column_created_by
from ..diagnostics import Finding, Severity
from ..facts import DOWNGRADE, UPGRADE, Operation, RevisionScript, TypeRef
from ..types import type_key
from .base import Example, Rule
from .fixes import alter_column, fixable, replace_pair

_MIN_SIMILARITY = 0.6
_HISTORY = (
    "def upgrade():\n"
    "    op.create_table('event', sa.Column('id', sa.Integer(), primary_key=True),\n"
    "                    sa.Column('track', sa.Unicode(), nullable=True))\n"
)


class RenameAsDropAdd(Rule):
    """A rename written as dropping one column and adding another of the same type.

    **What it flags:** in one direction, on one table, a column dropped and another
    column of the same type added (either order), on one execution path.  Types compare
    after normalisation (``sa.VARCHAR(length=20)`` ~ ``sa.String(20)``,
    ``sa.INTEGER()`` ~ ``sa.Integer()``).  ``drop_column`` carries no type, so the dropped
    column's type comes from the same file's other direction (autogenerate re-adds it
    there with its reflected type) or from the earlier revision that created it.  When the
    table has one drop and one add, any names pair; when it has more, only similar names
    do (``track``/``tracks``, not ``location``/``category``), most similar first.

    **Why:** autogenerate cannot see renames; it writes drop+add, and every value of the
    old column is lost while the new one starts empty.

    **Instead:** ``op.alter_column(table, old, new_column_name=new)`` (and the reverse in
    ``downgrade()``), which keeps the data.
    """

    code = "ML103"
    name = "rename-as-drop-add"
    severity = Severity.WARNING
    summary = "a column dropped and another of the same type added: a rename that loses data"
    VALID = (
        Example(
            "def upgrade():\n"
            "    op.alter_column('event', 'track', new_column_name='tracks')\n"
            "\n"
            "def downgrade():\n"
            "    op.alter_column('event', 'tracks', new_column_name='track')\n"
        ),
        Example(
            "def upgrade():\n"
            "    op.add_column('event', sa.Column('location_id', sa.Integer(), nullable=True))\n"
            "    op.drop_column('event', 'location')\n"
            "\n"
            "def downgrade():\n"
            "    op.add_column('event', sa.Column('location', sa.VARCHAR(), nullable=True))\n"
            "    op.drop_column('event', 'location_id')\n"
        ),
        Example(
            "def upgrade():\n"
            "    op.add_column('event', sa.Column('tracks', sa.Unicode(), nullable=True))\n"
            "    op.drop_column('event', 'track')\n",
        ),
    )
    INVALID = (
        Example(
            # ubersystem's "Move event locations to DB", shortened: only track -> tracks
            # pairs; location (INTEGER) and category (Integer) are unrelated.
            "def upgrade():\n"
            "    op.add_column('event', sa.Column('event_location_id', residue.UUID(), nullable=True))\n"
            "    op.add_column('event', sa.Column('category', sa.Integer(), nullable=True))\n"
            "    op.add_column('event', sa.Column('tracks', sa.Unicode(), server_default='', nullable=False))\n"
            "    op.drop_column('event', 'location')\n"
            "    op.drop_column('event', 'track')\n"
            "\n"
            "def downgrade():\n"
            "    op.add_column('event', sa.Column('location', sa.INTEGER(), autoincrement=False, nullable=True))\n"
            "    op.add_column('event', sa.Column('track', sa.VARCHAR(), server_default=sa.text(\"''::character varying\"), autoincrement=False, nullable=False))\n"
            "    op.drop_column('event', 'tracks')\n"
            "    op.drop_column('event', 'category')\n"
            "    op.drop_column('event', 'event_location_id')\n",
            line=6,
        ),
        Example(
            "def upgrade():\n"
            "    op.add_column('event', sa.Column('tracks', sa.Unicode(), nullable=True))\n"
            "    op.drop_column('event', 'track')\n"
            "\n"
            "def downgrade():\n"
            "    op.add_column('event', sa.Column('track', sa.VARCHAR(), autoincrement=False,"
            " nullable=True))\n"
            "    op.drop_column('event', 'tracks')\n",
            line=3,
        ),
        Example(
            "def upgrade():\n"
            "    with op.batch_alter_table('event') as batch_op:\n"
            "        batch_op.drop_column('track')\n"
            "        batch_op.add_column(sa.Column('track_name', sa.String(length=40)))\n",
            history=(
                "def upgrade():\n"
                "    op.add_column('event', sa.Column('track', sa.VARCHAR(length=40)))\n",
            ),
            line=3,
        ),
        Example(
            "def upgrade():\n"
            "    op.drop_column('event', 'track')\n"
            "    op.add_column('event', sa.Column('tracks', sa.Unicode(), nullable=True))\n",
            history=(_HISTORY,),
            line=2,
        ),
        Example(
            "def upgrade():\n"
            "    op.drop_column('group', 'cost')\n"
            "    op.add_column('group', sa.Column('price', sa.Integer(), nullable=True))\n"
            "\n"
            "def downgrade():\n"
            "    op.add_column('group', sa.Column('cost', sa.INTEGER(), nullable=True))\n"
            "    op.drop_column('group', 'price')\n",
            line=2,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        for direction in (UPGRADE, DOWNGRADE):
            other = DOWNGRADE if direction == UPGRADE else UPGRADE
            operations = script.operations(direction)
            drops = [op for op in operations if op.kind == "drop_column" and not op.target_unknown]
            adds = [
                op
                for op in operations
                if op.kind == "add_column" and not op.target_unknown and op.column_def is not None
            ]
            candidates: list[tuple[float, int, Operation, Operation, TypeRef]] = []
            # counted once (a count per candidate pair was quadratic on long revisions)
            tables = Counter((op.schema, op.table) for op in (*drops, *adds))
            for drop in drops:
                dropped_type = self._dropped_type(script, context, drop, other)
                if dropped_type is None:
                    continue
                for add in adds:
                    assert add.column_def is not None
                    added_type = add.column_def.type
                    if (
                        (add.schema, add.table) != (drop.schema, drop.table)
                        or add.column == drop.column
                        or add.exclusive_with(drop)
                        or added_type is None
                        or type_key(added_type) != type_key(dropped_type)
                    ):
                        continue
                    similarity = SequenceMatcher(None, drop.column or "", add.column or "").ratio()
                    if tables[(drop.schema, drop.table)] > 2 and similarity < _MIN_SIMILARITY:
                        continue
                    candidates.append((-similarity, drop.span.line, drop, add, added_type))
            used: set[int] = set()
            for _, _, drop, add, added_type in sorted(candidates, key=lambda c: (c[0], c[1])):
                if id(drop) in used or id(add) in used:
                    continue
                used.update((id(drop), id(add)))
                fix = None
                if fixable(drop, add) and drop.column and add.column:
                    call = alter_column(
                        drop,
                        drop.column,
                        new_column_name=repr(add.column),
                        existing_type=self._dropped_type(script, context, drop, other).text,
                    )
                    fix = replace_pair(f"rename {drop.column} to {add.column}", drop, add, call)
                yield self.finding(
                    script,
                    drop.span,
                    f"{direction}() drops column '{drop.table}.{drop.column}' and adds "
                    f"'{add.column}' of the same type ({type_key(added_type)}) at line "
                    f"{add.span.line}: if this is a rename, the data is lost; use "
                    f"op.alter_column('{drop.table}', '{drop.column}', "
                    f"new_column_name='{add.column}')",
                    fix=fix,
                )

    @staticmethod
    def _dropped_type(
        script: RevisionScript, context: LintContext, drop: Operation, other: str
    ) -> TypeRef | None:
        assert drop.table is not None and drop.column is not None
        definition = column_created_by(script.operations(other), drop.table, drop.column)
        if definition is None and other == DOWNGRADE:
            created = context.created_column(script, drop.table, drop.column)
            definition = created[1] if created else None
        return definition.type if definition is not None else None
