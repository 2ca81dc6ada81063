"""What ``sep`` writes stays in the project's versions directories, and lint runs no code.

Every refusal is checked to leave the whole temporary directory, the project and what is
around it, byte for byte as it was.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest
from conftest import Sep
from test_alembic_front import VERSIONS, add_plugin, assert_usage_error, snapshot


def _refused_without_writing(sep: Sep, around: Path, *arguments: str, fragment: str) -> None:
    before = snapshot(around)
    assert_usage_error(sep.alembic(*arguments), fragment)
    assert snapshot(around) == before


@pytest.mark.parametrize(
    ("version_path", "fragment"),
    [
        ("../elsewhere/versions", "is outside the project"),
        ("/tmp/migration-lint-elsewhere/versions", "is outside the project"),
        ("uber", "is not a configured versions directory"),  # the models package
        ("alembic/versions/sub", "is not a configured versions directory"),
        ("plugins/panels/alembic/versions/../../../mivs/alembic/versions", "of plugin 'mivs'"),
    ],
)
def test_a_version_path_elsewhere_is_refused(
    sep: Sep, uber_copy: Path, version_path: str, fragment: str
) -> None:
    _refused_without_writing(
        sep, uber_copy.parent, "--plugin", "panels", "revision", "-m", "x",
        "--version-path", version_path, fragment=fragment,
    )  # fmt: skip
    assert not Path("/tmp/migration-lint-elsewhere").exists()


def test_a_symlink_out_of_the_project_is_refused(sep: Sep, uber_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (uber_copy / "shortcut").symlink_to(outside, target_is_directory=True)
    _refused_without_writing(
        sep, tmp_path, "revision", "-m", "x", "--version-path", "shortcut",
        fragment="is outside the project",
    )  # fmt: skip
    assert list(outside.iterdir()) == []


def test_a_symlinked_versions_directory_leading_out_is_refused(
    sep: Sep, uber_copy: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside" / "versions"
    outside.mkdir(parents=True)
    (uber_copy / "plugins" / "lodging").mkdir()
    (uber_copy / "plugins" / "lodging" / "versions").symlink_to(outside)
    with (uber_copy / "pyproject.toml").open("a") as config:
        config.write(
            '\n[tool.migration_lint.plugins.lodging]\nversions = "plugins/lodging/versions"\n'
            'depends_on = "uber"\n'
        )
    # the configuration resolves the link: the directory it names is outside the project
    _refused_without_writing(
        sep, tmp_path, "--plugin", "lodging", "revision", "-m", "Initial",
        fragment="is outside the project",
    )  # fmt: skip
    assert list(outside.iterdir()) == []


def test_a_configured_versions_directory_outside_the_project_is_refused(
    sep: Sep, uber_copy: Path
) -> None:
    with (uber_copy / "pyproject.toml").open("a") as config:
        config.write(
            '\n[tool.migration_lint.plugins.lodging]\nversions = "../lodging/versions"\n'
            'depends_on = "uber"\n'
        )
    _refused_without_writing(
        sep, uber_copy.parent, "--plugin", "lodging", "revision", "-m", "Initial",
        fragment="is outside the project",
    )  # fmt: skip
    assert not (uber_copy.parent / "lodging").exists()


@pytest.mark.parametrize("plugin", ["../uber", "/etc", "uber/../panels", "nosuch"])
def test_a_plugin_name_must_be_a_configured_one(sep: Sep, uber_copy: Path, plugin: str) -> None:
    _refused_without_writing(
        sep, uber_copy.parent, "--plugin", plugin, "revision", "-m", "x",
        fragment="configured plugins: uber, panels",
    )  # fmt: skip


def test_the_plugins_own_directory_in_another_spelling_is_accepted(
    sep: Sep, uber_copy: Path
) -> None:
    before = set((uber_copy / VERSIONS["panels"]).iterdir())
    spelled = f"./plugins/../{VERSIONS['panels']}/"
    sep.ok("revision", "-m", "Add room note", "--version-path", spelled)
    (created,) = set((uber_copy / VERSIONS["panels"]).iterdir()) - before
    assert created.name.endswith("_add_room_note.py")


def test_a_new_plugin_gets_its_directory_inside_the_project(sep: Sep, uber_copy: Path) -> None:
    versions = add_plugin(uber_copy, "lodging", depends_on="uber")
    before = snapshot(uber_copy.parent)
    sep.ok("--plugin", "lodging", "revision", "-m", "Initial lodging")
    after = snapshot(uber_copy.parent)
    created = set(after) - set(before)
    relative = str(versions.relative_to(uber_copy.parent))
    assert created and all(path.startswith(relative.split("/alembic")[0]) for path in created)
    assert {k for k in before if after.get(k) != before[k]} == set()  # nothing else changed


# --- lint reads code, it never runs it ------------------------------------------------------

PAYLOAD = """
import os, socket
open({marker!r}, "w").write("executed")
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=2).sendall(b"executed")
except OSError:
    pass
"""


def test_lint_never_executes_the_project(uber_copy: Path, tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    marker = tmp_path / "executed.txt"
    payload = PAYLOAD.format(marker=str(marker), port=port)
    revision = uber_copy / VERSIONS["uber"] / "0badc0ffee00_side_effects.py"
    revision.write_text(
        payload
        + "revision = '0badc0ffee00'\ndown_revision = '91caa0bbbe0c'\n"
        + "def upgrade():\n" + payload.replace("\n", "\n    ") + "\n"
        + "    op.drop_column('attendee', 'nickname')\n"
        + "def downgrade():\n    pass\n"
    )  # fmt: skip
    models = uber_copy / "uber" / "models.py"
    models.write_text(payload + models.read_text())
    (uber_copy / "uber" / "__init__.py").write_text(payload)
    (uber_copy / "alembic" / "env.py").write_text(payload)

    sep = Sep(uber_copy, None)
    result = sep.run("alembic", "lint", "--no-cache", "--format", "json")

    assert result.code == 1, result  # it did lint: the planted hazards are reported
    assert "0badc0ffee00_side_effects.py" in result.stdout
    assert not marker.exists()
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected
    listener.close()


def test_the_fork_pool_runs_no_project_code_either(tmp_path: Path) -> None:
    """A project large enough to be parsed in worker processes."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    project = tmp_path / "big"
    subprocess.run(
        [sys.executable, str(root / "bench" / "generate.py"), "--revisions", "120", str(project)],
        check=True, capture_output=True,
    )  # fmt: skip
    marker = tmp_path / "executed.txt"
    payload = f"open({str(marker)!r}, 'w').write('x')\n"
    for path in list(project.rglob("*.py"))[::7]:
        path.write_text(payload + path.read_text())
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    completed = subprocess.run(
        [sys.executable, "-m", "migration_lint", "alembic", "lint", "--no-cache"],
        cwd=project, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr
    assert not marker.exists()
