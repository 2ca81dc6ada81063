"""``[tool.migration_lint.lint]`` and the lint flags: which rules run, where, how severe.

Keys (every one optional)::

    select = ["ML1", "ML2"]        # rule codes or prefixes; default: every rule
    extend-select = ["ML402"]      # added to select (ML402 is an info rule, off by default)
    ignore = ["ML107"]
    severity = { ML105 = "error", ML103 = "off" }
    per-file-ignores = { "plugins/legacy/**" = ["ML101"], "0001_*.py" = ["ML105"] }
    exclude = ["plugins/vendored/**"]

Command-line flags win: ``--select`` replaces the file's ``select`` and ``ignore``;
``--extend-select`` and ``--ignore`` add to them.  Globs are matched against the path
relative to the project root (``**`` spans directories); a glob without ``/`` is matched
against the file name alone, as in ``.gitignore``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .config import ConfigError, ProjectConfig
from .diagnostics import Severity
from .fingerprints import relative_path

_KEYS = ("select", "extend-select", "ignore", "severity", "per-file-ignores", "exclude")
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


@dataclass(frozen=True)
class LintSettings:
    """The merged settings: the configuration file, then the command line."""

    select: tuple[str, ...] = ()  # empty: every rule
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity | None], ...] = ()  # None: "off"
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    root: Path | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def explicitly_selected(self) -> tuple[str, ...]:
        """Codes named by select/extend-select (info rules are shown only when named)."""
        return (*self.select, *self.extend_select)

    def severity_of(self, code: str, default: Severity) -> Severity:
        """The override of the longest matching code or prefix (``ML105`` beats ``ML1``)."""
        matching = [(len(key), level) for key, level in self.severity if code.startswith(key)]
        if not matching:
            return default
        return max(matching, key=lambda item: item[0])[1] or default

    def shows_info(self, code: str) -> bool:
        """Info findings are shown for the rules named in select/extend-select (or ALL)."""
        return any(code.startswith(s) or s == "ALL" for s in self.explicitly_selected)

    @property
    def turned_off(self) -> tuple[str, ...]:
        return tuple(code for code, level in self.severity if level is None)

    def ignored_in(self, path: str) -> tuple[str, ...]:
        """Code prefixes that ``per-file-ignores`` switches off for ``path``."""
        relative = relative_path(path, self.root)
        return tuple(
            code
            for pattern, codes in self.per_file_ignores
            if glob_matches(pattern, relative)
            for code in codes
        )

    def excluded(self, path: str) -> bool:
        relative = relative_path(path, self.root)
        return any(glob_matches(pattern, relative) for pattern in self.exclude)

    def cache_key(self) -> tuple[object, ...]:
        return (self.severity, self.per_file_ignores, self.exclude, str(self.root))


def settings_for(
    config: ProjectConfig | None,
    cli_select: list[str],
    cli_ignore: list[str],
    cli_extend_select: list[str],
) -> LintSettings:
    """The configuration file's ``lint`` table with the command line's flags applied."""
    table: dict[str, Any] = {}
    where = "[tool.migration_lint.lint]"
    if config is not None:
        where = f"{config.path}: {where}"
        raw = config.table.get("lint", {})
        if not isinstance(raw, dict):
            raise ConfigError(f"{where} must be a table, not {raw!r}")
        table = raw
    warnings = tuple(f"{where}: unknown key {key!r}" for key in table if key not in _KEYS)
    _check_codes(table, where)
    select = _codes(table, "select", where)
    ignore = _codes(table, "ignore", where)
    if cli_select:
        select, ignore = tuple(c.upper() for c in cli_select), ()
    return LintSettings(
        select=select,
        extend_select=_codes(table, "extend-select", where)
        + tuple(c.upper() for c in cli_extend_select),
        ignore=ignore + tuple(c.upper() for c in cli_ignore),
        severity=_severity(table.get("severity", {}), where),
        per_file_ignores=_per_file_ignores(table.get("per-file-ignores", {}), where),
        exclude=_globs(table, "exclude", where),
        root=config.root if config is not None else None,
        warnings=warnings,
    )


def _check_codes(table: dict[str, Any], where: str) -> None:
    """A rule code the registry does not know is an error that says where it was written."""
    from .rules import ALL_RULES

    def known(code: str) -> bool:
        return code == "ALL" or any(rule.code.startswith(code) for rule in ALL_RULES)

    for key in ("select", "extend-select", "ignore"):
        for code in _codes(table, key, where):
            if not known(code):
                raise ConfigError(f"{where} {key}: unknown rule code {code!r}")
    severity = table.get("severity", {})
    for code in severity if isinstance(severity, dict) else ():
        if not known(code.upper()):
            raise ConfigError(f"{where} severity: unknown rule code {code!r}")
    ignores = table.get("per-file-ignores", {})
    for pattern, codes in ignores.items() if isinstance(ignores, dict) else ():
        for code in _string_list(codes, f"{where} per-file-ignores"):
            if not known(code.upper()):
                raise ConfigError(
                    f"{where} per-file-ignores {pattern!r}: unknown rule code {code!r}"
                )


def _string_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where} must be a list of strings, not {value!r}")
    return tuple(value)


def _codes(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    codes = _string_list(table.get(key, []), f"{where} {key}")
    return tuple(code.strip().upper() for code in codes)


def _globs(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    return _string_list(table.get(key, []), f"{where} {key}")


def _severity(value: Any, where: str) -> tuple[tuple[str, Severity | None], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} severity must be a table of CODE = level, not {value!r}")
    levels = []
    for code, level in value.items():
        level = level.lower() if isinstance(level, str) else level
        if not isinstance(level, str) or (level != "off" and level not in _SEVERITIES):
            raise ConfigError(
                f"{where} severity.{code} must be one of error, warning, info, off; not {level!r}"
            )
        levels.append((code.upper(), None if level == "off" else _SEVERITIES[level]))
    return tuple(levels)


def _per_file_ignores(value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} per-file-ignores must be a table of glob = [codes]")
    return tuple(
        (pattern, tuple(c.upper() for c in _string_list(codes, f"{where} per-file-ignores")))
        for pattern, codes in value.items()
    )


def all_codes(settings: LintSettings) -> list[str]:
    """Every code the settings name, to check them against the registry in one place."""
    named = [*settings.select, *settings.extend_select, *settings.ignore]
    named += [code for code, _ in settings.severity]
    named += [code for _, codes in settings.per_file_ignores for code in codes]
    return named


def glob_matches(pattern: str, relative: str) -> bool:
    if "/" not in pattern.rstrip("/"):
        relative = relative.rsplit("/", 1)[-1]
    return _glob_regex(pattern.rstrip("/")).fullmatch(relative) is not None


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """``**`` spans directories, ``*`` and ``?`` stay within one; a directory matches all below."""
    parts = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(parts) + "(?:/.*)?")
