"""Findings: what rules produce and reporters print."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .facts import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the call written at ``span`` with ``replacement``, or (None) remove its statement."""

    span: Span
    replacement: str | None


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that keeps the data, offered by a rule and applied by ``--fix``."""

    description: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One diagnostic; ``path`` is as given to the linter (reporters make it relative)."""

    path: str
    line: int
    col: int
    end_line: int
    end_col: int
    code: str
    name: str
    severity: Severity
    message: str
    plugin: str | None = None
    revision: str | None = None
    fix: Fix | None = None
    # stable under line moves: see fingerprints.py (baselines, GitLab, SARIF)
    fingerprint: str = ""

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)

    def as_dict(self, path: str | None = None) -> dict[str, object]:
        return {
            "path": path if path is not None else self.path,
            "line": self.line,
            "column": self.col,
            "end_line": self.end_line,
            "end_column": self.end_col,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "plugin": self.plugin,
            "revision": self.revision,
        }
