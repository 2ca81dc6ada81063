"""The cache never changes results: cold == warm, only changed files re-parse, bad files ignored."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from migration_lint import project as project_module
from migration_lint.cache import CACHE_DIR_NAME, Cache
from migration_lint.config import load_config
from migration_lint.linter import LintResult, run_lint, select_rules

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "uber"
CHANGED = "alembic/versions/9c52dd0bad5c_add_email_to_attendee.py"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    copy = tmp_path / "uber"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("__pycache__", CACHE_DIR_NAME))
    return copy


@pytest.fixture(autouse=True)
def private_key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def lint(root: Path, cache: bool = True, paths: list[Path] | None = None) -> LintResult:
    config = load_config(root / "pyproject.toml")
    store = Cache(root / CACHE_DIR_NAME) if cache else None
    return run_lint(config, paths or [], select_rules(), store)


def test_cold_and_warm_runs_give_identical_findings(example: Path) -> None:
    uncached = lint(example, cache=False)
    cold = lint(example)
    warm = lint(example)
    assert len(cold.findings) == 13
    assert cold.findings == warm.findings == uncached.findings
    assert (cold.files_checked, cold.notes) == (warm.files_checked, warm.notes)
    assert len(cold.parsed) == 19 + 6  # revisions + models files
    assert warm.parsed == []


def test_only_the_changed_file_is_parsed_again(example: Path) -> None:
    lint(example)
    changed = example / CHANGED
    changed.write_text(changed.read_text() + "\n# reviewed\n")
    result = lint(example)
    assert result.parsed == [str(changed.resolve())]
    assert result.findings == lint(example, cache=False).findings


def test_a_changed_models_file_changes_the_findings(example: Path) -> None:
    assert any(f.code == "ML201" for f in lint(example).findings)
    models = example / "uber" / "models.py"
    models.write_text(models.read_text().replace("backref='attendees'", "backref='members_of'"))
    result = lint(example)
    assert result.parsed == [str(models.resolve())]
    assert not any(f.code == "ML201" for f in result.findings)


def test_a_changed_rule_selection_is_not_served_from_the_cache(example: Path) -> None:
    lint(example)
    config = load_config(example / "pyproject.toml")
    result = run_lint(config, [], select_rules(["ML2"]), Cache(example / CACHE_DIR_NAME))
    assert {f.code for f in result.findings} == {"ML201", "ML202"}


def test_cache_directory_ignores_itself_in_git(example: Path) -> None:
    lint(example)
    assert (example / CACHE_DIR_NAME / ".gitignore").read_text().splitlines()[-1] == "*"


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "foreign-signature"])
def test_damaged_cache_files_are_ignored_and_rebuilt(example: Path, damage: str) -> None:
    expected = lint(example).findings
    for path in (example / CACHE_DIR_NAME).glob("*.pickle"):
        data = path.read_bytes()
        damaged = {
            "truncate": data[: len(data) // 2],
            "garbage": os.urandom(len(data)),
            "empty": b"",
            "foreign-signature": data[:8] + bytes(32) + data[40:],
        }[damage]
        path.write_bytes(damaged)
    result = lint(example)
    assert result.findings == expected
    assert len(result.parsed) == 25  # nothing trusted: everything parsed again
    assert lint(example).parsed == []  # and the cache works again


class _Exploit:
    def __reduce__(self):  # what a malicious, committed cache file would carry
        return (os.system, (f"touch {os.environ['EXPLOIT_MARKER']}",))


def test_a_committed_malicious_cache_file_is_never_unpickled(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "exploited"
    monkeypatch.setenv("EXPLOIT_MARKER", str(marker))
    lint(example)
    payload = pickle.dumps(_Exploit())
    for path in (example / CACHE_DIR_NAME).glob("*.pickle"):
        path.write_bytes(b"MLCACHE1" + os.urandom(32) + payload)
    assert len(lint(example).findings) == 13
    assert not marker.exists()


def test_no_cache_writes_nothing(example: Path) -> None:
    lint(example, cache=False)
    assert not (example / CACHE_DIR_NAME).exists()


def test_parallel_parsing_gives_the_same_facts(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sequential = lint(example, cache=False)
    monkeypatch.setattr(project_module, "PARALLEL_THRESHOLD", 2)
    parallel = lint(example, cache=False)
    assert parallel.findings == sequential.findings
    assert parallel.parsed == sequential.parsed


def _sep(example: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = "from migration_lint.__main__ import main; main()"
    return subprocess.run(
        [sys.executable, *args, "-c", code, "alembic", "lint", "--format", "json"],
        cwd=example,
        capture_output=True,
        text=True,
        check=False,
    )


def test_concurrent_runs_all_finish_with_correct_results(example: Path) -> None:
    code = "from migration_lint.__main__ import main; main()"
    command = [sys.executable, "-c", code, "alembic", "lint", "--format", "json"]
    runs = [
        subprocess.Popen(command, cwd=example, stdout=subprocess.PIPE, text=True) for _ in range(4)
    ]
    outputs = [run.communicate()[0] for run in runs]
    assert [run.returncode for run in runs] == [1, 1, 1, 1]
    assert all(len(json.loads(output)) == 13 for output in outputs)
    assert len(json.loads(_sep(example).stdout)) == 13


def test_a_warm_run_imports_neither_libcst_nor_alembic_nor_typer(example: Path) -> None:
    assert _sep(example).returncode == 1  # fills the cache
    warm = _sep(example, "-X", "importtime")
    assert warm.returncode == 1 and len(json.loads(warm.stdout)) == 13
    imported = {line.split("|")[-1].strip().split(".")[0] for line in warm.stderr.splitlines()}
    assert not imported & {"libcst", "alembic", "sqlalchemy", "typer", "pydantic"}
