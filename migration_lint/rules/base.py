"""The rule interface: a small class per rule with its code, name, docs and examples.

Like Fixit's rules, each rule carries ``VALID`` and ``INVALID`` examples that are run as
tests (``tests/test_rule_examples.py``) and shown by ``--explain``.  The class docstring
is the rule's documentation in ruff's shape: what it flags, why, and what to write instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from ..context import LintContext
from ..diagnostics import Finding, Fix, Severity
from ..facts import Operation, RevisionScript, Span


@dataclass(frozen=True)
class Example:
    """A revision script (and the project around it) for a rule's tests and docs.

    ``source`` is linted as a revision of ``plugin``; ``history`` are earlier revisions of
    the same plugin, oldest first; ``later`` are revisions that come after it.  Sources
    without ``revision =`` get an id and a ``down_revision`` chaining them in that order
    (after a source that declares its own id, the next one chains onto that id).
    ``others`` maps plugin names to revisions written into that plugin's versions
    directory (chained the same way, each plugin on its own), for rules about the revision
    graph across plugins.  ``filename`` names the linted file (default: one derived from
    its position).  ``models`` maps plugin names of the test project (uber; panels and
    magprime under uber) to the source of their models file.  An invalid example may pin
    the ``line`` of the finding.
    """

    source: str
    plugin: str = "uber"
    models: Mapping[str, str] = field(default_factory=dict)
    history: tuple[str, ...] = ()
    later: tuple[str, ...] = ()
    line: int | None = None
    others: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    filename: str | None = None


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    needs_models: ClassVar[bool] = False
    needs_all_rules: ClassVar[bool] = False  # its examples need the other rules' findings
    VALID: ClassVar[tuple[Example, ...]] = ()
    INVALID: ClassVar[tuple[Example, ...]] = ()

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        """Findings in one reported revision script."""
        return iter(())

    def check_project(self, context: LintContext) -> Iterator[Finding]:
        """Findings about the project as a whole (run once; kept for reported paths only)."""
        return iter(())

    def finding(
        self,
        script: RevisionScript,
        span: Span,
        message: str,
        severity: Severity | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        return Finding(
            path=script.path,
            line=span.line,
            col=span.col,
            end_line=span.end_line,
            end_col=span.end_col,
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            plugin=script.plugin,
            revision=script.revision,
            fix=fix,
        )


def later_on_same_path(
    operations: tuple[Operation, ...], index: int, matches: Callable[[Operation], bool]
) -> Operation | None:
    """The first operation after ``operations[index]`` that ``matches`` and can run with it."""
    first = operations[index]
    return next(
        (op for op in operations[index + 1 :] if matches(op) and not op.exclusive_with(first)),
        None,
    )
