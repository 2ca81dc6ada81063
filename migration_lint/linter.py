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
from .lint_settings import LintSettings, all_codes
from .project import Progress, Project, ProjectFiles, UsageError, discover, load_project
from .rules import ALL_RULES, RULES_BY_CODE, Rule
from .suppression_check import FileSuppressions, apply_suppressions

if TYPE_CHECKING:
    from .cache import Cache


@dataclass
class LintResult:
    findings: list[Finding]
    files_checked: int
    notes: list[str] = field(default_factory=list)
    parsed: list[str] = field(default_factory=list)  # files parsed in this run (cache misses)
    checked_paths: list[str] = field(default_factory=list)  # the files counted as checked

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


def select_rules(
    select: Iterable[str] = (), ignore: Iterable[str] = (), extend_select: Iterable[str] = ()
) -> list[Rule]:
    """Rules chosen by code or code prefix (``ML1`` selects ML101-ML199), as ruff does."""
    select, ignore = [s.upper() for s in select if s], [i.upper() for i in ignore if i]
    extend = [e.upper() for e in extend_select if e]
    check_codes([*select, *ignore, *extend])
    chosen = []
    for rule in ALL_RULES:
        picked = not select or "ALL" in select or any(rule.code.startswith(s) for s in select)
        picked = picked or any(rule.code.startswith(e) for e in extend)
        if picked and not any(rule.code.startswith(i) for i in ignore):
            chosen.append(rule())
    return chosen


def rules_for(settings: LintSettings) -> list[Rule]:
    """The rules the merged settings turn on (a severity of "off" turns a rule off)."""
    check_codes(all_codes(settings))
    ignore = [*settings.ignore, *settings.turned_off]
    return select_rules(settings.select, ignore, settings.extend_select)


def check_codes(codes: Iterable[str]) -> None:
    for code in codes:
        if code != "ALL" and not any(rule.code.startswith(code) for rule in ALL_RULES):
            raise UsageError(f"unknown rule code {code!r}; known: {', '.join(RULES_BY_CODE)}")


def run_lint(
    config: ProjectConfig | None,
    paths: list[Path],
    rules: list[Rule],
    cache: Cache | None,
    settings: LintSettings | None = None,
    only: set[str] | None = None,
    progress: Progress | None = None,
) -> LintResult:
    """Lint a project, reusing the cached result when no input changed since it was made.

    ``only`` limits the report to these files (``--diff-base``); ``settings`` brings
    per-file-ignores, excludes and severity overrides.
    """
    settings = settings if settings is not None else LintSettings()
    files = discover(config, paths)
    if only is not None or settings.exclude:
        reported = files.report_paths if files.report_paths is not None else files.all_paths()
        files.report_paths = {
            path
            for path in reported
            if (only is None or path in only) and not settings.excluded(path)
        }
    key = _run_key(files, rules, cache, settings) if cache is not None else None
    if cache is not None and key is not None:
        cached = cache.result(key)
        if isinstance(cached, LintResult):
            cache.flush()
            return replace(cached, parsed=[])
    result = lint_project(load_project(files, cache, progress), rules, settings)
    if cache is not None and key is not None:
        cache.flush()
        cache.store_result(key, result)
    return result


def _run_key(
    files: ProjectFiles, rules: list[Rule], cache: Cache, settings: LintSettings
) -> str | None:
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
        settings.cache_key(),
    )


def lint_project(
    project: Project, rules: list[Rule], settings: LintSettings | None = None
) -> LintResult:
    models = project.models if project.config is not None else None
    context = LintContext(
        project.config, RevisionGraph(project.scripts), models, project.models_files
    )
    findings: list[Finding] = []
    checked = 0
    checked_paths: list[str] = []
    for script in project.scripts:
        if not project.reported(script.path):
            continue
        checked += 1
        checked_paths.append(script.path)
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
            checked_paths.append(models_file.path)
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
    findings = _apply_settings(project, findings, rules, settings or LintSettings())
    root = project.config.root if project.config is not None else None
    findings = with_fingerprints(findings, root)
    notes = list(project.notes)
    # a computed revision variable is skipped by the graph rules: say so rather than pass
    # silently (a missing one is ML001; alembic itself needs it at import time)
    notes += [
        f"{script.path}: {' and '.join(dynamic)} {'is' if len(dynamic) == 1 else 'are'} not "
        "a literal: this revision's place in the revision graph is not checked"
        for script in project.scripts
        if project.reported(script.path)
        and script.error is None
        and (dynamic := [v for v in ("revision", "down_revision") if v in script.dynamic_variables])
    ]
    if project.config is not None:
        notes = [*project.config.warnings, *(settings.warnings if settings else ()), *notes]
    return LintResult(
        findings, checked, notes, parsed=list(project.parsed), checked_paths=checked_paths
    )


def _apply_settings(
    project: Project, findings: list[Finding], rules: list[Rule], settings: LintSettings
) -> list[Finding]:
    """Inline suppressions, then per-file-ignores, then severity overrides."""

    def active(code: str, path: str) -> bool:
        return not any(code.startswith(prefix) for prefix in settings.ignored_in(path))

    files = [
        FileSuppressions(facts.path, getattr(facts, "plugin", None),
                         getattr(facts, "revision", None), facts.suppressions)
        for facts in (*project.scripts, *project.models_files)
        if facts.suppressions and project.reported(facts.path)
    ]  # fmt: skip
    known = {rule.code: rule.name for rule in ALL_RULES}
    findings = apply_suppressions(findings, files, {r.code for r in rules}, known, active)
    if settings.per_file_ignores:
        findings = [f for f in findings if active(f.code, f.path)]
    if settings.severity:
        findings = [
            replace(f, severity=settings.severity_of(f.code, f.severity)) for f in findings
        ]
    return findings
