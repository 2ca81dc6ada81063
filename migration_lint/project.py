"""Find and load a project: configuration, every plugin's revision scripts, the models.

Rules need the whole project for context even when only a few files are reported on
(pre-commit passes just the changed files), so everything is loaded and the set of
files to report on is kept apart.  Loading goes in two steps so that a warm run can
stop early: :func:`discover` only lists files (no parsing); :func:`load_project` parses
what the cache does not already hold, in parallel when there is enough of it.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .config import ConfigError, ProjectConfig
from .facts import ModelsFile, RevisionScript, TableModel

if TYPE_CHECKING:
    from .cache import Cache

PARALLEL_THRESHOLD = 64  # below this, a process pool costs more than it saves


class UsageError(Exception):
    """A mistake in how the tool was called (exit code 2)."""


@dataclass
class ProjectFiles:
    """The files of a project and what to report on, before anything is parsed."""

    config: ProjectConfig | None
    revisions: list[tuple[str, str | None]]  # (path, plugin)
    models: dict[str, list[str]] = field(default_factory=dict)  # plugin -> models files
    report_paths: set[str] | None = None  # None: report on every file
    notes: list[str] = field(default_factory=list)

    def all_paths(self) -> list[str]:
        models = [path for paths in self.models.values() for path in paths]
        return [path for path, _ in self.revisions] + models


@dataclass
class Project:
    config: ProjectConfig | None
    scripts: list[RevisionScript]
    models_files: list[ModelsFile] = field(default_factory=list)
    models: dict[str, TableModel] | None = None
    report_paths: set[str] | None = None
    notes: list[str] = field(default_factory=list)
    parsed: list[str] = field(default_factory=list)  # files parsed in this run (cache misses)

    def reported(self, path: str) -> bool:
        return self.report_paths is None or path in self.report_paths


def revision_files(directory: Path) -> list[Path]:
    """The revision scripts alembic would load from a versions directory (not recursive)."""
    if not directory.is_dir():
        return []
    return sorted(
        path
        for path in directory.glob("*.py")
        if path.name != "__init__.py"
        and not path.name.startswith(".#")
        # a broken symlink or a symlink loop too: alembic tries to load it and fails for the
        # whole project (ImportError, RuntimeError), so it is read and reported (ML001)
        and (path.is_file() or (path.is_symlink() and not path.exists()))
    )


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, directories as the ``*.py`` files below them; missing paths refused."""
    files: list[Path] = []
    for path in paths:
        if not path.exists() and not path.is_symlink():
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
    # a broken symlink or a symlink loop is reported as a full run reports it (ML001), under
    # its own name: resolving it would name its missing target, or raise (a loop)
    return [
        p.parent.resolve() / p.name if p.is_symlink() and not p.exists() else p.resolve()
        for p in files
    ]


def expand_models_paths(paths: list[str]) -> list[str]:
    """Files stay as given; a directory expands to its ``*.py`` files, sorted."""
    result: list[str] = []
    for path in paths:
        found = [path]
        if os.path.isdir(path):
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
                found += [os.path.join(root, n) for n in names if n.endswith(".py") and n[0] != "."]
            found.sort()
        result.extend(item for item in found if item not in result)
    return result


def discover(config: ProjectConfig | None, paths: list[Path]) -> ProjectFiles:
    """List the project's files and the ones to report on; nothing is parsed."""
    requested = expand_paths(paths)
    if config is None:
        if not requested:
            raise UsageError(
                "no [tool.migration_lint] configuration found in pyproject.toml here or in a "
                "parent directory; pass PATHS to lint or --config FILE"
            )
        note = (
            f"no [tool.migration_lint] configuration found: linted {len(requested)} file(s) as "
            "one anonymous plugin; model-aware rules (ML201, ML202) skipped"
        )
        revisions = [(str(path), None) for path in requested]
        return ProjectFiles(None, revisions, report_paths={str(p) for p in requested}, notes=[note])

    revisions = [
        (str(path), plugin.name)
        for plugin in config.plugins.values()
        for path in revision_files(plugin.versions)
    ]
    models: dict[str, list[str]] = {}
    for plugin in config.plugins.values():
        missing = [p for p in plugin.models if not p.exists()]
        if missing:
            raise ConfigError(f"plugin {plugin.name!r}: models path does not exist: {missing[0]}")
        for path in plugin.models:
            # a directory is a models package; one named like a module, or holding no Python
            # file, is a mistake that would make every table look undeclared (ML204)
            if path.is_dir() and (path.suffix == ".py" or not expand_models_paths([str(path)])):
                what = "is a directory, not a .py file"
                if path.suffix != ".py":
                    what = "holds no .py file"
                raise ConfigError(f"plugin {plugin.name!r}: models path {path} {what}")
        models[plugin.name] = expand_models_paths([str(p) for p in plugin.models])
    files = ProjectFiles(config, revisions, models)
    if requested:
        known = set(files.all_paths())
        files.report_paths = {str(p) for p in requested if str(p) in known}
        files.notes = [
            f"skipped {path}: not in a configured versions directory or models path"
            for path in requested
            if str(path) not in known and path.suffix == ".py"
        ]
    # a configured versions directory that is not there: a plugin without revisions yet
    # (`sep alembic revision` creates it), or a wrong path; said, not silently empty
    files.notes += [
        f"plugin {plugin.name!r}: versions directory {plugin.versions} "
        f"{'is not a directory' if plugin.versions.exists() else 'does not exist'}"
        for plugin in config.plugins.values()
        if not plugin.versions.is_dir()
    ]
    return files


Progress = Callable[[int, int], None]  # (files parsed so far, files to parse)


def load_project(
    files: ProjectFiles, cache: Cache | None = None, progress: Progress | None = None
) -> Project:
    """Parse every file (or take its facts from ``cache``) and resolve the models."""
    decorators = files.config.mixin_decorators if files.config is not None else ()
    jobs = [("revision", path, ()) for path, _ in files.revisions]
    jobs += [("models", path, decorators) for paths in files.models.values() for path in paths]
    facts, parsed = _facts_for(jobs, cache, progress)
    scripts = [
        replace(facts[index], path=path, plugin=plugin)
        for index, (path, plugin) in enumerate(files.revisions)
    ]
    models_files: list[ModelsFile] = []
    by_plugin: dict[str, list[ModelsFile]] = {}
    index = len(files.revisions)
    for plugin, paths in files.models.items():
        read = [replace(facts[index + offset], path=path) for offset, path in enumerate(paths)]
        by_plugin[plugin] = read
        models_files.extend(read)
        index += len(paths)
    models = None
    if files.config is not None:
        from .model_index import build_model_index

        models = build_model_index(by_plugin, files.config.tablename_rule)
    return Project(
        files.config,
        scripts,
        models_files,
        models,
        report_paths=files.report_paths,
        notes=list(files.notes),
        parsed=parsed,
    )


def load_models(config: ProjectConfig, cache: Cache | None = None) -> dict[str, TableModel]:
    """Only the models (for autogenerate's ownership filter): no revision is parsed."""
    models_only = replace(discover(config, []), revisions=[])
    return load_project(models_only, cache).models or {}


def project_cache(config: ProjectConfig) -> Cache:
    """The project's lint cache, for the front end's reads of the same facts."""
    from .cache import CACHE_DIR_NAME, Cache

    return Cache(config.root / CACHE_DIR_NAME)


Job = tuple[str, str, tuple[str, ...]]  # (kind, path, mixin decorators)


def _facts_for(
    jobs: list[Job], cache: Cache | None, progress: Progress | None = None
) -> tuple[list, list[str]]:
    """Facts for every job, from the cache where the content is known; misses are parsed.

    The cache holds each file's facts pickled on their own, as the pool workers send them,
    so facts are pickled once per parse, not again when the cache is written.
    """
    results: list = [None] * len(jobs)
    keys: list[str | None] = [None] * len(jobs)
    misses: list[int] = []
    for index, (kind, path, decorators) in enumerate(jobs):
        digest = cache.digest(path) if cache is not None else None
        if digest is not None and cache is not None:
            keys[index] = f"{kind}:{digest}:{'|'.join(decorators)}"
            blob = cache.facts(keys[index])
            results[index] = _unpickle(blob) if blob is not None else None
        if results[index] is None:
            misses.append(index)
    # models files are the largest jobs: start them first so no worker ends alone on one
    misses.sort(key=lambda i: jobs[i][0] != "models")
    blobs = _parse_all([jobs[i] for i in misses], cache is not None, progress)
    for index, (facts, blob) in zip(misses, blobs, strict=True):
        results[index] = facts
        if cache is not None and keys[index] is not None and blob is not None:
            cache.store_facts([(keys[index], blob)])
    if cache is not None:
        cache.prune_facts({key for key in keys if key is not None})
    return results, [jobs[i][1] for i in sorted(misses)]


def _unpickle(blob: bytes) -> RevisionScript | ModelsFile | None:
    try:
        facts = pickle.loads(blob)
    except Exception:  # written by this tool and signed, so unexpected: parse again
        return None
    return facts if isinstance(facts, (RevisionScript, ModelsFile)) else None


def _parse_all(
    jobs: list[Job], pickled: bool, progress: Progress | None = None
) -> list[tuple[object, bytes | None]]:
    """(facts, pickled facts or None) per job; in a process pool when there are enough."""
    workers = min(os.cpu_count() or 1, max(1, len(jobs) // (PARALLEL_THRESHOLD // 2)))
    if len(jobs) < PARALLEL_THRESHOLD or workers < 2:
        parsed = []
        for job in jobs:
            parsed.append(_parse_job(job))
            if progress is not None:
                progress(len(parsed), len(jobs))
        return [(f, pickle.dumps(f, pickle.HIGHEST_PROTOCOL) if pickled else None) for f in parsed]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import libcst  # noqa: F401  (imported before forking, so workers inherit it)

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(jobs) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        blobs = []
        for blob in pool.map(_parse_job_pickled, jobs, chunksize=chunk):
            blobs.append(blob)
            if progress is not None:
                progress(len(blobs), len(jobs))
    return [(pickle.loads(blob), blob) for blob in blobs]


def _parse_job_pickled(job: Job) -> bytes:
    return pickle.dumps(_parse_job(job), pickle.HIGHEST_PROTOCOL)


def _parse_job(job: Job) -> RevisionScript | ModelsFile:
    kind, path, decorators = job
    if kind == "revision":
        from .parser import parse_revision_file

        return parse_revision_file(path)
    from .models_reader import read_models_file

    return read_models_file(path, decorators)
