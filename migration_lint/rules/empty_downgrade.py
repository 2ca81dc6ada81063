"""ML402 empty-downgrade."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import RevisionScript
from .base import Example, Rule


class EmptyDowngrade(Rule):
    """A ``downgrade()`` that does nothing, or only raises, under an upgrade that does.

    **What it flags:** ``downgrade()`` whose whole body is ``pass``, ``...`` or a
    docstring, or a single ``raise`` (``raise NotImplementedError(...)``), in a revision
    whose ``upgrade()`` does something.  A merge revision (both functions empty) is
    fine.  Shown only with ``--select`` or ``--strict``: an irreversible migration can be
    a deliberate choice.

    **Why:** ``alembic downgrade`` past an empty downgrade reports success and stamps the
    older revision while the schema stays upgraded: the next ``upgrade`` then fails (the
    column or table already exists) or, worse, runs against a schema it does not expect.
    A downgrade that raises is honest, but it blocks every downgrade across this revision,
    including the round trip that ``sep alembic verify`` runs.

    **Instead:** write the inverse operations (autogenerate writes them; keep them when
    you edit the upgrade).  When the change really cannot be undone (data was deleted or
    merged), raise with a message that says why and what to do instead, so the choice is
    documented, and select this rule to review such revisions.
    """

    code = "ML402"
    name = "empty-downgrade"
    severity = Severity.INFO
    summary = "downgrade() is empty or only raises while upgrade() changes the database"
    VALID = (
        Example(
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('email', sa.Unicode(), nullable=True))\n"
            "\n"
            "def downgrade():\n"
            "    op.drop_column('attendee', 'email')\n"
        ),
        Example(
            # a merge revision: nothing to do in either direction
            "revision = '97d7bd571d46'\n"
            "down_revision = ('4676384b6c14', 'e70a163f7df9')\n"
            "\n"
            "def upgrade():\n"
            "    pass\n"
            "\n"
            "def downgrade():\n"
            "    pass\n"
        ),
        Example(
            # the downgrade does its work in code the linter cannot see: not empty
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('email', sa.Unicode(), nullable=True))\n"
            "\n"
            "def downgrade():\n"
            "    helpers.drop_email_column()\n"
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('email', sa.Unicode(), nullable=True))\n"
            "\n"
            "def downgrade():\n"
            "    pass\n",
            line=4,
        ),
        Example(
            "def upgrade():\n"
            "    op.execute(\"DELETE FROM attendee WHERE badge_status = 'invalid'\")\n"
            "\n"
            "def downgrade():\n"
            "    raise NotImplementedError('deleted attendees cannot be restored')\n",
            line=4,
        ),
        Example(
            "def upgrade():\n"
            "    op.drop_column('attendee', 'assigned_depts')\n"
            "\n"
            "def downgrade():\n"
            '    """Nothing to do."""\n'
            "    ...\n",
            line=4,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        upgrade, downgrade = script.upgrade, script.downgrade
        if upgrade is None or downgrade is None or upgrade.is_empty or upgrade.only_raises:
            return
        if downgrade.is_empty:
            yield self.finding(
                script,
                downgrade.span,
                "downgrade() does nothing while upgrade() changes the database: `alembic "
                "downgrade` past this revision succeeds and leaves the schema upgraded; "
                "write the inverse operations, or raise with the reason if it cannot be "
                "undone",
            )
        elif downgrade.only_raises:
            yield self.finding(
                script,
                downgrade.span,
                "downgrade() only raises: no downgrade can cross this revision (nor can "
                "`sep alembic verify`'s round trip); write the inverse operations if the "
                "change can be undone",
            )
