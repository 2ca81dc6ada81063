"""The progress bar: shown on a terminal for a run that parses hundreds of files, else not."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("progress") / "project"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "--revisions", "400", str(target)],
        check=True,
        capture_output=True,
    )
    return target


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "TERM")}
    env["TERM"] = "xterm-256color"
    return env


def _lint(project: Path, stderr: int) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "migration_lint", "alembic", "lint", "--no-cache"]
    return subprocess.run(
        command, cwd=project, stdout=subprocess.PIPE, stderr=stderr, env=_environment(),
        timeout=120, check=False,
    )  # fmt: skip


def test_a_terminal_sees_a_bar(big_project: Path) -> None:
    leader, follower = pty.openpty()
    try:
        completed = _lint(big_project, follower)
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO once the writer side is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    terminal = b"".join(chunks).decode(errors="replace")
    assert completed.returncode == 1  # the generated project has planted hazards
    assert "parsing" in terminal
    assert "/4" in terminal  # "N/4xx": revisions plus models files
    assert b"parsing" not in completed.stdout  # the report itself stays clean


def test_piped_output_has_no_bar(big_project: Path) -> None:
    completed = _lint(big_project, subprocess.PIPE)
    assert completed.returncode == 1
    assert b"parsing" not in completed.stderr + completed.stdout
    assert b"\x1b[" not in completed.stderr


def test_a_small_run_has_no_bar(tmp_path: Path) -> None:
    from migration_lint.progress import ParseProgress

    class Terminal:
        def __init__(self) -> None:
            self.written: list[str] = []

        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> int:
            self.written.append(text)
            return len(text)

        def flush(self) -> None:
            pass

    stream = Terminal()
    with ParseProgress(stream, threshold=300) as progress:  # type: ignore[arg-type]
        progress.enabled = True
        for done in range(1, 41):
            progress(done, 40)
    assert stream.written == []


def test_a_closed_pipe_ends_quietly(big_project: Path) -> None:
    """``sep alembic lint | head``: no BrokenPipeError traceback, the SIGPIPE status."""
    command = [sys.executable, "-m", "migration_lint", "alembic", "lint", "--format", "json"]
    process = subprocess.Popen(
        command, cwd=big_project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=_environment(),
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10)  # the report is larger than a pipe's buffer
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
