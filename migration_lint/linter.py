"""Run the rules over a loaded project: facts in, sorted findings out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .config import ProjectConfig
from .context import LintContext
from .diagnostics import Finding, Severity
from .fingerprints import with_fingerprints
from .graph import RevisionGraph
from .project import Project, ProjectFiles, UsageError, discover, load_project
from .rules import ALL_RULES, RULES_BY_CODE, Rule

if TYPE_CHECKING:
    from .cache import Cache


@dataclass
class LintResult:
    findings: list[Finding]
    files_checked: int
    notes: list[str] = field(default_factory=list)
    parsed: list[str] = field(default_factory=list)  # files parsed in this run (cache misses)

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


def run_lint(
    config: ProjectConfig | None, paths: list[Path], rules: list[Rule], cache: Cache | None
) -> LintResult:
    """Lint a project, reusing the cached result when no input changed since it was made."""
    files = discover(config, paths)
    key = _run_key(files, rules, cache) if cache is not None else None
    if cache is not None and key is not None:
        cached = cache.result(key)
        if isinstance(cached, LintResult):
            cache.flush()
            return replace(cached, parsed=[])
    result = lint_project(load_project(files, cache), rules)
    if cache is not None and key is not None:
        cache.flush()
        cache.store_result(key, result)
    return result


def _run_key(files: ProjectFiles, rules: list[Rule], cache: Cache) -> str | None:
    """Everything the result depends on; None when a file cannot be read (not cached)."""
    digests = [cache.digest(path) for path in files.all_paths()]
    if None in digests:
        return None
    config = files.config.path if files.config is not None else None
    return cache.run_key(
        str(config),
        cache.digest(str(config)) if config is not None else None,
        files.revisions,
        sorted(files.models.items()),
        digests,
        sorted(files.report_paths) if files.report_paths is not None else None,
        files.notes,
        [rule.code for rule in rules],
    )


def lint_project(project: Project, rules: list[Rule]) -> LintResult:
    models = project.models if project.config is not None else None
    context = LintContext(
        project.config, RevisionGraph(project.scripts), models, project.models_files
    )
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
    for rule in rules:
        if rule.needs_models and models is None:
            continue
        findings.extend(f for f in rule.check_project(context) if project.reported(f.path))
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
    root = project.config.root if project.config is not None else None
    findings = with_fingerprints(findings, root)
    notes = list(project.notes)
    if project.config is not None:
        notes = [*project.config.warnings, *notes]
    return LintResult(findings, checked, notes, parsed=list(project.parsed))
