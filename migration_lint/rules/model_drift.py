"""ML204 model-drift."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import UPGRADE, Span
from .base import Example, Rule

_MODELS = {
    "uber": "class Attendee(MagModel):\n    __tablename__ = 'attendee'\n    id = Column(Integer, primary_key=True)\n    email = Column(Unicode)\n"
}
_CREATE = "def upgrade():\n    op.create_table('attendee', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('email', sa.Unicode()))\n"


class ModelDrift(Rule):
    """The revisions' schema at the heads and the models disagree.

    **What it flags:** a table or column the models declare that no revision creates
    (reported at the model's class), and one the revisions create that no model declares
    (reported where the revision creates it). Tables whose history involves dynamic
    operations are skipped.

    **Why:** "alembic will sometimes miss ALTER statements": the database built by the
    migrations is not the one the code expects. This is the static counterpart of
    ``alembic check`` (and of ``sep alembic verify``), found before any database is touched.

    **Instead:** generate the missing revision for the plugin that owns the object
    (``sep alembic --plugin P revision --autogenerate``), or remove what no model needs.
    """

    code = "ML204"
    name = "model-drift"
    severity = Severity.WARNING
    summary = "models and the revisions' schema at the heads disagree"
    needs_models = True
    VALID = (Example(_CREATE, models=_MODELS),)
    INVALID = (
        Example(
            _CREATE
            + "    op.create_table('badge', sa.Column('id', sa.Integer(), primary_key=True))\n",
            models=_MODELS,
            line=3,
        ),
        Example(
            _CREATE + "    op.add_column('attendee', sa.Column('nickname', sa.Unicode()))\n",
            models=_MODELS,
            line=3,
        ),
    )

    def check_project(self, context: LintContext) -> Iterator[Finding]:
        models = context.models or {}
        history = context.history
        known = set(history.tables())
        for table, model in sorted(models.items()):
            view = history.final(table)
            if view.uncertain:
                continue
            if not view.exists:
                if table in known or not known:
                    continue  # dropped on purpose later, or a project without revisions
                yield self._at_model(context, table, model.plugin, f"table '{table}'")
                continue
            if view.complete:
                for column in sorted(model.columns.keys() - view.columns.keys()):
                    yield self._at_model(
                        context, table, model.columns[column], f"column '{table}.{column}'"
                    )
            for column in sorted(view.columns.keys() - model.columns.keys()):
                if column in model.relationships:
                    continue  # ML201's business: a relationship made a column
                yield from self._at_revision(context, table, column)
        for table in sorted(known - models.keys()):
            view = history.final(table)
            if view.exists and view.complete and not view.uncertain and view.created_by:
                yield from self._at_revision(context, table, None)

    def _at_model(self, context: LintContext, table: str, plugin: str, what: str) -> Finding:
        model = (context.models or {})[table]
        path, span = _declaration(context, model.class_name, table)
        return Finding(
            path=path,
            line=span.line,
            col=span.col,
            end_line=span.end_line,
            end_col=span.end_col,
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=f"the models declare {what} but no revision creates it: run "
            f'sep alembic --plugin {plugin} revision --autogenerate -m "..." and review it',
            plugin=plugin,
        )

    def _at_revision(
        self, context: LintContext, table: str, column: str | None
    ) -> Iterator[Finding]:
        """At the last operation that created the table or column."""
        for revision in sorted(
            context.graph.order, key=context.graph.order.__getitem__, reverse=True
        ):
            script = context.graph.scripts[revision]
            for op in script.operations(UPGRADE):
                created = (op.kind == "create_table" and op.table == table and column is None) or (
                    column is not None
                    and op.table == table
                    and (
                        (op.kind == "add_column" and op.column == column)
                        or (
                            op.kind == "create_table"
                            and any(c.name == column for c in op.table_columns)
                        )
                    )
                )
                if created:
                    what = f"column '{table}.{column}'" if column else f"table '{table}'"
                    yield self.finding(
                        script,
                        op.span,
                        f"the revisions create {what} but no model declares it: add it to the "
                        "models, or drop it in a new revision",
                    )
                    return


def _declaration(context: LintContext, class_name: str | None, table: str) -> tuple[str, Span]:
    """Where the models declare a table: its class, or its Table(...)."""
    for models_file in context.models_files:
        for cls in models_file.classes:
            if cls.name == class_name and cls.mixin_target is None:
                return models_file.path, cls.span
        for declared in models_file.tables:
            if declared.name == table:
                return models_file.path, declared.span
    return (context.models_files[0].path if context.models_files else "", Span(1, 1, 1, 1))
