"""Hostile inputs (issue 8): each gives a clear finding or message, never a traceback.

Every case runs the real CLI in a subprocess (``python -m migration_lint alembic lint``) in a
copy of a tiny two-plugin project (``core`` and ``ext``, ``ext`` depending on ``core``), with
the hostile file put in ``ext``'s versions directory unless the case says otherwise.  Each
asserts the exit code (1 a finding, 2 a usage or configuration error, 0 fine), that no
traceback (nor a crash: a negative exit code) came out, and the finding (code, line) or the
message naming the file or key.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HOSTILE = "ext/versions/cccc00000001_hostile.py"
HEAD = '''"""Hostile

Revision ID: cccc00000001
Revises: bbbb00000001
"""
from alembic import op
import sqlalchemy as sa

revision = "cccc00000001"
down_revision = "bbbb00000001"
branch_labels = None
depends_on = None

'''
# a drop and re-add of a column (ML101, and ML105 for the drop), on lines known from HEAD
HAZARD = """def upgrade():
    op.drop_column('thing', 'label')
    op.add_column('thing', sa.Column('label', sa.Integer(), nullable=True))


def downgrade():
    pass
"""
DROP = "op.drop_column('thing', 'label')"

PYPROJECT = """[tool.migration_lint]
default_plugin = "core"

[tool.migration_lint.plugins.core]
versions = "core/versions"
models = ["core/models.py"]

[tool.migration_lint.plugins.ext]
versions = "ext/versions"
models = ["ext/models.py"]
depends_on = "core"
"""
CORE_MODELS = """from sqlalchemy import Column, Integer, Unicode
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Attendee(Base):
    __tablename__ = "attendee"
    id = Column(Integer, primary_key=True)
    name = Column(Unicode, nullable=False, server_default="")
"""
EXT_MODELS = """from sqlalchemy import Column, Integer, Unicode

from core.models import Base


class Thing(Base):
    __tablename__ = "thing"
    id = Column(Integer, primary_key=True)
    label = Column(Unicode, nullable=False, server_default="")
"""


def _initial(revision: str, table: str, column: str, labels: str, depends_on: str) -> str:
    return f'''"""Initial {table}

Revision ID: {revision}
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "{revision}"
down_revision = None
branch_labels = {labels}
depends_on = {depends_on}


def upgrade():
    op.create_table(
        "{table}",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("{column}", sa.Unicode(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("{table}")
'''


FILES = {
    "pyproject.toml": PYPROJECT,
    "core/models.py": CORE_MODELS,
    "ext/models.py": EXT_MODELS,
    "core/versions/aaaa00000001_initial.py": _initial(
        "aaaa00000001", "attendee", "name", '("core",)', "None"
    ),
    "ext/versions/bbbb00000001_ext_initial.py": _initial(
        "bbbb00000001", "thing", "label", '("ext",)', '"aaaa00000001"'
    ),
}


@dataclass
class Run:
    """What one ``sep`` process did."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    findings: list[dict] = field(default_factory=list)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def found(self) -> set[tuple[str, int, str]]:
        """(path, line, code) of every finding."""
        return {(f["path"], f["line"], f["code"]) for f in self.findings}

    def __str__(self) -> str:  # shown when an assertion about it fails
        return f"exit {self.code}\n--- stdout\n{self.stdout[:3000]}--- stderr\n{self.stderr[:3000]}"


def sep(cwd: Path, *args: str, timeout: float = 180) -> Run:
    """``python -m migration_lint ARGS`` in ``cwd``; never a traceback, never a crash."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SEP_DATABASE_URL", "ALEMBIC_CONFIG")
    }
    environment.update(NO_COLOR="1", COLUMNS="200", PYTHONDONTWRITEBYTECODE="1")
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "migration_lint", *args],
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    run = Run(completed.returncode, completed.stdout, completed.stderr, time.perf_counter() - start)
    assert "Traceback" not in run.output, run
    assert run.code in (0, 1, 2), run  # not killed by a signal (-11: SIGSEGV)
    return run


def lint(cwd: Path, *args: str, timeout: float = 180) -> Run:
    """``sep alembic lint --format json ARGS``, findings parsed."""
    run = sep(cwd, "alembic", "lint", "--format", "json", *args, timeout=timeout)
    if run.code in (0, 1):
        run.findings = json.loads(run.stdout)
    return run


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny project, written once; it lints clean."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    clean = lint(root, "--no-cache")
    assert (clean.code, clean.findings) == (0, []), clean
    return root


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path.resolve() / "project"  # resolved: messages name resolved paths
    shutil.copytree(template, copy, symlinks=True)
    return copy


def line_of(source: str, text: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th ``text`` in ``source`` (LF line ends)."""
    index = -1
    for _ in range(occurrence):
        index = source.index(text, index + 1)
    return source.count("\n", 0, index) + 1


def only_ml001(run: Run, path: str, line: int, message: str) -> None:
    """Exactly one finding, ML001 at ``path:line``, its message matching ``message``."""
    assert run.code == 1, run
    assert run.found() == {(path, line, "ML001")}, run
    assert re.search(message, run.findings[0]["message"]), run


# --- revision files that do not parse, or are not revisions -----------------------------

BROKEN_REVISIONS = [
    # (id, content, line of the finding, message pattern)
    ("empty file", b"", 1, r"no 'revision' variable: alembic cannot load this file"),
    ("only comments", b"# a note\n# and another\n", 1, r"no 'revision' variable"),
    (
        "missing revision",
        (HEAD.replace('revision = "cccc00000001"\n', "") + "def upgrade():\n    pass\n").encode(),
        1,
        r"no 'revision' variable.*Could not determine revision id",
    ),
    (
        "unclosed paren",
        (
            HEAD + "def upgrade():\n    op.add_column('thing', sa.Column('x', sa.Integer()\n"
        ).encode(),
        15,
        r"syntax error: '\(' was never closed",
    ),
    (
        "bad indent",
        (HEAD + "def upgrade():\n    x = 1\n      y = 2\n").encode(),
        16,
        r"syntax error: unexpected indent",
    ),
    ("def upgrade(:", (HEAD + "def upgrade(:\n    pass\n").encode(), 14, r"syntax error"),
    (
        "unterminated triple-quoted string",
        (HEAD + "def upgrade():\n    '''never closed\n    pass\n").encode(),
        15,
        r"syntax error: unterminated triple-quoted string",
    ),
    (
        "tabs and spaces (TabError)",
        (HEAD + "def upgrade():\n        x = 1\n\ty = 2\n").encode(),
        16,
        r"syntax error: inconsistent use of tabs and spaces",
    ),
    (
        "python 2 print",
        (HEAD + "def upgrade():\n    print 'x'\n").encode(),
        15,
        r"syntax error: Missing parentheses in call to 'print'",
    ),
    (
        "python 2 except",
        (
            HEAD + "def upgrade():\n    try:\n        pass\n    except Exception, e:\n"
            "        pass\n"
        ).encode(),
        17,
        r"syntax error: multiple exception types must be parenthesized",
    ),
    (
        "latin-1 without coding cookie",
        (HEAD + "# caf\xe9\n" + HAZARD).encode("latin-1"),
        14,
        r"not valid utf-8: invalid continuation byte",
    ),
    (
        "utf-16 with BOM",
        (HEAD + HAZARD).encode("utf-16"),
        1,
        r"cannot decode file",
    ),
    (
        "NUL byte",
        (HEAD + "def upgrade():\n    " + DROP + "\x00\n").encode(),
        15,
        r"cannot contain null bytes",
    ),
    (
        "parentheses 5,000 deep",
        (HEAD + "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n" + HAZARD).encode(),
        14,
        r"too many nested parentheses",
    ),
    (
        "list 100,000 deep in upgrade()",
        (HEAD + "def upgrade():\n    x = " + "[" * 100_000 + "]" * 100_000 + "\n").encode(),
        15,
        r"too many nested parentheses",
    ),
    (
        "100,000-term expression in upgrade()",
        (HEAD + "def upgrade():\n    x = " + "+".join(["1"] * 100_000) + "\n").encode(),
        1,  # ast's RecursionError carries no position
        r"nested too deeply",
    ),
    (
        "not 100,000 times",
        (HEAD + "def upgrade():\n    x = " + "not " * 100_000 + "x\n").encode(),
        1,
        r"too deeply nested",
    ),
]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in BROKEN_REVISIONS],
)
def test_a_broken_revision_is_ml001_where_it_breaks(
    project: Path, content: bytes, line: int, message: str
) -> None:
    (project / HOSTILE).write_bytes(content)
    only_ml001(lint(project), HOSTILE, line, message)


def nested_ifs(depth: int) -> str:
    lines = ["def upgrade():"]
    lines += ["    " * (level + 1) + "if is_sqlite:" for level in range(depth)]
    lines.append("    " * (depth + 1) + DROP)
    return "\n".join(lines) + "\n"


def test_if_blocks_nested_to_pythons_limit_parse_and_beyond_it_are_ml001(project: Path) -> None:
    deepest = 98  # with upgrade()'s body: the 100 indentation levels CPython allows
    (project / HOSTILE).write_text(HEAD + nested_ifs(deepest))
    fine = lint(project)
    line = line_of(HEAD + nested_ifs(deepest), DROP)
    assert (HOSTILE, line, "ML105") in fine.found(), fine
    assert next(f for f in fine.findings if f["code"] == "ML105")["column"] == 4 * deepest + 5
    assert not [f for f in fine.findings if f["code"] == "ML001"], fine
    (project / HOSTILE).write_text(HEAD + nested_ifs(deepest + 1))
    only_ml001(lint(project), HOSTILE, line + 1, r"too many levels of indentation")


# --- files that are odd but parse: findings on the right lines ---------------------------


def hazard_findings(source: str, path: str = HOSTILE) -> set[tuple[str, int, str]]:
    line = line_of(source, DROP)
    return {(path, line, "ML101"), (path, line, "ML105")}


@pytest.mark.parametrize(
    ("encode", "shift"),
    [
        pytest.param(lambda text: text.encode(), 0, id="LF"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode(), 0, id="CRLF"),
        pytest.param(lambda text: text.replace("\n", "\r").encode(), 0, id="CR only"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode(), 0, id="UTF-8 BOM"),
        pytest.param(
            lambda text: ("# -*- coding: latin-1 -*-\n# caf\xe9\n" + text).encode("latin-1"),
            2,
            id="latin-1 with coding cookie",
        ),
    ],
)
def test_odd_but_valid_files_give_findings_on_the_right_lines(
    project: Path, encode: Callable[[str], bytes], shift: int
) -> None:
    source = HEAD + HAZARD
    (project / HOSTILE).write_bytes(encode(source))
    run = lint(project)
    assert run.code == 1, run
    expected = {(path, line + shift, code) for path, line, code in hazard_findings(source)}
    assert run.found() == expected, run
    assert all(f["column"] == 5 for f in run.findings), run


# --- size: must finish, with the findings right ------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            HEAD.replace('"""Hostile\n', '"""Hostile\n' + ("x" * 99 + "\n") * 52_000) + HAZARD,
            id="5 MB docstring",
        ),
        pytest.param(
            HEAD
            + "DATA = [\n"
            + "    'abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz',\n" * 75_000
            + "]\n\n\n"
            + HAZARD,
            id="5 MB list literal",
        ),
    ],
)
def test_a_5_mb_revision_is_linted_in_reasonable_time(project: Path, source: str) -> None:
    assert len(source.encode()) >= 5_000_000
    (project / HOSTILE).write_text(source)
    run = lint(project)
    print(f"5 MB revision: {run.seconds:.1f} s")
    assert run.seconds < 60, f"{run.seconds:.1f} s"
    assert run.code == 1, run
    assert run.found() == hazard_findings(source), run


def test_a_10000_operation_upgrade_is_linted_with_every_finding(project: Path) -> None:
    """Was quadratic in several rules (minutes); each operation's finding is reported."""
    count = 10_000
    adds = "".join(
        f"    op.add_column('thing', sa.Column('c{i}', sa.Integer(), nullable=True))\n"
        for i in range(count)
    )
    source = HEAD + HAZARD.replace("def upgrade():\n", "def upgrade():\n" + adds).replace(
        "    pass\n", "    op.drop_table('thing')\n"
    )
    (project / HOSTILE).write_text(source)
    run = lint(project, timeout=300)
    print(f"10,000 operations: {run.seconds:.1f} s")
    assert run.seconds < 60, f"{run.seconds:.1f} s"
    assert run.code == 1, run
    assert Counter(f["code"] for f in run.findings) == {"ML204": count, "ML101": 1, "ML105": 1}
    assert hazard_findings(source) <= run.found()
    drift = {(f["line"], f["message"].split("'")[1]) for f in run.findings if f["code"] == "ML204"}
    assert drift == {(15 + i, f"thing.c{i}") for i in range(count)}


# --- the file system ---------------------------------------------------------------------


def test_a_directory_named_like_a_revision_is_not_read(project: Path) -> None:
    (project / "ext/versions/x.py").mkdir()
    (project / "ext/versions/x.py/inner.py").write_text("def upgrade(:\n")  # never loaded
    run = lint(project)
    assert (run.code, run.findings) == (0, []), run


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: chmod 000 does not stop reads (test_a_revision_that_cannot_be"
    "_read_is_ml001 covers an unreadable revision by another means)",
)
def test_an_unreadable_revision_is_ml001(project: Path) -> None:
    (project / HOSTILE).write_text(HEAD + HAZARD)
    (project / HOSTILE).chmod(0)
    only_ml001(lint(project), HOSTILE, 1, r"cannot read file: Permission denied")


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc/self/mem")
def test_a_revision_that_cannot_be_read_is_ml001(project: Path) -> None:
    """Reading /proc/self/mem at offset 0 fails (EIO) whoever runs it, root included."""
    (project / HOSTILE).symlink_to("/proc/self/mem")
    only_ml001(lint(project), HOSTILE, 1, r"cannot read file: Input/output error")


def test_a_symlink_loop_is_ml001_not_ignored(project: Path) -> None:
    """alembic stops on it (RuntimeError: Symlink loop) for every command."""
    (project / "ext/versions/a.py").symlink_to("b.py")
    (project / "ext/versions/b.py").symlink_to("a.py")
    run = lint(project)
    assert run.code == 1, run
    assert run.found() == {
        ("ext/versions/a.py", 1, "ML001"),
        ("ext/versions/b.py", 1, "ML001"),
    }, run
    assert all("symbolic links" in f["message"] for f in run.findings), run
    explicit = lint(project, "ext/versions/a.py")  # as pre-commit passes it
    assert explicit.found() == {("ext/versions/a.py", 1, "ML001")}, explicit


def test_a_broken_symlink_is_ml001_not_ignored(project: Path) -> None:
    """alembic stops on it (ImportError: Can't find Python file) for every command."""
    (project / HOSTILE).symlink_to("nowhere.py")
    only_ml001(lint(project), HOSTILE, 1, r"cannot read file: broken symbolic link")
    only_ml001(lint(project, HOSTILE), HOSTILE, 1, r"broken symbolic link")


def test_a_missing_versions_directory_is_a_note_naming_plugin_and_path(project: Path) -> None:
    """A plugin without revisions yet (``sep alembic revision`` creates the directory), or a
    wrong path: linted as a plugin with no revisions, and said so; not an error."""
    shutil.rmtree(project / "ext/versions")
    run = lint(project)
    note = f"note: plugin 'ext': versions directory {project / 'ext/versions'} does not exist"
    assert note in run.stderr, run
    assert run.code == 0, run  # ML204 (warning): ext's model table that no revision creates
    assert {(f["path"], f["code"]) for f in run.findings} == {("ext/models.py", "ML204")}, run
    text = sep(project, "alembic", "lint")
    assert note in text.stdout, text


# --- configuration -----------------------------------------------------------------------


def edit_config(project: Path, old: str, new: str) -> None:
    path = project / "pyproject.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_pyproject_that_is_not_toml_is_a_usage_error_naming_it(project: Path) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT + "\n[tool.migration_lint\nx = 1\n")
    run = lint(project)
    assert run.code == 2, run
    assert run.stderr.startswith(f"error: {project / 'pyproject.toml'}: invalid TOML"), run
    assert len(run.stderr.splitlines()) == 1, run


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('depends_on = "core"', "depends_on = 3", "plugins.ext] depends_on must be a plugin name"),
        ('versions = "ext/versions"', "versions = 5", "plugins.ext] versions must be a path"),
        ('models = ["ext/models.py"]', "models = 7", "plugins.ext] models must be a list"),
        ('models = ["ext/models.py"]', "models = [7]", "plugins.ext] models entry must be"),
        ('default_plugin = "core"', 'plugins = "x"', "[tool.migration_lint] plugins must be"),
        ('default_plugin = "core"', "default_plugin = 3", "default_plugin must be a plugin"),
    ],
    ids=["depends_on", "versions", "models", "models entry", "plugins", "default_plugin"],
)
def test_config_values_of_the_wrong_type_are_usage_errors_naming_the_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    project = tmp_path.resolve() / "project"
    project.mkdir()
    text = PYPROJECT.replace(old, new, 1)
    if new.startswith("plugins"):  # `plugins` as a plain key: no plugin tables after it
        text = text.split("[tool.migration_lint.plugins.core]")[0]
    (project / "pyproject.toml").write_text(text)
    run = lint(project)
    assert run.code == 2, run
    assert message in run.stderr and str(project / "pyproject.toml") in run.stderr, run
    assert len(run.stderr.splitlines()) == 1, run


@pytest.mark.parametrize(
    ("old", "new", "warning"),
    [
        (
            'default_plugin = "core"',
            'default_plugin = "core"\nfrobnicate = true',
            "[tool.migration_lint]: unknown key 'frobnicate'",
        ),
        (
            'depends_on = "core"',
            'depends_on = "core"\nversion = "ext/versions"',
            "[tool.migration_lint.plugins.ext]: unknown key 'version'",
        ),
    ],
    ids=["top level", "plugin"],
)
def test_unknown_keys_are_warnings_that_do_not_change_the_exit_code(
    project: Path, old: str, new: str, warning: str
) -> None:
    (project / HOSTILE).write_text(HEAD + HAZARD)  # one error finding: exit 1 either way
    before = lint(project)
    edit_config(project, old, new)
    after = lint(project)
    assert warning in after.stderr, after
    assert (after.code, after.found()) == (before.code, before.found()) == (1, before.found())


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(
            ('models = ["core/models.py"]', 'models = ["core/models.py"]\ndepends_on = "ext"'),
            "plugin dependency cycle: core -> ext -> core",
            id="cycle",
        ),
        pytest.param(
            ('versions = "ext/versions"', 'versions = "./core/versions/"'),
            "plugins 'core' and 'ext' share the versions directory",
            id="shared versions directory",
        ),
    ],
)
def test_a_broken_plugin_tree_is_a_usage_error(
    project: Path, edit: tuple[str, str], message: str
) -> None:
    edit_config(project, *edit)
    run = lint(project)
    assert run.code == 2, run
    assert run.stderr.startswith("error: ") and message in run.stderr, run


# --- revision variables ------------------------------------------------------------------


def test_a_computed_revision_is_a_note_not_a_guess(project: Path) -> None:
    (project / HOSTILE).write_text(
        HEAD.replace('revision = "cccc00000001"', "revision = make_id()") + HAZARD
    )
    run = lint(project)
    assert f"{project / HOSTILE}: revision is not a literal" in run.stderr, run
    # its operations are still checked; nothing is said about its place in the graph
    assert run.found() == hazard_findings(HEAD + HAZARD), run


def write_branches(project: Path, merge: str | None) -> None:
    """Two revisions on ext's head, and (unless ``merge`` is None) a merge of both."""
    for revision in ("dddd00000001", "eeee00000001"):
        source = HEAD.replace("cccc00000001", revision) + "def upgrade():\n    pass\n"
        (project / f"ext/versions/{revision}_branch.py").write_text(source)
    if merge is not None:
        source = (
            HEAD.replace("cccc00000001", "ffff00000001")
            .replace("Revises: bbbb00000001", "Revises: dddd00000001, eeee00000001")
            .replace('"bbbb00000001"', merge)
        )
        (project / "ext/versions/ffff00000001_merge.py").write_text(source + HAZARD)


@pytest.mark.parametrize(
    "down_revision",
    ['["dddd00000001", "eeee00000001"]', '("dddd00000001", "eeee00000001")'],
    ids=["list", "tuple"],
)
def test_a_merge_revision_is_understood(project: Path, down_revision: str) -> None:
    write_branches(project, None)
    unmerged = lint(project)
    assert {f["code"] for f in unmerged.findings} == {"ML301"}, unmerged  # two heads
    write_branches(project, down_revision)
    merged = lint(project)
    path = "ext/versions/ffff00000001_merge.py"
    assert merged.found() == hazard_findings(HEAD + HAZARD, path), merged


def test_a_revision_outside_the_versions_directories_is_skipped_with_a_note(
    project: Path,
) -> None:
    (project / "scratch").mkdir()
    loose = project / "scratch/cccc00000001_loose.py"
    loose.write_text(HEAD + HAZARD)
    run = lint(project, "scratch/cccc00000001_loose.py")
    assert (run.code, run.findings) == (0, []), run
    assert f"note: skipped {loose}: not in a configured versions directory" in run.stderr, run


# --- models ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "line", "message"),
    [
        pytest.param(
            "class Broken(Base):\n    id = Column(Integer, primary_key=True\n",
            11,
            r"syntax error: '\(' was never closed",
            id="syntax error",
        ),
        pytest.param("x = 1\x00\n", 10, r"null bytes", id="NUL byte"),
        pytest.param(
            "x = " + "[" * 100_000 + "]" * 100_000 + "\n",
            10,
            r"too many nested parentheses",
            id="list 100,000 deep (was SIGSEGV)",
        ),
        pytest.param(
            "x = " + "+".join(["1"] * 100_000) + "\n",
            1,
            r"nested too deeply",
            id="100,000-term expression (ran for minutes)",
        ),
    ],
)
def test_a_models_file_that_does_not_parse_is_ml001(
    project: Path, tail: str, line: int, message: str
) -> None:
    (project / "ext/models.py").write_text(EXT_MODELS + tail)
    only_ml001(lint(project), "ext/models.py", line, message)


def replace_models_file(project: Path, how: str) -> Path:
    path = project / "ext/models.py"
    path.unlink()
    if how == "directory":
        path.mkdir()
        (path / "thing.py").write_text(EXT_MODELS)
    elif how == "symlink loop":
        path.symlink_to("models.py")
    return path


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("missing", "plugin 'ext': models path does not exist: {path}"),
        ("directory", "plugin 'ext': models path {path} is a directory, not a .py file"),
        (
            "symlink loop",
            "[tool.migration_lint.plugins.ext] models: {path} is a symbolic link loop",
        ),
    ],
    ids=["missing", "directory", "symlink loop"],
)
def test_a_models_path_that_is_not_a_file_is_a_usage_error_naming_it(
    project: Path, how: str, message: str
) -> None:
    path = replace_models_file(project, how)
    run = lint(project)
    assert run.code == 2, run
    assert message.format(path=path) in run.stderr, run
    assert len(run.stderr.splitlines()) == 1, run


# --- the alembic front end ---------------------------------------------------------------


def test_an_unknown_plugin_is_an_error_listing_the_plugins(project: Path) -> None:
    for args in (("--plugin", "nosuch", "history"), ("history", "--plugin", "nosuch")):
        run = sep(project, "alembic", *args)
        assert run.code == 2, run
        assert run.stderr == "error: unknown plugin 'nosuch'; configured plugins: core, ext\n"


def test_alembic_without_any_configuration_says_so(tmp_path: Path) -> None:
    run = sep(tmp_path, "alembic", "upgrade", "heads")
    assert run.code == 2, run
    assert run.stderr.startswith("error: no configuration found: no [tool.migration_lint]"), run
    assert "alembic.ini does not exist" in run.stderr, run


@pytest.mark.parametrize("breakage", ["syntax", "broken-link", "link-loop"])
def test_alembic_commands_name_a_revision_they_cannot_load(uber_copy: Path, breakage: str) -> None:
    """alembic itself would print a traceback; the front end says which file, in one line."""
    from conftest import Sep

    versions = uber_copy / "alembic" / "versions"
    if breakage == "syntax":
        (versions / "zz_broken.py").write_text("revision = 'zz'\ndef upgrade(:\n    pass\n")
        names = ["zz_broken.py:2", "invalid syntax"]
    elif breakage == "broken-link":
        (versions / "zz_broken.py").symlink_to(versions / "nowhere.py")
        names = ["nowhere.py"]
    else:
        (versions / "zz_a.py").symlink_to(versions / "zz_b.py")
        (versions / "zz_b.py").symlink_to(versions / "zz_a.py")
        names = ["Symlink loop", "zz_"]
    for command in (["heads"], ["history"], ["upgrade", "heads"]):
        run = Sep(uber_copy, None).alembic(*command)
        assert run.code == 255, run  # alembic's own exit code for a failed command
        assert "Traceback" not in run.output, run
        (line,) = [text for text in run.stdout.splitlines() if text.startswith("FAILED:")]
        assert "cannot load the revision scripts" in line and "ML001" in line, run
        assert all(name in line for name in names), run


def test_an_unreachable_database_is_one_line(uber_copy: Path) -> None:
    from conftest import Sep

    run = Sep(uber_copy, "postgresql+psycopg://nobody@127.0.0.1:1/uber").alembic("current")
    assert run.code == 255, run
    assert "Traceback" not in run.output, run
    assert "FAILED: database postgresql+psycopg://nobody@127.0.0.1:1/uber: " in run.stdout, run
    assert "connection" in run.stdout.lower(), run
