"""ML301 multiple-heads."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import RevisionScript, Span
from ..graph import RevisionGraph
from .base import Example, Rule
from .graph_examples import PANEL_NOTES, PANELS_ROOT, UBER_EMAIL, UBER_ROOT

_PANEL_INDEX = '''"""Index panel applications by name

Revision ID: e70a163f7df9
Revises: 4676384b6c14
Create Date: 2024-03-26 08:47:13.518064

"""

# revision identifiers, used by Alembic.
revision = 'e70a163f7df9'
down_revision = '4676384b6c14'
branch_labels = None
depends_on = None

from alembic import op


def upgrade():
    op.create_index(op.f('ix_panel_application_name'), 'panel_application', ['name'])


def downgrade():
    op.drop_index(op.f('ix_panel_application_name'), table_name='panel_application')
'''
_PANELS_MERGE = '''"""Merge panels branches

Revision ID: 97d7bd571d46
Revises: 6388d306927e, e70a163f7df9
Create Date: 2024-04-02 10:00:27.219986

"""

# revision identifiers, used by Alembic.
revision = '97d7bd571d46'
down_revision = ('6388d306927e', 'e70a163f7df9')
branch_labels = None
depends_on = None

from alembic import op


def upgrade():
    pass


def downgrade():
    pass
'''
_UBER_PRINTED_NAME = '''"""Add badge_printed_name to attendee

Revision ID: 1b7e3a9d0c42
Revises: f20480286bfe
Create Date: 2024-01-23 09:12:40.551027

"""

# revision identifiers, used by Alembic.
revision = '1b7e3a9d0c42'
down_revision = 'f20480286bfe'
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.add_column('attendee', sa.Column('badge_printed_name', sa.Unicode(), server_default='', nullable=False))


def downgrade():
    op.drop_column('attendee', 'badge_printed_name')
'''
_PANELS_ON_EMAIL = PANELS_ROOT.replace("'f20480286bfe'", "'9c52dd0bad5c'")


class MultipleHeads(Rule):
    """A plugin's branch with more than one head: two revisions that nothing builds on.

    **What it flags:** in one plugin's versions directory, revisions that no later revision
    of the same plugin names as its ``down_revision``, when there is more than one of
    them.  Each head is reported on its ``revision =`` line, naming the others.  A
    ``depends_on`` from another plugin's branch does not end a head (alembic's ``heads``
    ignore it too), so a plugin rooted on its parent's head leaves the parent one head.

    **Why:** two heads mean two revisions were written in parallel (two developers, two
    merged pull requests) on the same parent, and neither knows the other.  ``sep alembic
    --plugin P revision`` builds on ``P@head``, which alembic refuses to resolve ("Multiple
    heads are present"), as it refuses ``upgrade P@head`` and relative downgrades; and the
    order in which ``upgrade heads`` runs the two is not defined, so two databases of the
    same code can end up migrated in different orders.

    **Instead:** merge the heads with a merge revision (``down_revision`` is the tuple of
    the heads; it usually needs no operations):
    ``sep alembic --plugin P merge -m "merge P heads" HEAD1 HEAD2``.
    """

    code = "ML301"
    name = "multiple-heads"
    severity = Severity.ERROR
    summary = "a plugin's branch has more than one head and needs a merge revision"
    VALID = (
        Example(
            _PANELS_MERGE,
            plugin="panels",
            history=(PANELS_ROOT, PANEL_NOTES, _PANEL_INDEX),
            others={"uber": (UBER_ROOT,)},
        ),
        Example(
            PANEL_NOTES,
            plugin="panels",
            history=(PANELS_ROOT,),
            others={"uber": (UBER_ROOT,)},
        ),
        Example(
            UBER_EMAIL,
            history=(UBER_ROOT,),
            others={"panels": (_PANELS_ON_EMAIL,)},
        ),
    )
    INVALID = (
        Example(
            PANEL_NOTES,
            plugin="panels",
            history=(PANELS_ROOT,),
            later=(_PANEL_INDEX,),
            others={"uber": (UBER_ROOT,)},
            line=10,
        ),
        Example(
            UBER_EMAIL,
            history=(UBER_ROOT,),
            later=(_UBER_PRINTED_NAME,),
            line=10,
        ),
    )

    _memo: tuple[RevisionGraph, dict[str, tuple[str, ...]]] | None = None

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        graph = context.graph
        plugin, revision = script.plugin, script.revision
        if context.config is None or plugin is None or revision is None:
            return
        canonical = graph.scripts.get(revision)
        if canonical is None or canonical.path != script.path:
            return  # a second file declaring the id: ML304's business
        heads = self._heads(graph).get(plugin, ())
        if len(heads) < 2 or revision not in heads:
            return
        others = [head for head in heads if head != revision]
        named = ", ".join(f"'{head}'" for head in others)
        yield self.finding(
            script,
            _span(script, "revision"),
            f"plugin '{plugin}' has {len(heads)} heads: '{revision}' and {named}; "
            f"'{plugin}@head' is ambiguous until they are merged: "
            f'sep alembic --plugin {plugin} merge -m "merge {plugin} heads" {" ".join(heads)}',
        )

    def _heads(self, graph: RevisionGraph) -> dict[str, tuple[str, ...]]:
        """Each plugin's heads, computed once per graph (plugins whose graph is unclear: none)."""
        if self._memo is None or self._memo[0] is not graph:
            self._memo = (graph, _plugin_heads(graph))
        return self._memo[1]


def _plugin_heads(graph: RevisionGraph) -> dict[str, tuple[str, ...]]:
    """Revisions of each plugin that no revision of the same plugin has as down_revision.

    A plugin with a ``down_revision`` that is dynamic or names no known revision is left
    out: which revision it continues is unknown, so a head cannot be told apart.
    """
    members: dict[str, list[str]] = {}
    continued: set[str] = set()
    unclear: set[str] = set()
    extra = (dup for dups in graph.duplicates.values() for dup in dups[1:])
    for script in (*graph.scripts.values(), *extra):
        plugin = script.plugin
        if plugin is None or script.revision is None:
            continue
        if graph.scripts[script.revision] is script:
            members.setdefault(plugin, []).append(script.revision)
        if "down_revision" in script.dynamic_variables:
            unclear.add(plugin)
            continue
        for reference in script.down_revisions:
            parent = graph.resolve(reference)
            if parent is None:
                unclear.add(plugin)
            elif graph.scripts[parent].plugin == plugin and parent != script.revision:
                continued.add(parent)
    never = len(graph.scripts)
    return {
        plugin: tuple(
            sorted(
                (rev for rev in revisions if rev not in continued),
                key=lambda rev: (graph.order.get(rev, never), rev),
            )
        )
        for plugin, revisions in members.items()
        if plugin not in unclear
    }


def _span(script: RevisionScript, variable: str) -> Span:
    span = script.span_of(variable)
    if span is not None:
        return span
    return script.upgrade.span if script.upgrade is not None else Span(1, 1, 1, 1)
