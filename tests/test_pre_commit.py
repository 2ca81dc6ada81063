"""The pre-commit hook (.pre-commit-hooks.yaml), run by real pre-commit.

Each test makes a git repository holding a copy of examples/uber (committed as the
baseline, hazards and all), stages a change, and runs pre-commit on it the way a commit
does: the hook is installed by pre-commit itself, with pip, into a hook virtualenv, from
a repository holding this checkout.

Installing the hook costs ~20 s (pip builds this package and installs its dependencies
from this machine's pip configuration). ``pre-commit try-repo`` always installs into a
throwaway store of its own (PRE_COMMIT_HOME does not cache it), so one test uses it, the
command hook authors try hooks with; the others run ``pre-commit run`` with the
configuration try-repo would write (repo: the same repository, rev: the same commit) and a
PRE_COMMIT_HOME shared by the module, so the hook is installed once for all of them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

clientlib = pytest.importorskip(
    "pre_commit.clientlib",
    reason="pre-commit is not installed (it is in the test extra: pip install -e '.[test]')",
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HOOK_ID = "migration-lint"
TIMEOUT = 900  # seconds; installing the hook environment is the slow part

# examples/uber's mivs plugin: its root revision and its head, on which a new revision goes.
MIVS_ROOT, MIVS_HEAD = "c7dea74e9f42", "2f2d65117e32"
MIVS_VERSIONS = "plugins/mivs/alembic/versions"
MIVS_MODELS = "plugins/mivs/mivs/models.py"
NEW_REVISION = "3a1b2c3d4e5f"
WEBSITE_COLUMN = "    website = Column(Unicode, nullable=False, default='', server_default='')\n"
CONTACT_EMAIL_COLUMN = (
    "    contact_email = Column(Unicode, nullable=False, default='', server_default='')\n"
)

_COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "venv", "__pycache__", "*.egg-info", ".pytest_cache", ".ruff_cache",
    ".migration_lint_cache", "build", "dist", "*.db",
)


# -- the hook's manifest ------------------------------------------------------------------


def _hook() -> dict:
    manifest = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))  # validates it
    (hook,) = (h for h in manifest if h["id"] == HOOK_ID)
    return hook


def _example_paths() -> list[str]:
    """A revision path in every versions directory, and every models path, of the examples."""
    paths = []
    for pyproject in sorted(EXAMPLES.glob("*/pyproject.toml")):
        table = tomllib.loads(pyproject.read_text())["tool"]["migration_lint"]
        for plugin in table["plugins"].values():
            paths.append(f"{plugin['versions']}/0123456789ab_change.py")
            paths.extend(plugin.get("models", []))
    return paths


def test_the_manifest_declares_one_serial_hook_on_revisions_and_models() -> None:
    hook = _hook()
    assert hook["entry"] == "sep alembic lint"
    assert hook["language"] == "python"
    assert hook["types"] == ["python"]
    assert hook["require_serial"] is True
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    example_paths = _example_paths()
    assert len(example_paths) >= 20
    matching = [
        *example_paths,
        "alembic/versions/f20480286bfe_initial_migration.py",
        "plugins/panels/panels/alembic/versions/4676384b6c14_initial.py",
        "migrations/versions/0001_initial.py",
        "app/models/__init__.py",
        "app/models/attendee.py",
        "models.py",
    ]
    not_matching = [
        "alembic/env.py",
        "uber/__init__.py",
        "uber/views.py",
        "uber/models_helpers.py",
        "tests/test_models.py",
        "plugins/panels/panels/site_sections.py",
        "myversions/0001_initial.py",
        "versions.py",
    ]
    # pre-commit applies `files` with re.search to paths relative to the repository root
    assert [p for p in matching if not files.search(p)] == []
    assert [p for p in not_matching if files.search(p)] == []


# -- real pre-commit ----------------------------------------------------------------------


@dataclass(frozen=True)
class HookRepo:
    path: Path
    rev: str


@dataclass(frozen=True)
class Run:
    code: int
    output: str

    def __str__(self) -> str:  # shown by pytest when an assertion about it fails
        return f"exit {self.code}\n{self.output}"


def _environment(pre_commit_home: Path) -> dict[str, str]:
    # GIT_* variables of an enclosing git hook (GIT_DIR, GIT_INDEX_FILE...) would point
    # git at the wrong repository; SKIP and PRE_COMMIT_* would change what pre-commit does.
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT")) and key != "SKIP"
    }
    environment.update(
        PRE_COMMIT_HOME=str(pre_commit_home),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
        GIT_AUTHOR_NAME="migration-lint tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="migration-lint tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
    )
    return environment


def _git(cwd: Path, environment: dict[str, str], *args: str) -> str:
    completed = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, env=environment, capture_output=True, text=True, check=True,
    )
    return completed.stdout.strip()


def _pre_commit(cwd: Path, environment: dict[str, str], *args: str) -> Run:
    completed = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=TIMEOUT,
    )
    return Run(completed.returncode, completed.stdout + completed.stderr)


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Shared by the module: PRE_COMMIT_HOME keeps the hook installed from test to test."""
    return _environment(tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, environment: dict[str, str]) -> HookRepo:
    """This checkout's files as they are on disk, committed in a repository of their own.

    try-repo on the checkout itself would commit only its tracked changes (``git add -u``)
    in its shadow repository: a module created but not yet added would be missing from the
    hook it installs. This repository holds exactly what is on disk (what .gitignore keeps
    out stays out) and works where the checkout is not a git repository.
    """
    path = tmp_path_factory.mktemp("hook-repo") / "migration-lint"
    shutil.copytree(ROOT, path, ignore=_COPY_IGNORE)
    _git(path, environment, "init", "-q")
    _git(path, environment, "add", "-A")
    _git(path, environment, "commit", "-q", "--no-verify", "-m", "this checkout")
    return HookRepo(path, _git(path, environment, "rev-parse", "HEAD"))


@pytest.fixture
def project(tmp_path: Path, environment: dict[str, str]) -> Path:
    """A git repository holding examples/uber, committed (without any hook)."""
    path = tmp_path / "project"
    shutil.copytree(EXAMPLES / "uber", path, ignore=_COPY_IGNORE)
    _git(path, environment, "init", "-q")
    _git(path, environment, "add", "-A")
    _git(path, environment, "commit", "-q", "--no-verify", "-m", "baseline")
    return path


def _config(tmp_path: Path, hook_repo: HookRepo, args: Sequence[str] = ()) -> Path:
    """The configuration try-repo writes, plus ``args`` (JSON is YAML)."""
    hook: dict[str, object] = {"id": HOOK_ID}
    if args:
        hook["args"] = list(args)
    config = {"repos": [{"repo": str(hook_repo.path), "rev": hook_repo.rev, "hooks": [hook]}]}
    path = tmp_path / "pre-commit-config.yaml"  # outside the project: it is not committed
    path.write_text(json.dumps(config, indent=2))
    return path


def _revision(message: str, down_revision: str, upgrade: list[str], downgrade: list[str]) -> str:
    """A revision script in the shape `sep alembic revision` writes in examples/uber."""
    upgrade_body = "\n    ".join(upgrade)
    downgrade_body = "\n    ".join(downgrade)
    return f'''"""{message}

Revision ID: {NEW_REVISION}
Revises: {down_revision}
Create Date: 2024-06-01 10:00:00.000000

"""


# revision identifiers, used by Alembic.
revision = '{NEW_REVISION}'
down_revision = '{down_revision}'
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade():
    {upgrade_body}


def downgrade():
    {downgrade_body}
'''


def _add_contact_email(project: Path, down_revision: str, *, model: bool = True) -> str:
    """A new mivs revision adding indie_studio.contact_email, and (``model``) its model column."""
    path = f"{MIVS_VERSIONS}/{NEW_REVISION}_add_contact_email_to_indie_studio.py"
    (project / path).write_text(
        _revision(
            "Add contact_email to indie_studio",
            down_revision,
            upgrade=[
                "op.add_column('indie_studio', sa.Column('contact_email', sa.Unicode(), "
                "server_default='', nullable=False))"
            ],
            downgrade=["op.drop_column('indie_studio', 'contact_email')"],
        )
    )
    if model:
        _add_model_column(project)
    return path


def _add_model_column(project: Path) -> None:
    models = project / MIVS_MODELS
    source = models.read_text()
    assert WEBSITE_COLUMN in source, "examples/uber's IndieStudio model changed"
    models.write_text(source.replace(WEBSITE_COLUMN, WEBSITE_COLUMN + CONTACT_EMAIL_COLUMN))


def _hook_line(run: Run) -> str:
    (line,) = (line for line in run.output.splitlines() if line.startswith(HOOK_ID + "."))
    return line


def _reported_paths(run: Run) -> set[str]:
    """The paths of the findings (``path:line:col``) in the hook's output."""
    return set(re.findall(r"^\s*(\S+?):\d+:\d+:? ML\d{3}\b", run.output, re.MULTILINE))


def _other_example_files(project: Path, new: Sequence[str]) -> list[str]:
    every = [p.relative_to(project).as_posix() for p in project.rglob("*.py")]
    return [p for p in every if p not in new]


def test_try_repo_fails_on_a_staged_hazardous_revision_and_reports_only_it(
    project: Path, hook_repo: HookRepo, environment: dict[str, str]
) -> None:
    path = f"{MIVS_VERSIONS}/{NEW_REVISION}_change_indie_studio_website.py"
    (project / path).write_text(
        _revision(
            "Change indie_studio.website",
            MIVS_HEAD,
            upgrade=[
                "op.drop_column('indie_studio', 'website')",
                "op.add_column('indie_studio', sa.Column('website', sa.Unicode(255), "
                "server_default='', nullable=False))",
            ],
            downgrade=[
                "op.alter_column('indie_studio', 'website', type_=sa.Unicode(), "
                "existing_type=sa.Unicode(255))"
            ],
        )
    )
    _git(project, environment, "add", path)

    run = _pre_commit(project, environment, "try-repo", str(hook_repo.path), HOOK_ID,
                      "--color", "never")

    assert run.code == 1, run
    assert _hook_line(run).endswith("Failed"), run
    source = (project / path).read_text().splitlines()
    line = source.index("    op.drop_column('indie_studio', 'website')") + 1
    assert re.search(rf"^\s*{re.escape(path)}:{line}:5:? ML101 ", run.output, re.M), run
    # Only the staged file is reported on: the planted hazards of the baseline's revisions
    # (ML101, ML102, ML201, ML202...) are not, although the whole project was loaded.
    assert _reported_paths(run) == {path}, run
    assert [p for p in _other_example_files(project, [path]) if p in run.output] == [], run


def test_a_new_revision_and_its_model_pass_even_with_strict(
    project: Path, hook_repo: HookRepo, environment: dict[str, str], tmp_path: Path
) -> None:
    path = _add_contact_email(project, MIVS_HEAD)
    _git(project, environment, "add", path, MIVS_MODELS)
    config = _config(tmp_path, hook_repo, ["--strict"])

    run = _pre_commit(project, environment, "run", "--config", str(config), "--color", "never")

    assert run.code == 0, run
    # "Passed", not "(no files to check)Skipped": the hook saw the staged files
    assert _hook_line(run).endswith("Passed"), run


def test_a_staged_models_file_is_linted(
    project: Path, hook_repo: HookRepo, environment: dict[str, str], tmp_path: Path
) -> None:
    _add_model_column(project)  # a model column that no revision creates: ML204 (warning)
    _git(project, environment, "add", MIVS_MODELS)
    config = _config(tmp_path, hook_repo, ["--strict"])

    run = _pre_commit(project, environment, "run", "--config", str(config), "--color", "never")

    assert run.code == 1, run
    assert re.search(rf"^\s*{re.escape(MIVS_MODELS)}:\d+:\d+:? ML204 ", run.output, re.M), run
    assert _reported_paths(run) == {MIVS_MODELS}, run


def test_a_revision_on_the_wrong_parent_is_caught_from_the_rest_of_the_project(
    project: Path, hook_repo: HookRepo, environment: dict[str, str], tmp_path: Path
) -> None:
    # Based on the plugin's root instead of its head: a second head, which only the other
    # revision files (not passed to the hook) can reveal.
    path = _add_contact_email(project, MIVS_ROOT)
    config = _config(tmp_path, hook_repo)

    run = _pre_commit(project, environment, "run", "--config", str(config), "--color", "never",
                      "--files", path, MIVS_MODELS)

    assert run.code == 1, run
    assert re.search(rf"^\s*{re.escape(path)}:\d+:\d+:? ML301 .*'{MIVS_HEAD}'", run.output,
                     re.MULTILINE), run
    assert _reported_paths(run) == {path}, run


def test_files_the_hook_does_not_match_skip_it(
    project: Path, hook_repo: HookRepo, environment: dict[str, str], tmp_path: Path
) -> None:
    # A Python file outside versions/ and the models
    with (project / "uber" / "__init__.py").open("a") as init:
        init.write("# changed\n")
    _git(project, environment, "add", "uber/__init__.py")
    config = _config(tmp_path, hook_repo)

    run = _pre_commit(project, environment, "run", "--config", str(config), "--color", "never")

    assert run.code == 0, run
    assert _hook_line(run).endswith("Skipped"), run
