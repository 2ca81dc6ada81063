"""ML304 duplicate-revision."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import RevisionScript, Span
from .base import Example, Rule
from .graph_examples import UBER_EMAIL, UBER_ROOT

# A copy of the revision above, edited into a new migration without a new id.
_UBER_PHONE_COPY = '''"""Add cellphone to attendee

Revision ID: 9c52dd0bad5c
Revises: f20480286bfe
Create Date: 2024-01-29 17:30:02.114356

"""

# revision identifiers, used by Alembic.
revision = '9c52dd0bad5c'
down_revision = 'f20480286bfe'
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.add_column('attendee', sa.Column('cellphone', sa.Unicode(), server_default='', nullable=False))


def downgrade():
    op.drop_column('attendee', 'cellphone')
'''
_UBER_PHONE = (
    _UBER_PHONE_COPY.replace("9c52dd0bad5c", "b1e0c4f8a27d")
    .replace("down_revision = 'f20480286bfe'", "down_revision = '9c52dd0bad5c'")
    .replace("Revises: f20480286bfe", "Revises: 9c52dd0bad5c")
)


class DuplicateRevision(Rule):
    """Two revision files that declare the same revision id.

    **What it flags:** a script whose ``revision`` is already declared by another file in
    any plugin's versions directory.  The first file (in plugin order, then by path) is
    taken as the revision; every later one is reported, naming the first.

    **Why:** alembic keys revisions by id: it warns "Revision ... is present more than
    once" and keeps only one of the files, so the other's operations silently never run
    (or run on one machine and not another, depending on which file it loads last), and
    every ``down_revision`` naming the id points at whichever file won.  It happens when a
    revision file is copied to start a new one.

    **Instead:** give the later file a new id (``revision`` and the docstring's
    ``Revision ID``, and its file name), then point the revisions meant to build on it at
    the new id; or create it afresh with ``sep alembic --plugin P revision -m "..."`` and
    move the operations over.
    """

    code = "ML304"
    name = "duplicate-revision"
    severity = Severity.ERROR
    summary = "two revision files declare the same revision id"
    VALID = (
        Example(_UBER_PHONE, history=(UBER_ROOT, UBER_EMAIL)),
        Example(UBER_EMAIL, history=(UBER_ROOT,), later=(_UBER_PHONE,)),
    )
    INVALID = (
        Example(_UBER_PHONE_COPY, history=(UBER_ROOT, UBER_EMAIL), line=10),
        Example(
            _UBER_PHONE_COPY,
            plugin="magprime",
            others={"uber": (UBER_ROOT, UBER_EMAIL)},
            line=10,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        if script.revision is None:
            return
        declared = context.graph.duplicates.get(script.revision)
        if not declared or declared[0].path == script.path:
            return
        if not any(other.path == script.path for other in declared):
            return
        first = declared[0]
        where = _display(first.path, context)
        owner = f" (plugin {first.plugin})" if first.plugin else ""
        also = [_display(o.path, context) for o in declared[1:] if o.path != script.path]
        more = f" and by {', '.join(also)}" if also else ""
        yield self.finding(
            script,
            _span(script),
            f"revision id '{script.revision}' is already declared by {where}{owner}{more}: "
            "alembic keeps only one of them and the other never runs; give this file a new "
            "id (revision, its docstring and file name) and point the revisions that build "
            "on it at the new id",
        )


def _display(path: str, context: LintContext) -> str:
    """``path`` relative to the project root (or the current directory) when under it."""
    base = str(context.config.root) if context.config is not None else os.getcwd()
    try:
        relative = os.path.relpath(path, base)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


def _span(script: RevisionScript) -> Span:
    span = script.span_of("revision")
    if span is not None:
        return span
    return script.upgrade.span if script.upgrade is not None else Span(1, 1, 1, 1)
