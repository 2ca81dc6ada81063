"""``sep alembic lint``: its arguments (argparse) and what a run does.

The arguments are declared once, by :func:`add_lint_arguments`, and used both by the
standalone parser here (the fast path pre-commit takes: no Typer, no alembic) and by the
``sep alembic`` front end, which registers ``lint`` next to alembic's own subcommands.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .reporters import FORMATS  # one list of formats, the reporters'

if TYPE_CHECKING:
    from .linter import LintResult

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DESCRIPTION = "Lint revision scripts statically: data loss and misplaced migrations."


def add_lint_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATHS",
        help="files or directories to report on (the whole project is still loaded for "
        "context); default: the whole project",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", dest="output_format", help="output format"
    )
    parser.add_argument(
        "--output-file",
        dest="output_file",
        type=Path,
        metavar="FILE",
        help="write the report to FILE (UTF-8, replaced atomically) instead of stdout; "
        "its directory must exist",
    )
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CODES",
        help="only these rule codes or prefixes, comma-separated (e.g. ML1,ML202)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODES",
        help="skip these rule codes or prefixes, comma-separated",
    )
    parser.add_argument(
        "--extend-select",
        action="append",
        default=[],
        metavar="CODES",
        help="rule codes or prefixes to add to the selection (e.g. ML402)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 on any finding, not only errors"
    )
    parser.add_argument(
        "--statistics", action="store_true", help="print the number of findings per rule"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="report only findings not recorded in FILE (written by --write-baseline)",
    )
    parser.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record every current finding in FILE, then exit 0",
    )
    parser.add_argument(
        "--diff-base",
        metavar="REF",
        help="report only on files added or changed since the git REF (the whole project "
        "is still loaded for context)",
    )
    parser.add_argument(
        "--config",
        dest="lint_config",  # alembic's global -c/--config uses "config"
        type=Path,
        metavar="FILE",
        help="configuration file (default: the nearest pyproject.toml with a "
        "[tool.migration_lint] table)",
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes (those that keep the data), then report what remains",
    )
    parser.add_argument(
        "--diff", action="store_true", help="print the safe fixes as a unified diff; write nothing"
    )
    parser.add_argument(
        "--list-rules", action="store_true", help="list every rule (code, name, severity) and exit"
    )
    parser.add_argument(
        "--explain", metavar="CODE", help="show a rule's rationale and examples, then exit"
    )
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="cache directory (default: .migration_lint_cache/ in the project root)",
    )


def lint_parser(prog: str = "sep alembic lint") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=DESCRIPTION)
    add_lint_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (the arguments after ``lint``) and run; returns the exit code."""
    arguments = lint_parser().parse_args(argv)
    return run(arguments)


def _codes(values: list[str]) -> list[str]:
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def run(arguments: argparse.Namespace) -> int:
    if arguments.list_rules or arguments.explain:
        from .rule_docs import explain, list_rules

        if arguments.list_rules:
            list_rules(sys.stdout)
            return EXIT_OK
        if not explain(arguments.explain, sys.stdout):
            from .rules import RULES_BY_CODE

            known = ", ".join(RULES_BY_CODE)
            sys.stderr.write(f"error: unknown rule code {arguments.explain!r}; known: {known}\n")
            return EXIT_USAGE
        return EXIT_OK
    from .config import ConfigError, find_config, load_config
    from .diagnostics import Severity
    from .lint_settings import settings_for
    from .linter import rules_for, run_lint
    from .project import UsageError
    from .reporters import ReportFileError, check_report_path, report

    try:
        for target in (arguments.output_file, arguments.write_baseline):
            if target is not None:
                check_report_path(target)
        config_path = arguments.lint_config or find_config(Path.cwd())
        config = load_config(config_path) if config_path is not None else None
        settings = settings_for(
            config,
            _codes(arguments.select),
            _codes(arguments.ignore),
            _codes(arguments.extend_select),
        )
        rules = rules_for(settings)
        cache = None
        if not arguments.no_cache:
            from .cache import CACHE_DIR_NAME, Cache

            root = config.root if config is not None else Path.cwd()
            cache = Cache(arguments.cache_dir or root / CACHE_DIR_NAME)
        only = None
        if arguments.diff_base is not None:
            from .git_changes import changed_files

            only = changed_files(arguments.diff_base, config.root if config else Path.cwd())

        def lint() -> LintResult:
            from .progress import ParseProgress

            with ParseProgress() as progress:
                return run_lint(
                    config, list(arguments.paths), rules, cache, settings, only, progress
                )

        result = lint()
    except (ConfigError, UsageError, ReportFileError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    if arguments.fix or arguments.diff:
        fixed = _apply_fixes(result, write=arguments.fix)
        if fixed is None:
            return EXIT_USAGE
        if arguments.diff:
            return EXIT_FINDINGS if fixed else EXIT_OK
        if fixed:
            result = lint()
    if not arguments.strict:
        # info findings are shown only for rules asked for by name, as ruff's preview rules are
        shown = [
            f for f in result.findings
            if f.severity is not Severity.INFO or settings.shows_info(f.code)
        ]  # fmt: skip
        result = replace(result, findings=shown)
    root = config.root if config is not None else None
    try:
        result = _apply_baseline(arguments, result, root, {rule.code for rule in rules})
    except UsageError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    if arguments.write_baseline is not None:
        return EXIT_OK
    write = report
    if arguments.statistics:
        from .rule_statistics import report_statistics as write
    try:
        write(result, arguments.output_format, path=arguments.output_file)
    except ReportFileError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    return _exit_code(result, arguments.strict)


def _exit_code(result: LintResult, strict: bool) -> int:
    from .diagnostics import Severity

    if strict:
        failing = bool(result.findings)
    else:
        failing = any(f.severity is Severity.ERROR for f in result.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


def _apply_baseline(
    arguments: argparse.Namespace, result: LintResult, root: Path | None, ran: set[str]
) -> LintResult:
    """Write the baseline (``--write-baseline``) or hide what it records (``--baseline``)."""
    from .baseline import filter_baseline, read_baseline, write_baseline
    from .fingerprints import relative_path

    if arguments.write_baseline is not None:
        write_baseline(arguments.write_baseline, result.findings, root)
        count = len(result.findings)
        sys.stderr.write(
            f"wrote {count} finding{'s' if count != 1 else ''} to {arguments.write_baseline}\n"
        )
        return result
    if arguments.baseline is None:
        return result
    checked = {relative_path(path, root) for path in result.checked_paths}

    def in_scope(path: str, code: str) -> bool:
        """Only entries this run could have reproduced can be called gone."""
        return path in checked and code in ran

    findings, hidden, gone = filter_baseline(
        result.findings, read_baseline(arguments.baseline), root, in_scope
    )
    notes = [*result.notes, f"{hidden} finding(s) hidden by the baseline {arguments.baseline}"]
    if gone:
        notes.append(
            f"{gone} baseline entr{'ies are' if gone != 1 else 'y is'} fixed or gone; "
            "rewrite it with --write-baseline to keep it tight"
        )
    return replace(result, findings=findings, notes=notes)


def _apply_fixes(result: object, write: bool) -> int | None:
    """Apply (or, without ``write``, print) the fixes; the number of files, None on failure."""
    from .fixer import FixError, diff, fixed_source, fixes_by_file, write_atomically
    from .reporters import display_path

    edits = fixes_by_file(result.findings)  # type: ignore[attr-defined]
    changed = 0
    for path, file_edits in sorted(edits.items()):
        try:
            original, fixed = fixed_source(path, file_edits)
            if fixed == original:
                continue
            if write:
                write_atomically(path, original, fixed)
                sys.stderr.write(f"fixed {display_path(path)}\n")
            else:
                sys.stdout.write(diff(display_path(path), original, fixed))
            changed += 1
        except (FixError, OSError) as exc:
            sys.stderr.write(f"error: {exc}\n")
            return None
    return changed
