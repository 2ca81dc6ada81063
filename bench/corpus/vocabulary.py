"""The words the corpus is made of: table nouns, column names and column types.

Kept apart from the generator so the look of the corpus can be tuned without reading
any of the schema-evolution logic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOUNS = (
    "Badge", "Shift", "Job", "Room", "Request", "Payment", "Receipt", "Item", "Note",
    "Review", "Slot", "Track", "Category", "Vendor", "Sale", "Promo", "Report", "Watch",
    "Entry", "Token", "Ledger", "Ticket", "Lottery", "Waitlist", "Survey", "Answer",
    "Question", "Prize", "Raffle", "Stage", "Booth", "Checklist", "Task", "Message",
    "Schedule", "Setting", "Feed", "Volunteer", "Meal", "Reservation",
)  # fmt: skip

QUALS = (
    "admin", "internal", "public", "legal", "shipping", "billing", "emergency", "preferred",
    "display", "contact", "travel", "dietary", "tech", "press", "staff", "extra", "original",
    "secondary", "manual", "reminder", "signup", "arrival", "departure", "checkin", "pickup",
    "refund", "merch", "social", "medical", "approval",
)  # fmt: skip

ATTRS: dict[str, str] = {
    "notes": "unicode", "status": "integer", "name": "unicode", "code": "unicode",
    "count": "integer", "total": "integer", "flag": "boolean", "amount": "integer",
    "date": "datetime", "url": "unicode", "email": "unicode", "phone": "unicode",
    "label": "unicode", "reason": "unicode", "level": "integer", "approved": "boolean",
    "requested": "boolean", "deadline": "datetime", "sent": "datetime", "enabled": "boolean",
    "text": "unicode", "info": "unicode", "hours": "integer", "desc": "unicode",
}  # fmt: skip


@dataclass(frozen=True)
class Kind:
    """How one column type is written in models, in revisions and as reflected."""

    model: str
    sa: str
    reflected: str
    default: str | None  # the server default a NOT NULL column gets
    reflected_default: str | None


_EMPTY = "sa.text(\"''::character varying\")"
KINDS: dict[str, Kind] = {
    "unicode": Kind("Unicode", "sa.Unicode()", "sa.VARCHAR()", "", _EMPTY),
    "string": Kind("String", "sa.String()", "sa.VARCHAR()", "", _EMPTY),
    "integer": Kind("Integer", "sa.Integer()", "sa.INTEGER()", "0", "sa.text('0')"),
    "boolean": Kind("Boolean", "sa.Boolean()", "sa.BOOLEAN()", "False", "sa.text('false')"),
    "datetime": Kind(
        "DateTime(timezone=True)",
        "sa.DateTime(timezone=True)",
        "postgresql.TIMESTAMP(timezone=True)",
        None,
        None,
    ),
    "uuid": Kind("String(36)", "sa.String(length=36)", "sa.VARCHAR(length=36)", None, None),
}  # fmt: skip

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(name: str) -> str:
    """``PanelApplication`` -> ``panel_application`` (what ``tablename = "snake_case"`` does)."""
    return _WORD_BOUNDARY.sub("_", name).lower()
