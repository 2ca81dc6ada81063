"""``sep lsp`` end to end: the real server in a subprocess, spoken to over stdio.

The client below frames JSON-RPC messages itself (``Content-Length`` headers), so the
tests see exactly what an editor would.  Every wait has a timeout: a server that hangs
or dies fails the test instead of blocking it.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.workspace import PositionCodec
from typer.testing import CliRunner

from migration_lint import __version__
from migration_lint.cli import app
from migration_lint.lsp_support import file_comment_line, suppression_actions, to_diagnostic
from migration_lint.rule_docs import rule_url

TIMEOUT = 60.0  # a cold lint of the example takes a second or two
BADGE = "alembic/versions/e14989f05713_change_badge_num_to_an_integer.py"
TRACKS = "alembic/versions/50aa55794242_support_multiple_tracks_per_event.py"
EMAIL = "alembic/versions/9c52dd0bad5c_add_email_to_attendee.py"
Message = dict[str, Any]


class Client:
    """A minimal LSP client: framed writes, a reader thread, waits with timeouts."""

    def __init__(self, cwd: Path, *python_options: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, *python_options, "-m", "migration_lint", "lsp"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        self.inbox: queue.Queue[Message | None] = queue.Queue()
        self.seen: list[Message] = []  # every message from the server, in order
        self.stderr: list[bytes] = []
        self.ids = itertools.count(1)
        threading.Thread(target=self._read, daemon=True).start()
        self.stderr_reader = threading.Thread(target=self._drain_stderr, daemon=True)
        self.stderr_reader.start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if not line:
                self.inbox.put(None)  # end of stream
                return
            body = stream.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body))

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line)

    def send(self, message: Message) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def wait_for(self, matches: Callable[[Message], bool], timeout: float = TIMEOUT) -> Message:
        """The next message that ``matches``; requests from the server are answered."""
        while True:
            try:
                message = self.inbox.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no such message within {timeout}s; {self}") from None
            if message is None:
                raise AssertionError(f"the server closed its output; {self}")
            self.seen.append(message)
            if "method" in message and "id" in message:  # client/registerCapability
                self.send({"id": message["id"], "result": None})
            if matches(message):
                return message

    def request(self, method: str, params: Any) -> Any:
        number = next(self.ids)
        self.send({"id": number, "method": method, "params": params})
        response = self.wait_for(lambda m: m.get("id") == number and "method" not in m)
        assert "error" not in response, response
        return response["result"]

    def diagnostics(self, uri: str) -> list[Message]:
        """The next diagnostics published for ``uri``."""
        message = self.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            )
        )
        return message["params"]["diagnostics"]

    def round_done(self) -> int:
        """Wait for the end of a lint round (its log line); the index of that message."""
        self.wait_for(
            lambda m: (
                m.get("method") == "window/logMessage"
                and m["params"]["message"].startswith("linted ")
            )
        )
        return len(self.seen)

    def open(self, path: Path) -> str:
        uri = path.resolve().as_uri()
        document = {"uri": uri, "languageId": "python", "version": 1, "text": path.read_text()}
        self.notify("textDocument/didOpen", {"textDocument": document})
        return uri

    def save(self, uri: str) -> None:
        self.notify("textDocument/didSave", {"textDocument": {"uri": uri}})

    def stop(self) -> int:
        """shutdown, exit, and the exit code."""
        assert self.request("shutdown", None) is None
        self.notify("exit", None)
        assert self.process.stdin is not None
        self.process.stdin.close()
        code = self.process.wait(timeout=TIMEOUT)
        self.stderr_reader.join(timeout=TIMEOUT)
        return code

    def __str__(self) -> str:
        return "stderr:\n" + b"".join(self.stderr).decode(errors="replace")[-3000:]


def _initialize(client: Client) -> Message:
    capabilities = {
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}},
        "textDocument": {"publishDiagnostics": {"codeDescriptionSupport": True}},
    }
    result = client.request(
        "initialize",
        {"processId": os.getpid(), "rootUri": None, "capabilities": capabilities},
    )
    client.notify("initialized", {})
    return result


@pytest.fixture
def client(uber_copy: Path) -> Iterator[Client]:
    """An initialized server in the example copy (killed if a test leaves it running)."""
    started = Client(uber_copy)
    _initialize(started)
    yield started
    if started.process.poll() is None:
        started.process.kill()
        started.process.wait(timeout=TIMEOUT)


def cli_findings(project: Path, relative: str) -> list[Message]:
    done = subprocess.run(
        [sys.executable, "-m", "migration_lint", "alembic", "lint", "--format", "json"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    return [f for f in json.loads(done.stdout) if f["path"] == relative]


def summary(diagnostics: list[Message]) -> list[tuple[str, int, int, int, int]]:
    """(code, start line, start character, end line, end character), sorted."""
    return sorted(
        (
            d["code"],
            d["range"]["start"]["line"],
            d["range"]["start"]["character"],
            d["range"]["end"]["line"],
            d["range"]["end"]["character"],
        )
        for d in diagnostics
    )


def test_initialize_names_the_server_and_registers_the_file_watchers(uber_copy: Path) -> None:
    client = Client(uber_copy)
    result = _initialize(client)
    assert result["serverInfo"] == {"name": "migration-lint", "version": __version__}
    capabilities = result["capabilities"]
    assert capabilities["codeActionProvider"]["codeActionKinds"] == ["quickfix"]
    assert capabilities["textDocumentSync"]["save"]
    registration = client.wait_for(lambda m: m.get("method") == "client/registerCapability")
    (watchers,) = registration["params"]["registrations"]
    assert watchers["method"] == "workspace/didChangeWatchedFiles"
    globs = [w["globPattern"] for w in watchers["registerOptions"]["watchers"]]
    assert globs == [
        "**/pyproject.toml", "**/versions/**/*.py", "**/models.py", "**/models/**/*.py"
    ]
    assert client.stop() == 0


def test_open_publishes_what_the_cli_reports(client: Client, uber_copy: Path) -> None:
    uri = client.open(uber_copy / BADGE)
    diagnostics = client.diagnostics(uri)
    expected = cli_findings(uber_copy, BADGE)
    assert {f["code"] for f in expected} == {"ML101", "ML105"}
    assert summary(diagnostics) == sorted(
        (f["code"], f["line"] - 1, f["column"] - 1, f["end_line"] - 1, f["end_column"] - 1)
        for f in expected
    )
    by_key = {(f["code"], f["line"] - 1): f for f in expected}
    for diagnostic in diagnostics:
        finding = by_key[(diagnostic["code"], diagnostic["range"]["start"]["line"])]
        assert diagnostic["source"] == "migration-lint"
        assert diagnostic["severity"] == (1 if finding["severity"] == "error" else 2)
        assert diagnostic["codeDescription"]["href"] == rule_url(finding["code"])
        assert diagnostic["message"] == f"{finding['message']} [{finding['name']}]"


def test_code_actions_insert_the_suppression_comments(client: Client, uber_copy: Path) -> None:
    uri = client.open(uber_copy / BADGE)
    diagnostics = client.diagnostics(uri)
    ml101 = min(
        (d for d in diagnostics if d["code"] == "ML101"), key=lambda d: d["range"]["start"]["line"]
    )
    line = ml101["range"]["start"]["line"]
    assert (uber_copy / BADGE).read_text().splitlines()[line].startswith("        batch_op.")
    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": ml101["range"],
            "context": {"diagnostics": [ml101]},
        },
    )
    assert [a["title"] for a in actions] == [
        "Suppress ML101 on this line",
        "Suppress ML101 in this file",
    ]
    assert all(a["kind"] == "quickfix" and a["diagnostics"] == [ml101] for a in actions)
    (on_line,) = actions[0]["edit"]["changes"][uri]
    assert on_line["range"]["start"] == on_line["range"]["end"] == {"line": line, "character": 0}
    assert on_line["newText"] == "        # migration-lint: ignore[ML101] <reason>\n"
    (in_file,) = actions[1]["edit"]["changes"][uri]
    assert in_file["range"]["start"] == {"line": 0, "character": 0}
    assert in_file["newText"] == "# migration-lint: ignore-file[ML101] <reason>\n"
    # applied and saved, the comment silences that finding (and only that one)
    path = uber_copy / BADGE
    lines = path.read_text().splitlines(keepends=True)
    lines.insert(line, on_line["newText"])
    path.write_text("".join(lines))
    client.save(uri)
    expected = sorted(
        (code, start + (start >= line), a, end + (end >= line), b)
        for code, start, a, end, b in summary(diagnostics)
        if (code, start) != ("ML101", line)
    )
    after = client.diagnostics(uri)
    # the placeholder is not a reason: ML901 on the comment until one is written
    assert [d for d in summary(after) if d[0] == "ML901"] == [
        ("ML901", line, 8, line, len(on_line["newText"]) - 1)
    ]
    assert [d for d in summary(after) if d[0] != "ML901"] == expected
    path.write_text(path.read_text().replace("<reason>", "values copied to badge_num_int first"))
    client.save(uri)
    assert summary(client.diagnostics(uri)) == expected
    other = {**ml101, "source": "pyright", "code": "reportGeneralTypeIssues"}
    assert (
        client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": ml101["range"],
                "context": {"diagnostics": [other]},
            },
        )
        == []
    )


def test_save_relints_from_disk_and_counts_utf16_columns(client: Client, uber_copy: Path) -> None:
    path = uber_copy / EMAIL
    uri = client.open(path)
    assert client.diagnostics(uri) == []
    source = path.read_text()
    hazard = "    note = '\U0001f600'; op.drop_column('attendee', 'badge_num')\n"
    path.write_text(source.replace("def downgrade():", hazard + "\n\ndef downgrade():"))
    client.save(uri)
    diagnostics = client.diagnostics(uri)
    flagged = cli_findings(uber_copy, EMAIL)
    assert "ML105" in {f["code"] for f in flagged}
    drop = next(d for d in diagnostics if d["code"] == "ML105")
    finding = next(f for f in flagged if f["code"] == "ML105")
    # the emoji before the call is one code point (the CLI's column) but two UTF-16 units
    assert drop["range"]["start"] == {"line": finding["line"] - 1, "character": finding["column"]}
    assert drop["range"]["end"]["character"] == finding["end_column"]
    path.write_text(source)
    client.save(uri)
    assert client.diagnostics(uri) == []


def test_saving_one_revision_republishes_the_other_open_ones(
    client: Client, uber_copy: Path
) -> None:
    badge = client.open(uber_copy / BADGE)
    first = client.diagnostics(badge)
    client.round_done()
    tracks = client.open(uber_copy / TRACKS)
    assert {d["code"] for d in client.diagnostics(tracks)} == {"ML103", "ML105"}
    assert summary(client.diagnostics(badge)) == summary(first)  # the sibling, again
    client.round_done()
    client.save(tracks)
    assert summary(client.diagnostics(badge)) == summary(first)


def test_a_changed_configuration_is_shown_once_and_clears_diagnostics(
    client: Client, uber_copy: Path
) -> None:
    uri = client.open(uber_copy / BADGE)
    assert client.diagnostics(uri)
    pyproject = uber_copy / "pyproject.toml"
    good = pyproject.read_text()
    pyproject.write_text(good.replace('versions = "alembic/versions"', "versions = 1"))
    change = {"changes": [{"uri": pyproject.as_uri(), "type": 2}]}
    client.notify("workspace/didChangeWatchedFiles", change)
    assert client.diagnostics(uri) == []
    start = client.round_done()
    errors = [m for m in client.seen if m.get("method") == "window/showMessage"]
    assert [m["params"]["type"] for m in errors] == [1]
    assert "versions must be a path string" in errors[0]["params"]["message"]
    client.save(uri)
    client.round_done()
    assert not [m for m in client.seen[start:] if m.get("method") == "window/showMessage"]
    pyproject.write_text(good)
    client.notify("workspace/didChangeWatchedFiles", change)
    assert {d["code"] for d in client.diagnostics(uri)} == {"ML101", "ML105"}


def test_the_projects_lint_settings_apply(client: Client, uber_copy: Path) -> None:
    uri = client.open(uber_copy / BADGE)
    assert {d["code"] for d in client.diagnostics(uri)} == {"ML101", "ML105"}
    pyproject = uber_copy / "pyproject.toml"
    settings = (
        '[tool.migration_lint.lint]\nper-file-ignores = { "e14989f05713_*.py" = ["ML105"] }\n'
    )
    pyproject.write_text(pyproject.read_text() + settings)
    client.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": pyproject.as_uri(), "type": 2}]}
    )
    assert {d["code"] for d in client.diagnostics(uri)} == {"ML101"}


def test_files_outside_a_project_get_nothing(
    client: Client, uber_copy: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere" / "script.py"
    outside.parent.mkdir()
    outside.write_text("import os\nos.remove('x')\n")
    env = uber_copy / "alembic" / "env.py"  # in the project, but neither revision nor models
    start = len(client.seen)
    for path in (outside, env):
        client.open(path)
        client.round_done()
    sent = [m.get("method") for m in client.seen[start:]]
    assert "textDocument/publishDiagnostics" not in sent
    assert "window/showMessage" not in sent
    uri = client.open(uber_copy / BADGE)  # and the server still works
    assert client.diagnostics(uri)
    assert client.stop() == 0


def test_close_clears_the_diagnostics(client: Client, uber_copy: Path) -> None:
    uri = client.open(uber_copy / BADGE)
    assert client.diagnostics(uri)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri) == []


def test_exit_without_shutdown_is_code_1(client: Client) -> None:
    client.notify("exit", None)
    assert client.process.stdin is not None
    client.process.stdin.close()
    assert client.process.wait(timeout=TIMEOUT) == 1


def test_the_server_starts_without_typer_alembic_or_sqlalchemy(uber_copy: Path) -> None:
    client = Client(uber_copy, "-X", "importtime")
    _initialize(client)
    uri = client.open(uber_copy / BADGE)
    assert client.diagnostics(uri)
    assert client.stop() == 0
    imported = {
        line.split(b"|")[-1].strip().split(b".")[0].decode()
        for line in client.stderr
        if line.startswith(b"import time:")
    }
    assert "pygls" in imported
    assert not imported & {"typer", "alembic", "sqlalchemy"}


def test_sep_help_lists_lsp() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "lsp" in result.stdout.split("Commands:")[1]


# the helpers, without a server -------------------------------------------------------------


def test_file_comments_go_below_a_shebang_and_a_coding_cookie() -> None:
    assert file_comment_line(['"""Doc."""\n']) == 0
    assert file_comment_line(["#!/usr/bin/env python\n", "x = 1\n"]) == 1
    assert file_comment_line(["# -*- coding: latin-1 -*-\n", "x = 1\n"]) == 1
    assert file_comment_line(["#!/usr/bin/env python\n", "# vim: set fileencoding=utf-8 :\n"]) == 2
    assert file_comment_line(["x = 1\n", "# coding: utf-8\n"]) == 0
    assert file_comment_line([]) == 0


def test_suppression_keeps_crlf_line_ends_and_tabs() -> None:
    lines = ["def upgrade():\r\n", "\top.drop_column('a', 'b')\r\n"]
    at = types.Position(line=1, character=1)
    diagnostic = types.Diagnostic(
        range=types.Range(start=at, end=at), message="m", code="ML105", source="migration-lint"
    )
    actions = suppression_actions("file:///x.py", [diagnostic, diagnostic], lines)
    assert [a.title for a in actions] == [
        "Suppress ML105 on this line",
        "Suppress ML105 on this line",
        "Suppress ML105 in this file",
    ]
    texts = [a.edit.changes["file:///x.py"][0].new_text for a in actions]  # type: ignore[union-attr]
    assert texts[0] == "\t# migration-lint: ignore[ML105] <reason>\r\n"
    assert texts[2] == "# migration-lint: ignore-file[ML105] <reason>\r\n"
    assert actions[2].diagnostics == [diagnostic, diagnostic]


def test_columns_convert_to_the_negotiated_encoding() -> None:
    from migration_lint.diagnostics import Finding, Severity

    finding = Finding("x.py", 1, 6, 1, 8, "ML105", "drop-column", Severity.INFO, "m")
    lines = ["é😀 = op.x\n"]  # 'é' is 1 unit in UTF-16, 2 in UTF-8; the emoji 2 and 4
    utf16 = to_diagnostic(finding, lines, PositionCodec(), "u").range
    utf8 = to_diagnostic(finding, lines, PositionCodec(types.PositionEncodingKind.Utf8), "u").range
    assert (utf16.start.character, utf16.end.character) == (6, 8)
    assert (utf8.start.character, utf8.end.character) == (9, 11)
    severity = to_diagnostic(finding, lines, PositionCodec(), "u").severity
    assert severity == types.DiagnosticSeverity.Information
