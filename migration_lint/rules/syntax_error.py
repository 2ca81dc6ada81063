"""ML001 syntax-error."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import RevisionScript, Span
from .base import Example, Rule

_LEGACY_NAME = re.compile(r"[a-f0-9]+\.py$")  # alembic takes such a file's id from its name


class SyntaxErrorRule(Rule):
    """A revision script that cannot be read as Python.

    **What it flags:** a file that does not parse (syntax error, undecodable bytes, a
    file that cannot be read), and a file in a versions directory that declares no
    ``revision`` (an empty file, a stray helper module), which alembic cannot load either.
    The linter reports where and goes on with every other file.

    **Why:** alembic loads every script of every versions directory before it runs any of
    them; one broken file stops ``upgrade`` for the whole application, in every plugin.

    **Instead:** fix the file; ``python -m py_compile FILE`` shows the same error.
    """

    code = "ML001"
    name = "syntax-error"
    severity = Severity.ERROR
    summary = "the file cannot be read: it does not parse or decode, or declares no revision"
    VALID = (Example("def upgrade():\n    op.drop_column('attendee', 'badge_num')\n"),)
    INVALID = (
        Example(
            "def upgrade():\n    op.add_column('attendee', sa.Column('x', sa.Integer()\n", line=2
        ),
        Example("print 'python 2'\n", line=1),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        error = script.error
        if error is not None:
            yield self.finding(
                script, Span(error.line, error.col, error.line, error.col + 1), error.message
            )
        elif (
            script.plugin is not None  # in a configured versions directory
            and script.span_of("revision") is None
            and not _LEGACY_NAME.match(os.path.basename(script.path))
        ):
            # alembic: "Could not determine revision id from filename ...", for every command
            yield self.finding(
                script,
                Span(1, 1, 1, 2),
                "no 'revision' variable: alembic cannot load this file, and so no command "
                "works (\"Could not determine revision id from filename\"); declare revision "
                "and down_revision, or move the file out of the versions directory",
            )
