"""ML303 unknown-revision."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import RevisionScript, Span
from ..graph import RevisionGraph
from .base import Example, Rule
from .graph_examples import PANELS_ROOT, UBER_EMAIL, UBER_ROOT

_UBER_DEPARTMENT = '''"""Make department description unicode

Revision ID: 14bd473f6d8f
Revises: 9c52dd0bad5c
Create Date: 2024-02-12 16:08:33.907712

"""

# revision identifiers, used by Alembic.
revision = '14bd473f6d8f'
down_revision = '9c52dd0bad5c'
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.alter_column('department', 'description', type_=sa.Unicode(), existing_type=sa.String())


def downgrade():
    op.alter_column('department', 'description', type_=sa.String(), existing_type=sa.Unicode())
'''


class UnknownRevision(Rule):
    """A ``down_revision`` or ``depends_on`` that names a revision no file declares.

    **What it flags:** a reference in ``down_revision`` or ``depends_on`` that is neither
    the ``revision`` of a script in a configured versions directory, nor a branch label,
    nor a unique prefix (at least 4 characters) of one revision id.  An ambiguous prefix
    is flagged with the revisions it could mean.  Only checked with a configuration,
    where every plugin's revisions are loaded (without one, the files not given on the
    command line are unknown, not missing).

    **Why:** alembic refuses to load the whole history ("Revision ... referenced from ...
    is not present"): no ``upgrade``, ``downgrade`` or ``revision`` works, in any plugin.
    It happens after a typo, a rebase that renamed or dropped the parent, or a revision
    copied from another project.

    **Instead:** point the reference at an existing revision, usually the head the
    revision was written on (``sep alembic --plugin P heads``), or restore the missing
    revision file.
    """

    code = "ML303"
    name = "unknown-revision"
    severity = Severity.ERROR
    summary = "down_revision or depends_on names a revision that no file declares"
    VALID = (
        Example(_UBER_DEPARTMENT, history=(UBER_ROOT, UBER_EMAIL)),
        Example(
            PANELS_ROOT.replace("depends_on = 'f20480286bfe'", "depends_on = 'uber'"),
            plugin="panels",
            others={"uber": (UBER_ROOT,)},
        ),
        Example(
            _UBER_DEPARTMENT.replace("down_revision = '9c52dd0bad5c'", "down_revision = '9c52dd'"),
            history=(UBER_ROOT, UBER_EMAIL),
        ),
    )
    INVALID = (
        Example(
            _UBER_DEPARTMENT.replace(
                "down_revision = '9c52dd0bad5c'", "down_revision = '9c25dd0bad5c'"
            ),
            history=(UBER_ROOT, UBER_EMAIL),
            line=11,
        ),
        Example(
            PANELS_ROOT.replace("depends_on = 'f20480286bfe'", "depends_on = 'ead71c22ba4c'"),
            plugin="panels",
            others={"uber": (UBER_ROOT, UBER_EMAIL)},
            line=13,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        if context.config is None:
            return  # only the given files are loaded: the others are not known, not missing
        graph = context.graph
        for variable, references in (
            ("down_revision", script.down_revisions),
            ("depends_on", script.depends_on),
        ):
            if variable in script.dynamic_variables:
                continue
            for reference in references:
                if graph.resolve(reference) is None and reference not in graph.unreadable:
                    yield self.finding(
                        script,
                        _span(script, variable),
                        f"{variable} names '{reference}', {_why_unknown(graph, reference)}; "
                        "alembic refuses to load the history: point it at an existing revision "
                        "(the head this revision was written on: sep alembic --plugin "
                        f"{script.plugin or 'P'} heads) or restore the missing revision file",
                    )


def _why_unknown(graph: RevisionGraph, reference: str) -> str:
    matches = sorted(rev for rev in graph.scripts if rev.startswith(reference))
    if len(matches) > 1:
        return f"an ambiguous prefix of {', '.join(repr(rev) for rev in matches)}"
    if matches:
        return f"too short a prefix of '{matches[0]}' (write the full id)"
    close = difflib.get_close_matches(reference, list(graph.scripts), n=1, cutoff=0.8)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"which no revision file declares{hint}"


def _span(script: RevisionScript, variable: str) -> Span:
    span = script.span_of(variable)
    if span is not None:
        return span
    return script.upgrade.span if script.upgrade is not None else Span(1, 1, 1, 1)
