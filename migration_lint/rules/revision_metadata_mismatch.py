"""ML306 revision-metadata-mismatch."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import RevisionScript, Span
from .base import Example, Rule
from .graph_examples import UBER_EMAIL, UBER_MERGE, UBER_ROOT

_FILE_ID = re.compile(r"^([0-9a-f]{12})_")
_REVISES_ID = re.compile(r"[^\s,'\"()\[\]]+")

_UBER_PHONE = '''"""Add cellphone to attendee

Revision ID: b1e0c4f8a27d
Revises: f20480286bfe
Create Date: 2024-01-29 17:30:02.114356

"""

# revision identifiers, used by Alembic.
revision = 'b1e0c4f8a27d'
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


class RevisionMetadataMismatch(Rule):
    """A revision's docstring or file name that disagrees with its revision variables.

    **What it flags:** a docstring whose ``Revision ID:`` is not the ``revision``
    variable, or whose ``Revises:`` (comma-separated ids; empty means none) is not the
    ``down_revision``; and a file name that starts with a 12-hex-digit revision id and
    ``_`` (alembic's ``<rev>_<slug>.py``) whose id is not the ``revision``.

    **Why:** alembic reads only the variables, but people read the header and the file
    name: in review, in ``git log``, when looking for the file of a revision named in an
    error.  They disagree after a revision was copied to start a new one, or rebased onto
    another parent by editing ``down_revision`` alone; the header then hides the revision's
    real place in the history, and the file of a revision cannot be found by its id.

    **Instead:** make them agree with the variables (or fix the variable, if the header
    was the one right): edit ``Revision ID:``/``Revises:`` and rename the file to
    ``<revision>_<slug>.py``.
    """

    code = "ML306"
    name = "revision-metadata-mismatch"
    severity = Severity.WARNING
    summary = "the docstring's Revision ID/Revises or the file name disagree with the variables"
    VALID = (
        Example(UBER_EMAIL, history=(UBER_ROOT,), filename="9c52dd0bad5c_add_email_to_attendee.py"),
        Example(UBER_MERGE, history=(UBER_ROOT, UBER_EMAIL, _UBER_PHONE)),
        Example(UBER_ROOT, filename="f20480286bfe_initial_migration.py"),
    )
    INVALID = (
        Example(
            _UBER_PHONE.replace("revision = 'b1e0c4f8a27d'", "revision = '7d04e2a9c5f1'"),
            history=(UBER_ROOT,),
            line=10,
        ),
        Example(
            _UBER_PHONE.replace("down_revision = 'f20480286bfe'", "down_revision = '9c52dd0bad5c'"),
            history=(UBER_ROOT, UBER_EMAIL),
            line=11,
        ),
        Example(
            _UBER_PHONE,
            history=(UBER_ROOT,),
            filename="9c52dd0bad5c_add_cellphone_to_attendee.py",
            line=10,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        revision = script.revision
        if revision is not None and "revision" not in script.dynamic_variables:
            span = _span(script, "revision")
            documented = script.doc_revision_id
            # an empty "Revision ID:" lets the parser's pattern run on into the next line
            if documented and not documented.endswith(":") and documented != revision:
                yield self.finding(
                    script,
                    span,
                    f"the docstring says 'Revision ID: {documented}' but revision = "
                    f"'{revision}': alembic uses the variable; make the docstring say "
                    f"'Revision ID: {revision}' (or fix the variable if the docstring is right)",
                )
            name = os.path.basename(script.path)
            match = _FILE_ID.match(name)
            if match is not None and match.group(1) != revision:
                slug = name[len(match.group(0)) :]
                yield self.finding(
                    script,
                    span,
                    f"the file name starts with revision id '{match.group(1)}' but revision = "
                    f"'{revision}': rename the file to '{revision}_{slug}' so that the "
                    "revision's file can be found by its id",
                )
        if script.doc_revises is not None and "down_revision" not in script.dynamic_variables:
            documented_parents = [
                ref for ref in _REVISES_ID.findall(script.doc_revises) if ref != "None"
            ]
            if set(documented_parents) != set(script.down_revisions):
                actual = _format(script.down_revisions)
                yield self.finding(
                    script,
                    _span(script, "down_revision"),
                    f"the docstring says 'Revises: {script.doc_revises}' but down_revision = "
                    f"{actual}: alembic uses the variable; make the docstring say 'Revises: "
                    f"{', '.join(script.down_revisions)}' (or fix the variable if the docstring "
                    "is right)",
                )


def _format(references: tuple[str, ...]) -> str:
    if not references:
        return "None"
    if len(references) == 1:
        return repr(references[0])
    return repr(references)


def _span(script: RevisionScript, variable: str) -> Span:
    span = script.span_of(variable)
    if span is not None:
        return span
    return script.upgrade.span if script.upgrade is not None else Span(1, 1, 1, 1)
