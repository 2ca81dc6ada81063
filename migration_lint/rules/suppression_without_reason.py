"""ML901 suppression-without-reason."""

from __future__ import annotations

from ..diagnostics import Severity
from .base import Example, Rule


class SuppressionWithoutReason(Rule):
    """A ``# migration-lint: ignore[...]`` comment that does not say why.

    **What it flags:** a suppression comment with nothing after its closing bracket (or
    only the ``<reason>`` placeholder the editor's quick fix inserts).  The suppression
    still silences its codes; this finding asks for the reason.

    **Why:** a suppression is a decision that a data-loss warning does not apply.  The next
    person to touch the revision (or to review the pull request) needs to know what makes
    it safe, such as "data copied to length_text in 3f2a9c first".

    **Instead:** write the reason after the brackets:
    ``# migration-lint: ignore[ML101] data copied to length_text first``.
    """

    code = "ML901"
    name = "suppression-without-reason"
    severity = Severity.WARNING
    summary = "a suppression comment gives no reason"
    needs_all_rules = True  # applied after the rules it silences (suppression_check)
    VALID = (
        Example(
            "def upgrade():\n"
            "    # migration-lint: ignore[ML105] column unused since 2019, checked in prod\n"
            "    op.drop_column('attendee', 'badge_num')\n"
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n"
            "    op.drop_column('attendee', 'badge_num')  # migration-lint: ignore[ML105]\n",
            line=2,
        ),
        Example(
            "def upgrade():\n"
            "    # migration-lint: ignore[ML105] -\n"
            "    op.drop_column('attendee', 'badge_num')\n",
            line=2,
        ),
        Example(
            "def upgrade():\n"
            "    # migration-lint: ignore[ML105] <reason>\n"
            "    op.drop_column('attendee', 'badge_num')\n",
            line=2,
        ),
    )
