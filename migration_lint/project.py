"""Load a project: configuration, every plugin's revision scripts, and the models.

Rules need the whole project for context even when only a few files are reported on
(pre-commit passes just the changed files), so everything is loaded and the set of
files to report on is kept separately.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import ConfigError, ProjectConfig
from .facts import ModelsFile, RevisionScript, TableModel
from .parser import parse_revision_file


class UsageError(Exception):
    """A mistake in how the tool was called (exit code 2)."""


@dataclass
class Project:
    config: ProjectConfig | None
    scripts: list[RevisionScript]
    models_files: list[ModelsFile] = field(default_factory=list)
    models: dict[str, TableModel] | None = None
    report_paths: set[str] | None = None  # None: report on every file
    notes: list[str] = field(default_factory=list)

    def reported(self, path: str) -> bool:
        return self.report_paths is None or path in self.report_paths


def revision_files(directory: Path) -> list[Path]:
    """The revision scripts alembic would load from a versions directory (not recursive)."""
    if not directory.is_dir():
        return []
    return sorted(
        path
        for path in directory.glob("*.py")
        if path.name != "__init__.py" and not path.name.startswith(".#") and path.is_file()
    )


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, directories as the ``*.py`` files below them; missing paths refused."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"path does not exist: {path}")
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*.py")
                    if p.is_file()
                    and not any(part.startswith(".") or part == "__pycache__" for part in p.parts)
                )
            )
        else:
            files.append(path)
    return [p.resolve() for p in files]


def load_project(config: ProjectConfig | None, paths: list[Path]) -> Project:
    """Parse every revision of every plugin, the models, and ``paths`` to report on."""
    requested = expand_paths(paths)
    if config is None:
        if not requested:
            raise UsageError(
                "no [tool.migration_lint] configuration found in pyproject.toml here or in a "
                "parent directory; pass PATHS to lint or --config FILE"
            )
        scripts = [parse_revision_file(path) for path in requested]
        note = (
            f"no [tool.migration_lint] configuration found: linted {len(scripts)} file(s) as one "
            "anonymous plugin; model-aware rules (ML201, ML202) skipped"
        )
        return Project(None, scripts, report_paths={str(p) for p in requested}, notes=[note])

    scripts: list[RevisionScript] = []
    for plugin in config.plugins.values():
        for path in revision_files(plugin.versions):
            scripts.append(replace(parse_revision_file(path), plugin=plugin.name))
    models_files, models = _load_models(config)
    project = Project(config, scripts, models_files, models)
    if requested:
        project.report_paths = _report_set(project, requested)
    return project


def _report_set(project: Project, requested: list[Path]) -> set[str]:
    """Which of ``requested`` to report on; revision files outside versions dirs are noted."""
    assert project.config is not None
    known = {script.path for script in project.scripts} | {m.path for m in project.models_files}
    report: set[str] = set()
    for path in requested:
        if str(path) in known:
            report.add(str(path))
        elif path.suffix == ".py":
            project.notes.append(
                f"skipped {path}: not in a configured versions directory or models path"
            )
    return report


def _load_models(config: ProjectConfig) -> tuple[list[ModelsFile], dict[str, TableModel]]:
    from .model_index import build_model_index
    from .models_reader import expand_models_paths, read_models_file

    files: list[ModelsFile] = []
    by_plugin: dict[str, list[ModelsFile]] = {}
    for plugin in config.plugins.values():
        missing = [p for p in plugin.models if not p.exists()]
        if missing:
            raise ConfigError(f"plugin {plugin.name!r}: models path does not exist: {missing[0]}")
        paths = expand_models_paths([str(p) for p in plugin.models])
        read = [read_models_file(path, config.mixin_decorators) for path in paths]
        by_plugin[plugin.name] = read
        files.extend(read)
    return files, build_model_index(by_plugin, config.tablename_rule)
