"""ML302 branch-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from ..config import ProjectConfig
from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import RevisionScript, Span
from ..graph import RevisionGraph
from .base import Example, Rule
from .graph_examples import MAGPRIME_ROOT, PANELS_ROOT, UBER_EMAIL, UBER_ROOT

_PANELS_CONTACT = '''"""Add contact_email to panel_application

Revision ID: 3a9f01c27e5d
Revises: 4676384b6c14
Create Date: 2024-02-02 11:20:45.006113

"""

# revision identifiers, used by Alembic.
revision = '3a9f01c27e5d'
down_revision = '4676384b6c14'
branch_labels = None
depends_on = '9c52dd0bad5c'

from alembic import op
import sqlalchemy as sa


def upgrade():
    # copies attendee.email, which uber's 9c52dd0bad5c adds
    op.add_column('panel_application', sa.Column('contact_email', sa.Unicode(), server_default='', nullable=False))


def downgrade():
    op.drop_column('panel_application', 'contact_email')
'''
_UBER_ON_MAGPRIME = '''"""Make badge_printed_name required

Revision ID: 2c8e5f7a91b3
Revises: 45d2ab5acc20
Create Date: 2024-05-06 10:15:12.809244

"""

# revision identifiers, used by Alembic.
revision = '2c8e5f7a91b3'
down_revision = '45d2ab5acc20'
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.alter_column('attendee', 'badge_printed_name', existing_type=sa.Unicode(), nullable=False)


def downgrade():
    op.alter_column('attendee', 'badge_printed_name', existing_type=sa.Unicode(), nullable=True)
'''
_MAGPRIME_ON_PANELS = '''"""Add magprime panel preferences

Revision ID: 8e8f5ddf336c
Revises: 45d2ab5acc20
Create Date: 2024-06-03 09:58:10.240871

"""

# revision identifiers, used by Alembic.
revision = '8e8f5ddf336c'
down_revision = '45d2ab5acc20'
branch_labels = None
depends_on = '4676384b6c14'

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.add_column('attendee', sa.Column('panel_preferences', sa.Unicode(), server_default='', nullable=False))


def downgrade():
    op.drop_column('attendee', 'panel_preferences')
'''
_PANELS_UNROOTED = PANELS_ROOT.replace("depends_on = 'f20480286bfe'", "depends_on = None")


class BranchMismatch(Rule):
    """A revision built on a plugin that is not its own nor an ancestor in the plugin tree.

    **What it flags:** a revision whose ``down_revision`` or ``depends_on`` is a revision
    of a plugin that is neither the revision's own plugin nor one of that plugin's
    ancestors in the configured plugin tree (an ``uber`` revision based on a ``magprime``
    revision; a ``magprime`` revision depending on ``panels``).  And a plugin's first
    revision (``down_revision = None``) that is not rooted on the configured parent
    plugin: no ``depends_on`` names a revision of the parent.  The root plugin's first
    revision needs no ``depends_on``.

    **Why:** each plugin's branch must mirror the plugin tree so that ``upgrade heads``
    applies a parent before its children and an installation without a plugin can still
    upgrade.  A core revision built on a plugin's revision makes the core need that
    plugin; a plugin's first revision with no ``depends_on`` on its parent can run before
    the parent's tables exist, and its foreign keys to them then fail on a fresh database.

    **Instead:** build a revision on its own branch (``sep alembic --plugin P revision``
    builds on ``P@head`` and roots a new plugin's branch with ``depends_on`` = the parent's
    head), or move it into the branch of the plugin whose tables it needs.  A revision
    that needs a newer revision of an ancestor plugin adds that revision to
    ``depends_on``.
    """

    code = "ML302"
    name = "branch-mismatch"
    severity = Severity.ERROR
    summary = "a revision is based on a plugin that is not its own nor an ancestor"
    VALID = (
        Example(PANELS_ROOT, plugin="panels", others={"uber": (UBER_ROOT,)}),
        Example(
            _PANELS_CONTACT,
            plugin="panels",
            history=(PANELS_ROOT,),
            others={"uber": (UBER_ROOT, UBER_EMAIL)},
        ),
        Example(UBER_ROOT),
    )
    INVALID = (
        Example(
            _UBER_ON_MAGPRIME,
            history=(UBER_ROOT,),
            others={"magprime": (MAGPRIME_ROOT,)},
            line=11,
        ),
        Example(
            _MAGPRIME_ON_PANELS,
            plugin="magprime",
            history=(MAGPRIME_ROOT,),
            others={"uber": (UBER_ROOT,), "panels": (PANELS_ROOT,)},
            line=13,
        ),
        Example(_PANELS_UNROOTED, plugin="panels", others={"uber": (UBER_ROOT,)}, line=13),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        config, plugin = context.config, script.plugin
        if config is None or plugin is None or plugin not in config.plugins:
            return
        graph = context.graph
        lineage = config.lineage(plugin)
        mismatched: set[str] = set()
        for variable, references in (
            ("down_revision", script.down_revisions),
            ("depends_on", script.depends_on),
        ):
            if variable in script.dynamic_variables:
                continue
            for reference in references:
                target = graph.resolve(reference)
                if target is None or target == script.revision:
                    continue  # unknown (ML303) or itself (ML307)
                owner = graph.scripts[target].plugin
                if owner is None or owner in lineage:
                    continue
                mismatched.add(variable)
                yield self.finding(
                    script,
                    _span(script, variable, "revision"),
                    f"{variable} '{reference}' is a revision of plugin '{owner}', which is "
                    f"{_not_in_lineage(plugin, lineage)}: {plugin} would need {owner} "
                    f"installed to upgrade; {_advice(variable, plugin, lineage, owner)}",
                )
        if not mismatched:
            yield from self._check_rooted(script, config, graph)

    def _check_rooted(
        self, script: RevisionScript, config: ProjectConfig, graph: RevisionGraph
    ) -> Iterator[Finding]:
        """A first revision (no down_revision) must depend on a revision of the parent."""
        assert script.plugin is not None
        parent = config.plugins[script.plugin].depends_on
        dynamic = script.dynamic_variables
        if (
            parent is None
            or script.down_revisions
            or {"down_revision", "depends_on"} & set(dynamic)
            or script.span_of("revision") is None  # not a revision at all: ML001 says so
        ):
            return
        targets = [graph.resolve(reference) for reference in script.depends_on]
        if None in targets:
            return  # ML303 reports the unknown reference
        if any(graph.scripts[target].plugin == parent for target in targets if target):
            return
        parent_heads = _heads(graph, parent)
        if not parent_heads:
            return  # nothing to root on yet
        suggestion = (
            f"depends_on = '{parent_heads[0]}' ({parent}'s head)"
            if len(parent_heads) == 1
            else f"depends_on = one of {parent}'s revisions ({', '.join(parent_heads)})"
        )
        yield self.finding(
            script,
            _span(script, "depends_on", "down_revision", "revision"),
            f"first revision of plugin '{script.plugin}' is not rooted on its parent plugin "
            f"'{parent}': no depends_on names a revision of {parent}, so `upgrade heads` may run "
            f"it before {parent}'s tables exist; set {suggestion}",
        )


def _not_in_lineage(plugin: str, lineage: list[str]) -> str:
    ancestors = lineage[1:]
    if not ancestors:
        return f"not '{plugin}' (the root of the plugin tree)"
    return f"neither '{plugin}' nor one of its ancestors ({', '.join(ancestors)})"


def _advice(variable: str, plugin: str, lineage: list[str], owner: str) -> str:
    ancestors = lineage[1:]
    if variable == "depends_on":
        allowed = " or ".join(f"'{name}'" for name in lineage)
        return (
            f"depend only on revisions of {allowed}, or move this revision into the "
            f"{owner} branch if it belongs to {owner}"
        )
    base = f'build it on {plugin}\'s own head (sep alembic --plugin {plugin} revision -m "...")'
    if ancestors:
        base += f" or on a revision of {', '.join(ancestors)}"
    return f'{base}, or move it into the {owner} branch: sep alembic --plugin {owner} revision -m "..."'


def _heads(graph: RevisionGraph, plugin: str) -> list[str]:
    """The plugin's revisions that no revision of the same plugin continues, oldest first."""
    members = [rev for rev, script in graph.scripts.items() if script.plugin == plugin]
    continued = {
        parent
        for rev in members
        for reference in graph.scripts[rev].down_revisions
        if (parent := graph.resolve(reference)) is not None
        and graph.scripts[parent].plugin == plugin
    }
    never = len(graph.scripts)
    heads = [rev for rev in members if rev not in continued]
    return sorted(heads, key=lambda rev: (graph.order.get(rev, never), rev))


def _span(script: RevisionScript, *variables: str) -> Span:
    for variable in variables:
        span = script.span_of(variable)
        if span is not None:
            return span
    return script.upgrade.span if script.upgrade is not None else Span(1, 1, 1, 1)
