"""ML902 unused-suppression."""

from __future__ import annotations

from ..diagnostics import Severity
from .base import Example, Rule


class UnusedSuppression(Rule):
    """A suppression comment that silences nothing.

    **What it flags:** ``# migration-lint: ignore[CODE]`` where no CODE finding is on the
    flagged code's lines (for a comment on a line of its own: the next line of code), and
    ``ignore-file[CODE]`` in a file with no CODE finding.  Only codes of rules that ran
    count, so ``--select`` does not make other suppressions look unused.

    **Why:** a stale suppression hides the next real problem written on that line, and
    tells readers a hazard exists where there is none.  Often it means the comment is on
    the wrong line and the finding it was meant for is still reported.

    **Instead:** delete the comment, or move it onto (or directly above) the flagged call.
    """

    code = "ML902"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "a suppression comment silences nothing"
    needs_all_rules = True  # whether it is used depends on the other rules' findings
    VALID = (
        Example(
            "def upgrade():\n"
            "    op.drop_column('attendee', 'badge_num')  # migration-lint: ignore[ML105] unused since 2019\n"
        ),
        Example(
            "# migration-lint: ignore-file[ML105] legacy clean-up, reviewed in #4821\n"
            "def upgrade():\n"
            "    op.drop_column('attendee', 'badge_num')\n"
            "    op.drop_column('attendee', 'badge_printed_name')\n"
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n"
            "    # migration-lint: ignore[ML101] data copied first\n"
            "    op.add_column('attendee', sa.Column('pronouns', sa.Unicode(), nullable=True))\n",
            line=2,
        ),
        Example(
            "# migration-lint: ignore-file[ML105] nothing is dropped here any more\n"
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('pronouns', sa.Unicode(), nullable=True))\n",
            line=1,
        ),
    )
