"""ML204 model-drift."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import UPGRADE, Operation, RevisionScript, Span
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
    operations are skipped, and so is the whole check while a models file does not parse
    (ML001 reports it; half-read models would make every table of it look like drift).

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
        if any(models_file.error is not None for models_file in context.models_files):
            return  # models only partly read: every table of the broken file would "drift"
        models = context.models or {}
        history = context.history
        known = set(history.tables())
        creators = _creators(context)
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
                yield from self._at_revision(context, table, column, creators)
        for table in sorted(known - models.keys()):
            view = history.final(table)
            if view.exists and view.complete and not view.uncertain and view.created_by:
                yield from self._at_revision(context, table, None, creators)

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
        self, context: LintContext, table: str, column: str | None, creators: _Creators
    ) -> Iterator[Finding]:
        """At the last operation that created the table or column."""
        found = creators.get((table, column))
        if found is not None:
            script, op = found
            what = f"column '{table}.{column}'" if column else f"table '{table}'"
            yield self.finding(
                script,
                op.span,
                f"the revisions create {what} but no model declares it: add it to the "
                "models, or drop it in a new revision",
            )


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


_Creators = dict[tuple[str, str | None], tuple[RevisionScript, Operation]]


def _creators(context: LintContext) -> _Creators:
    """(table, column or None) -> the latest revision that creates it and, in it, the first
    operation that does: one pass over every operation (a scan of every revision for each
    drifting column made a 10,000-operation revision quadratic)."""
    creators: _Creators = {}
    for revision in sorted(context.graph.order, key=context.graph.order.__getitem__):
        script = context.graph.scripts[revision]
        seen: set[tuple[str, str | None]] = set()
        for op in script.operations(UPGRADE):
            if op.table is None:
                continue
            keys: list[tuple[str, str | None]] = []
            if op.kind == "create_table":
                keys = [(op.table, None), *((op.table, c.name) for c in op.table_columns)]
            elif op.kind == "add_column" and op.column is not None:
                keys = [(op.table, op.column)]
            for key in keys:
                if key not in seen:
                    seen.add(key)
                    creators[key] = (script, op)
    return creators
