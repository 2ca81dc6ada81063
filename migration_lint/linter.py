"""Run the rules over a loaded project: facts in, sorted findings out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .context import LintContext
from .diagnostics import Finding, Severity
from .graph import RevisionGraph
from .project import Project, UsageError
from .rules import ALL_RULES, RULES_BY_CODE, Rule


@dataclass
class LintResult:
    findings: list[Finding]
    files_checked: int
    notes: list[str] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules chosen by code or code prefix (``ML1`` selects ML101-ML199), as ruff does."""
    select, ignore = [s.upper() for s in select if s], [i.upper() for i in ignore if i]
    for code in (*select, *ignore):
        if code != "ALL" and not any(rule.code.startswith(code) for rule in ALL_RULES):
            raise UsageError(f"unknown rule code {code!r}; known: {', '.join(RULES_BY_CODE)}")
    chosen = []
    for rule in ALL_RULES:
        picked = not select or "ALL" in select or any(rule.code.startswith(s) for s in select)
        if picked and not any(rule.code.startswith(i) for i in ignore):
            chosen.append(rule())
    return chosen


def lint_project(project: Project, rules: list[Rule]) -> LintResult:
    models = project.models if project.config is not None else None
    context = LintContext(project.config, RevisionGraph(project.scripts), models)
    findings: list[Finding] = []
    checked = 0
    for script in project.scripts:
        if not project.reported(script.path):
            continue
        checked += 1
        for rule in rules:
            if script.error is not None and rule.code != "ML001":
                continue
            if rule.needs_models and models is None:
                continue
            findings.extend(rule.check(script, context))
    ml001 = next((rule for rule in rules if rule.code == "ML001"), None)
    for models_file in project.models_files:
        if models_file.error is not None and project.reported(models_file.path):
            checked += 1
            if ml001 is not None:
                error = models_file.error
                findings.append(
                    Finding(
                        models_file.path,
                        error.line,
                        error.col,
                        error.line,
                        error.col + 1,
                        ml001.code,
                        ml001.name,
                        ml001.severity,
                        error.message,
                    )
                )
    findings.sort(key=lambda finding: finding.sort_key)
    notes = list(project.notes)
    if project.config is not None:
        notes = [*project.config.warnings, *notes]
    return LintResult(findings, checked, notes)
