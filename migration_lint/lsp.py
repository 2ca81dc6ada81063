"""``sep lsp``: a language server that shows the linter's findings in an editor.

The linter reads files from disk (the whole project, for context), so a document is
linted when it is opened and each time it is saved; unsaved edits are linted on save.
Every lint round reports on all the open documents of the project concerned, because a
finding in one revision can come or go when a sibling revision changes.

Lint rounds run one at a time on a worker thread (they share the project's cache), so
the protocol loop keeps answering code-action requests and ``shutdown`` while a cold
project is parsed.  Everything the worker touches (configurations, caches) belongs to
:class:`Engine`; the loop only publishes what a round returns.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
import traceback
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from . import __version__
from .lsp_support import SOURCE, suppression_actions, to_diagnostic

if TYPE_CHECKING:
    from pygls.workspace import PositionCodec

    from .cache import Cache
    from .config import ProjectConfig
    from .diagnostics import Finding
    from .lint_settings import LintSettings
    from .rules import Rule

NAME = "migration-lint"
WATCHERS = ("**/pyproject.toml", "**/versions/**/*.py", "**/models.py", "**/models/**/*.py")
_REGISTRATION_ID = "migration-lint-watched-files"
log = logging.getLogger(__name__)


@dataclass
class Round:
    """What one lint round found, for the loop to send.

    ``diagnostics`` maps a URI to what to publish, or to None where the document is not
    ours to lint (outside any project, not a revision or models file, or its project's
    configuration is broken): stale diagnostics are cleared there, nothing else is sent.
    """

    diagnostics: dict[str, list[types.Diagnostic] | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # window/showMessage, each shown once
    logs: list[tuple[types.MessageType, str]] = field(default_factory=list)


class Engine:
    """Configurations, caches and lint runs; used from the single worker thread only."""

    def __init__(self, codec: PositionCodec) -> None:
        self.codec = codec
        self.locations: dict[Path, Path | None] = {}  # directory -> its pyproject.toml
        self.projects: dict[Path, _Project] = {}  # pyproject.toml -> what linting it needs
        self.shown: set[str] = set()  # errors shown since the last reload

    def reload(self) -> None:
        """Forget every configuration (and the errors shown about them): one changed."""
        self.locations.clear()
        self.projects.clear()
        self.shown.clear()

    def run(self, focus: str | None, open_uris: list[str], reload: bool = False) -> Round:
        """Lint ``focus`` and the open documents of its project (all of them without one)."""
        started = time.perf_counter()
        if reload:
            self.reload()
        result = Round()
        projects: dict[Path, list[tuple[str, Path]]] = {}
        focus_project = None if focus is None else self._project_of(focus, result)
        uris = open_uris if focus is None else [focus, *(u for u in open_uris if u != focus)]
        for uri in uris:
            project = self._project_of(uri, result)
            if project is None:
                result.diagnostics[uri] = None
            elif focus is None or project == focus_project:
                projects.setdefault(project, []).append((uri, Path(to_fs_path(uri) or "")))
        linted = sum(self._lint_project(path, docs, result) for path, docs in projects.items())
        elapsed = time.perf_counter() - started
        result.logs.append((types.MessageType.Log, f"linted {linted} file(s) in {elapsed:.2f}s"))
        return result

    def _project_of(self, uri: str, result: Round) -> Path | None:
        """The configuration file of a Python document's project; None outside any."""
        from .config import ConfigError, find_config

        path = to_fs_path(uri)
        if path is None or not path.endswith(".py"):
            return None
        directory = Path(path).parent
        if directory not in self.locations:
            try:
                self.locations[directory] = find_config(directory)
            except ConfigError as exc:  # an unreadable pyproject.toml on the way up
                self._error(str(exc), result)
                return None
        return self.locations[directory]

    def _error(self, message: str, result: Round) -> None:
        if message not in self.shown:
            self.shown.add(message)
            result.errors.append(f"{NAME}: {message}")

    def _lint_project(self, config_path: Path, docs: list[tuple[str, Path]], result: Round) -> int:
        """Lint the project's open revision and models files; the number of files linted."""
        from .config import ConfigError
        from .project import UsageError

        try:
            return self._lint(config_path, docs, result)
        except (ConfigError, UsageError) as exc:
            self._error(str(exc), result)
        except Exception:
            result.logs.append(
                (
                    types.MessageType.Error,
                    f"lint of {config_path.parent} failed:\n{traceback.format_exc()}",
                )
            )
            return 0  # keep what was published: a crash says nothing about the files
        result.diagnostics.update((uri, None) for uri, _ in docs)
        return 0

    def _lint(self, config_path: Path, docs: list[tuple[str, Path]], result: Round) -> int:
        from .diagnostics import Severity
        from .linter import run_lint
        from .parser import read_source, split_lines
        from .project import discover
        from .rule_docs import rule_url

        project = self.projects.get(config_path)
        if project is None:
            project = self.projects[config_path] = _Project.load(config_path)
            result.logs.extend((types.MessageType.Warning, w) for w in project.warnings)
        config, settings = project.config, project.settings
        known = set(discover(config, []).all_paths())
        targets: dict[str, str] = {}  # resolved path (as the linter names it) -> URI
        for uri, path in docs:
            resolved = str(path.resolve())
            if resolved in known:
                targets[resolved] = uri
            else:
                result.diagnostics[uri] = None
        if not targets:
            return 0
        paths = [Path(p) for p in targets]
        lint = run_lint(config, paths, project.rules, project.cache, settings)
        notes = [note for note in lint.notes if note not in project.warnings]
        result.logs.extend((types.MessageType.Log, note) for note in notes)
        # as the command line does: info findings only when an info rule is named
        shown_info = bool(settings.explicitly_selected)
        by_path: dict[str, list[Finding]] = {path: [] for path in targets}
        for finding in lint.findings:
            if finding.severity is not Severity.INFO or shown_info:
                by_path.setdefault(str(Path(finding.path).resolve()), []).append(finding)
        for path, uri in targets.items():
            source, _ = read_source(path)  # the text the linter read, for the columns
            lines = split_lines(source or "")
            result.diagnostics[uri] = [
                to_diagnostic(f, lines, self.codec, rule_url(f.code)) for f in by_path[path]
            ]
        return len(targets)


@dataclass
class _Project:
    """What a lint of one project needs, read once per configuration (until a reload)."""

    config: ProjectConfig
    settings: LintSettings
    rules: list[Rule]
    cache: Cache
    warnings: tuple[str, ...]

    @classmethod
    def load(cls, config_path: Path) -> _Project:
        """Read the configuration and its lint settings, as ``sep alembic lint`` does."""
        from .cache import CACHE_DIR_NAME, Cache
        from .config import load_config
        from .lint_settings import settings_for
        from .linter import rules_for

        config = load_config(config_path)
        settings = settings_for(config, [], [], [])
        cache = Cache(config.root / CACHE_DIR_NAME)
        warnings = (*config.warnings, *settings.warnings)
        return cls(config, settings, rules_for(settings), cache, warnings)


class MigrationLintServer(LanguageServer):
    """The language server: protocol handling on the loop, lint rounds on one worker."""

    def __init__(self) -> None:
        super().__init__(NAME, __version__)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lint")
        self.engine: Engine | None = None
        self.published: set[str] = set()  # URIs whose last diagnostics were not empty
        self.shutdown_requested = False

    def open_uris(self) -> list[str]:
        return list(self.workspace.text_documents)

    async def lint(self, focus: str | None, reload: bool = False) -> None:
        """Run a round on the worker and publish it; any failure is logged, never raised."""
        if self.engine is None:
            self.engine = Engine(self.workspace.position_codec)
        loop = asyncio.get_running_loop()
        try:
            found = await loop.run_in_executor(
                self.worker, self.engine.run, focus, self.open_uris(), reload
            )
        except Exception:
            self.log(types.MessageType.Error, f"lint round failed:\n{traceback.format_exc()}")
            return
        self.send(found)

    def send(self, found: Round) -> None:
        for message in found.errors:
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=message)
            )
        still_open = set(self.open_uris())
        for uri, diagnostics in found.diagnostics.items():
            if uri not in still_open:
                continue  # closed while the round ran: didClose already cleared it
            if diagnostics is None:
                if uri not in self.published:
                    continue
                diagnostics = []
            self.publish(uri, diagnostics)
        for kind, message in found.logs:
            self.log(kind, message)

    def publish(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        if diagnostics:
            self.published.add(uri)
        else:
            self.published.discard(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
        )

    def log(self, kind: types.MessageType, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def register_watchers(self) -> None:
        """Ask the client to report changes of configurations and revisions, if it can."""
        capabilities = self.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities else None
        if not (watched and watched.dynamic_registration):
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHERS]
        )
        registration = types.Registration(
            id=_REGISTRATION_ID,
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        self.client_register_capability(types.RegistrationParams(registrations=[registration]))


def create_server() -> MigrationLintServer:
    """The server with its handlers registered (a new one per call, for tests)."""
    server = MigrationLintServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: MigrationLintServer, params: types.InitializedParams) -> None:
        try:
            ls.register_watchers()
        except Exception:
            ls.log(types.MessageType.Error, f"cannot watch files:\n{traceback.format_exc()}")

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: MigrationLintServer, params: types.DidOpenTextDocumentParams) -> None:
        await ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: MigrationLintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.endswith("/pyproject.toml"):  # for clients that cannot watch files
            await ls.lint(None, reload=True)
        else:
            await ls.lint(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: MigrationLintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.publish(params.text_document.uri, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(
        ls: MigrationLintServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        await ls.lint(None, reload=True)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(
        ls: MigrationLintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        only = params.context.only
        if only and not any(types.CodeActionKind.QuickFix.startswith(kind) for kind in only):
            return []
        ours = [d for d in params.context.diagnostics if d.source == SOURCE]
        if not ours:
            return []
        lines = ls.workspace.get_text_document(params.text_document.uri).lines
        return suppression_actions(params.text_document.uri, ours, lines)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: MigrationLintServer, params: None) -> None:
        ls.shutdown_requested = True

    return server


def main(argv: Sequence[str] | None = None) -> int:
    """Serve on stdio until the client exits; 0 after a ``shutdown`` request, else 1."""
    parser = argparse.ArgumentParser(
        prog="sep lsp", description="Language server for revision scripts and models (stdio)."
    )
    # clients such as vscode-languageclient pass --stdio; it is the only transport anyway
    parser.add_argument("--stdio", action="store_true", help="use stdio (the default)")
    parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(name)s: %(message)s")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not corrupt the message stream
    server = create_server()
    try:
        server.start_io(stdin, stdout)
    finally:
        server.worker.shutdown(wait=False, cancel_futures=True)
    return 0 if server.shutdown_requested else 1
