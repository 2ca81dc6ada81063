"""ML202 wrong-plugin."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import DOWNGRADE, UPGRADE, Operation, RevisionScript
from .base import Example, Rule

_COLUMN_KINDS = frozenset({"add_column", "drop_column", "alter_column"})
_TABLE_KINDS = frozenset({"create_table", "drop_table", "rename_table"})
_MODELS = {
    "uber": "class Attendee(MagModel):\n    first_name = Column(Unicode)\n",
    "panels": (
        "class PanelApplication(MagModel):\n"
        "    name = Column(Unicode)\n"
        "\n"
        "@Session.model_mixin\n"
        "class Attendee:\n"
        "    panel_notes = Column(Unicode)\n"
    ),
}


class WrongPlugin(Rule):
    """A revision that changes a table or column another plugin owns.

    **What it flags:** a revision in plugin P's versions directory that creates, alters or
    drops a table or column owned by plugin Q.  A table belongs to the plugin whose models
    declare its class; a column to the plugin that declares it (a mixin's columns belong
    to the plugin that declares the mixin).  A column no model declares any more belongs
    to the plugin whose revision created it.

    **Why:** ``sep alembic --plugin P revision --autogenerate`` run with the wrong plugin
    writes Q's changes into P's branch: Q's schema then depends on P being installed, and
    the migrations run in the wrong order for installations without P.

    **Instead:** move the operation into a revision of Q's branch:
    ``sep alembic --plugin Q revision --autogenerate -m "..."``.
    """

    code = "ML202"
    name = "wrong-plugin"
    severity = Severity.ERROR
    summary = "a revision changes a table or column owned by another plugin"
    needs_models = True
    VALID = (
        Example(
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('panel_notes', sa.Unicode()))\n",
            plugin="panels",
            models=_MODELS,
        ),
        Example(
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('first_name', sa.Unicode()))\n",
            models=_MODELS,
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n"
            "    op.add_column('panel_application', sa.Column('length', sa.Integer()))\n",
            plugin="magprime",
            models=_MODELS,
            line=2,
        ),
        Example(
            "def upgrade():\n"
            "    with op.batch_alter_table('attendee') as batch_op:\n"
            "        batch_op.add_column(sa.Column('panel_notes', sa.Unicode()))\n",
            plugin="uber",
            models=_MODELS,
            line=3,
        ),
        Example(
            "def upgrade():\n    op.drop_table('panel_application')\n",
            plugin="uber",
            models=_MODELS,
            line=2,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        if context.models is None or script.plugin is None:
            return
        for direction in (UPGRADE, DOWNGRADE):
            for op in script.operations(direction):
                owner = self._owner(script, context, op)
                if owner is None or owner == script.plugin:
                    continue
                what = f"column '{op.table}.{op.column}'" if op.column else f"table '{op.table}'"
                yield self.finding(
                    script,
                    op.span,
                    f"revision in plugin '{script.plugin}' changes {what}, which plugin "
                    f"'{owner}' owns; put it in the {owner} branch: "
                    f'sep alembic --plugin {owner} revision --autogenerate -m "..."',
                )

    @staticmethod
    def _owner(script: RevisionScript, context: LintContext, op: Operation) -> str | None:
        assert context.models is not None
        if op.target_unknown or op.table is None:
            return None
        model = context.models.get(op.table)
        if op.kind in _TABLE_KINDS:
            return model.plugin if model is not None else None
        if op.kind not in _COLUMN_KINDS or op.column is None:
            return None
        if model is not None and op.column in model.columns:
            return model.columns[op.column]
        created = context.created_column(script, op.table, op.column)
        if created is not None:
            return created[0].plugin
        if op.kind == "add_column" and model is not None:
            return model.plugin  # a column nobody declares, added to another plugin's table
        return None
