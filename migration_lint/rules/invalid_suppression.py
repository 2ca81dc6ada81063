"""ML903 invalid-suppression-code."""

from __future__ import annotations

from ..diagnostics import Severity
from .base import Example, Rule


class InvalidSuppressionCode(Rule):
    """A suppression comment whose rule code is unknown or missing.

    **What it flags:** ``# migration-lint: ignore[ML999] ...`` (no such rule),
    ``ignore[ML10] ...`` (codes are exact, not prefixes) and ``ignore reason`` with no
    brackets at all.

    **Why:** such a comment silences nothing, yet reads as if a hazard had been reviewed;
    a typo in the code leaves the real finding reported (or, worse, hides the typo until a
    later rule gets that code).

    **Instead:** name the exact code shown in the finding (``sep alembic lint
    --list-rules`` lists them): ``# migration-lint: ignore[ML101] reason``.
    """

    code = "ML903"
    name = "invalid-suppression-code"
    severity = Severity.WARNING
    summary = "a suppression comment names an unknown rule code, or none"
    needs_all_rules = True  # applied after the rules (suppression_check)
    VALID = (
        Example(
            "def upgrade():\n"
            "    op.drop_column('attendee', 'badge_num')  # migration-lint: ignore[ML105] unused since 2019\n"
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n"
            "    op.drop_column('attendee', 'badge_num')  # migration-lint: ignore[ML9999] typo\n",
            line=2,
        ),
        Example(
            "def upgrade():\n"
            "    # migration-lint: ignore unused since 2019\n"
            "    op.drop_column('attendee', 'badge_num')\n",
            line=2,
        ),
    )
