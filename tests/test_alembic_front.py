"""``sep alembic`` end to end: the seed's plugin workflow on a copy of examples/uber.

Every command runs as its own process against a real database (see conftest.py): SQLite
always, PostgreSQL when ``MIGRATION_LINT_TEST_POSTGRES_URL`` is set.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import Result, Sep

from migration_lint.alembic_front import main as alembic_front_main

UBER_HEADS = {
    "uber": "91caa0bbbe0c",
    "panels": "97d7bd571d46",
    "guests": "a4502e5be7ec",
    "tabletop": "f2d88ce182ee",
    "magprime": "8e8f5ddf336c",
    "mivs": "2f2d65117e32",
}
PLUGINS = ", ".join(UBER_HEADS)
VERSIONS = {
    "uber": "alembic/versions",
    **{name: f"plugins/{name}/alembic/versions" for name in list(UBER_HEADS)[1:]},
}
MIVS_TABLES = {"indie_studio", "indie_game"}
PLANTED_DRIFT = "group.attendees"  # a backref that a revision added as a column (ML201)

PANELS_MODELS = "plugins/panels/panels/models.py"
UBER_MODELS = "uber/models.py"
PANELS_ANCHOR = "    length_minutes = Column(Integer, nullable=True)\n"
PANELS_MIXIN_ANCHOR = (  # panels' @Session.model_mixin class Attendee: columns on uber's table
    "    panel_notes = Column(Unicode, nullable=False, default='', server_default='')\n"
)
UBER_ANCHOR = "    email = Column(Unicode, nullable=True)\n"


# --- helpers -------------------------------------------------------------------------------


def add_model_line(project: Path, models: str, anchor: str, line: str) -> None:
    """Insert ``line`` into a models file right after ``anchor`` (a line of a class body)."""
    path = project / models
    source = path.read_text()
    assert anchor in source, f"{models} changed; the test edits it after {anchor.strip()!r}"
    path.write_text(source.replace(anchor, anchor + line, 1))


def add_plugin(project: Path, name: str, depends_on: str) -> Path:
    """Configure a plugin with no models and no versions directory yet; returns that path."""
    versions = f"plugins/{name}/alembic/versions"
    with (project / "pyproject.toml").open("a") as config:
        config.write(
            f'\n[tool.migration_lint.plugins.{name}]\nversions = "{versions}"\n'
            f'depends_on = "{depends_on}"\n'
        )
    return project / versions


def revision_files(project: Path) -> set[Path]:
    return {p for p in project.rglob("versions/*.py") if "__pycache__" not in p.parts}


def one_new_revision(project: Path, before: set[Path]) -> Path:
    new = revision_files(project) - before
    assert len(new) == 1, f"expected one new revision file, got {sorted(map(str, new))}"
    return new.pop()


def revision_identifiers(path: Path) -> dict[str, object]:
    """``revision``, ``down_revision``, ``branch_labels``, ``depends_on`` of a script."""
    names = {"revision", "down_revision", "branch_labels", "depends_on"}
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id in names and node.value:
                    found[target.id] = ast.literal_eval(node.value)
    return found


def function_source(path: Path, name: str) -> str:
    source = path.read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return ast.get_source_segment(source, node) or ""
    raise AssertionError(f"{path} has no {name}()")


def labelled_heads(result: Result) -> dict[str, str]:
    """``sep alembic heads`` output as {branch label: revision}."""
    return dict(
        (label, revision)
        for revision, label in re.findall(r"^(\w+) \((\w+)\)", result.stdout, re.MULTILINE)
    )


def listed_revisions(result: Result) -> set[str]:
    """The revisions at the start of each line (``heads``, ``current``)."""
    return set(re.findall(r"^([0-9a-f]{12})\b", result.stdout, re.MULTILINE))


def all_revisions(project: Path) -> set[str]:
    return {str(revision_identifiers(p)["revision"]) for p in revision_files(project)}


def table_columns(url: str) -> dict[str, set[str]]:
    """Every table of the database and its columns."""
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        inspector = inspect(engine)
        return {
            table: {column["name"] for column in inspector.get_columns(table)}
            for table in inspector.get_table_names()
        }
    finally:
        engine.dispose()


def snapshot(project: Path) -> dict[str, bytes | None]:
    """Every path under the project, with a file's content (None for a directory)."""
    return {
        str(path.relative_to(project)): path.read_bytes() if path.is_file() else None
        for path in project.rglob("*")
    }


def assert_usage_error(result: Result, *fragments: str) -> None:
    """Exit code 2 and one ``error:`` line on stderr that names every fragment."""
    assert result.code == 2, result
    assert "Traceback" not in result.output, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result
    for fragment in fragments:
        assert fragment in lines[0], result


def assert_upgraded_before(stderr: str, earlier: str, later: str) -> None:
    """alembic logged ``Running upgrade ... -> earlier`` before ``... -> later``."""
    positions = {}
    for revision in (earlier, later):
        match = re.search(rf"Running upgrade .*-> {revision}\b", stderr)
        assert match, f"{revision} was not upgraded:\n{stderr}"
        positions[revision] = match.start()
    assert positions[earlier] < positions[later], stderr


# --- 1. the seed workflow -------------------------------------------------------------------


def test_seed_workflow_puts_only_the_plugins_changes_in_its_branch(
    sep: Sep, uber_copy: Path, database_url: str
) -> None:
    dropped = sep.run("drop_uber_db", "--yes")
    assert dropped.code == 0, dropped
    assert dropped.stdout.startswith("dropped 0 table(s) from "), dropped
    sep.ok("upgrade", "heads")

    add_model_line(uber_copy, PANELS_MODELS, PANELS_ANCHOR, "    room_note = Column(Unicode)\n")
    add_model_line(
        uber_copy, PANELS_MODELS, PANELS_MIXIN_ANCHOR, "    panel_badge = Column(Unicode)\n"
    )
    add_model_line(uber_copy, UBER_MODELS, UBER_ANCHOR, "    pronouns = Column(Unicode)\n")
    before = revision_files(uber_copy)
    sep.ok("--plugin", "panels", "revision", "--autogenerate", "-m", "Add room note")

    script = one_new_revision(uber_copy, before)
    assert script.parent == uber_copy / VERSIONS["panels"]
    upgrade = function_source(script, "upgrade")
    assert "'room_note'" in upgrade
    assert "'panel_badge'" in upgrade  # panels' own column on uber's attendee table
    assert "pronouns" not in script.read_text()  # uber's change stays out of panels
    assert "attendees" not in script.read_text()  # and so does the planted drift
    identifiers = revision_identifiers(script)
    assert identifiers["down_revision"] == UBER_HEADS["panels"]
    assert identifiers["branch_labels"] is None

    upgraded = sep.ok("upgrade", "heads")
    assert f"-> {identifiers['revision']}, Add room note" in upgraded.stderr
    columns = table_columns(database_url)
    assert "room_note" in columns["panel_application"]
    assert "panel_badge" in columns["attendee"]
    assert "pronouns" not in columns["attendee"]

    reset = sep.run("reset_uber_db", "--yes")
    assert reset.code == 0, reset
    assert re.match(
        r"dropped \d+ table\(s\), created \d+ from the models and stamped heads in ", reset.stdout
    ), reset
    assert "pronouns" in table_columns(database_url)["attendee"]  # created from the models

    heads = listed_revisions(sep.ok("heads"))
    assert identifiers["revision"] in heads and UBER_HEADS["panels"] not in heads
    assert listed_revisions(sep.ok("current")) == heads


def test_reset_uber_db_with_config_from_another_directory(
    sep: Sep, uber_copy: Path, database_url: str
) -> None:
    reset = sep.run(
        "reset_uber_db",
        "--yes",
        "--config",
        str(uber_copy / "pyproject.toml"),
        cwd=uber_copy.parent,
    )
    assert reset.code == 0, reset
    assert "stamped heads" in reset.stdout
    assert {"attendee", "indie_game", "alembic_version"} <= set(table_columns(database_url))
    assert "Running upgrade" not in sep.ok("upgrade", "heads").stderr  # stamped at the heads


# --- 2. a new plugin's first revisions ------------------------------------------------------


def test_new_plugin_branch_is_rooted_on_its_parents_head(
    sep: Sep, uber_copy: Path, database_url: str
) -> None:
    versions = add_plugin(uber_copy, "hotel", depends_on="panels")
    assert not versions.exists()

    before = revision_files(uber_copy)
    sep.ok("--plugin", "hotel", "revision", "-m", "Initial")
    first = one_new_revision(uber_copy, before)
    assert first.parent == versions
    first_ids = revision_identifiers(first)
    assert first_ids["branch_labels"] == ("hotel",)
    assert first_ids["down_revision"] is None
    assert first_ids["depends_on"] == UBER_HEADS["panels"]

    before = revision_files(uber_copy)
    sep.ok("--plugin", "hotel", "revision", "-m", "Second")
    second = one_new_revision(uber_copy, before)
    assert second.parent == versions
    second_ids = revision_identifiers(second)
    assert second_ids["down_revision"] == first_ids["revision"]
    assert second_ids["branch_labels"] is None
    assert second_ids["depends_on"] is None

    upgraded = sep.ok("upgrade", "heads")
    assert_upgraded_before(upgraded.stderr, UBER_HEADS["panels"], str(first_ids["revision"]))
    assert_upgraded_before(upgraded.stderr, str(first_ids["revision"]), str(second_ids["revision"]))
    assert labelled_heads(sep.ok("heads"))["hotel"] == second_ids["revision"]


# --- 3. the plugin options after the subcommand ---------------------------------------------


@pytest.mark.parametrize(
    ("options", "plugin"),
    [
        pytest.param(["revision", "-m", "x", "--plugin", "panels"], "panels", id="plugin-after"),
        pytest.param(["--plugin", "panels", "revision", "-m", "x"], "panels", id="plugin-before"),
        pytest.param(
            ["revision", "-m", "x", "--version-path", VERSIONS["mivs"]], "mivs", id="path-after"
        ),
        pytest.param(
            ["--version-path", VERSIONS["mivs"], "revision", "-m", "x"], "mivs", id="path-before"
        ),
    ],
)
def test_plugin_options_work_before_and_after_the_subcommand(
    sep: Sep, uber_copy: Path, options: list[str], plugin: str
) -> None:
    before = revision_files(uber_copy)
    sep.ok(*options)
    script = one_new_revision(uber_copy, before)
    assert script.parent == uber_copy / VERSIONS[plugin]
    assert revision_identifiers(script)["down_revision"] == UBER_HEADS[plugin]


# --- 4. downgrade of one plugin -------------------------------------------------------------


def test_downgrade_of_one_plugin_leaves_the_others(sep: Sep, database_url: str) -> None:
    sep.ok("upgrade", "heads")
    assert set(table_columns(database_url)) >= MIVS_TABLES

    downgraded = sep.ok("--plugin", "mivs", "downgrade", "base")
    assert "Initial mivs migration" in downgraded.stderr

    tables = set(table_columns(database_url))
    assert not MIVS_TABLES & tables
    assert {"attendee", "panel_application", "guest_bio", "tabletop_game"} <= tables
    assert "magprime_sale" in tables
    current = listed_revisions(sep.ok("current"))
    assert UBER_HEADS["mivs"] not in current
    assert set(UBER_HEADS.values()) - {UBER_HEADS["mivs"]} <= current


# --- 5. heads, history, current, check ------------------------------------------------------


def test_heads_list_every_branch_with_its_label(sep: Sep) -> None:
    assert labelled_heads(sep.ok("heads")) == UBER_HEADS


def test_history_mentions_every_revision(sep: Sep, uber_copy: Path) -> None:
    history = sep.ok("history").stdout
    revisions = all_revisions(uber_copy)
    assert len(revisions) == 19
    assert {r for r in revisions if r not in history} == set()


def test_current_and_check_on_the_upgraded_database(sep: Sep, database_url: str) -> None:
    assert listed_revisions(sep.ok("current")) == set()
    sep.ok("upgrade", "heads")
    assert listed_revisions(sep.ok("current")) == set(UBER_HEADS.values())

    checked = sep.alembic("check")
    assert checked.code == 255, checked  # alembic's own exit code for a failed command
    assert "FAILED: New upgrade operations detected" in checked.stdout
    assert PLANTED_DRIFT in checked.stderr
    assert "Traceback" not in checked.output


def test_check_covers_every_plugin_unless_one_is_chosen(
    sep: Sep, uber_copy: Path, database_url: str
) -> None:
    sep.ok("upgrade", "heads")
    add_model_line(uber_copy, PANELS_MODELS, PANELS_ANCHOR, "    room_note = Column(Unicode)\n")
    everything = sep.alembic("check")
    assert everything.code == 255
    assert "panel_application.room_note" in everything.stderr
    assert PLANTED_DRIFT in everything.stderr
    panels = sep.alembic("--plugin", "panels", "check")
    assert panels.code == 255
    assert "panel_application.room_note" in panels.stderr
    assert PLANTED_DRIFT not in panels.stderr  # uber's, not panels'
    assert sep.alembic("--plugin", "mivs", "check").code == 0


# --- 6. refusals: exit code 2, one line, nothing written ------------------------------------


@pytest.mark.parametrize(
    ("arguments", "fragments"),
    [
        pytest.param(
            ["--plugin", "hotel", "revision", "-m", "x"],
            ["unknown plugin 'hotel'", PLUGINS],
            id="unknown-plugin",
        ),
        pytest.param(
            ["revision", "-m", "x", "--branch-label", "panels"],
            ["branch label 'panels' is already used by revision 4676384b6c14"],
            id="duplicate-branch-label",
        ),
        pytest.param(
            ["--plugin", "panels", "revision", "-m", "x", "--head", UBER_HEADS["uber"]],
            [f"--head {UBER_HEADS['uber']} is revision", "of plugin 'uber'"],
            id="head-of-another-plugin",
        ),
        pytest.param(
            ["--plugin", "panels", "revision", "-m", "x", "--head", "mivs@head"],
            ["--head mivs@head is on branch 'mivs'"],
            id="head-on-another-branch",
        ),
        pytest.param(
            ["--plugin", "panels", "revision", "-m", "x", "--version-path", VERSIONS["mivs"]],
            ["is the versions directory of plugin 'mivs'"],
            id="version-path-of-another-plugin",
        ),
        pytest.param(
            ["--plugin", "panels", "--version-path", VERSIONS["mivs"], "revision", "-m", "x"],
            ["is the versions directory of plugin 'mivs'"],
            id="version-path-of-another-plugin-before-subcommand",
        ),
        pytest.param(
            ["revision", "-m", "x", "--version-path", "../elsewhere/versions"],
            ["is outside the project"],
            id="version-path-outside-project",
        ),
    ],
)
def test_revision_refusals_write_nothing(
    sep: Sep, uber_copy: Path, arguments: list[str], fragments: list[str]
) -> None:
    before = snapshot(uber_copy.parent)  # the parent too: nothing written outside either
    assert_usage_error(sep.alembic(*arguments), *fragments)
    assert snapshot(uber_copy.parent) == before


def test_first_revision_refused_while_the_parent_has_none(sep: Sep, uber_copy: Path) -> None:
    add_plugin(uber_copy, "lodging", depends_on="uber")
    hotel_versions = add_plugin(uber_copy, "hotel", depends_on="lodging")
    before = snapshot(uber_copy)

    refused = sep.alembic("--plugin", "hotel", "revision", "-m", "Initial")

    assert_usage_error(refused, "'hotel' depends on 'lodging', which has no revisions yet")
    assert snapshot(uber_copy) == before
    assert not hotel_versions.exists()


@pytest.mark.parametrize("command", [["drop_uber_db"], ["db", "drop"]])
def test_drop_without_yes_off_a_terminal_leaves_the_database(
    sep: Sep, uber_copy: Path, database_url: str, command: list[str]
) -> None:
    sep.ok("upgrade", "heads")
    tables = table_columns(database_url)
    files = snapshot(uber_copy)

    assert_usage_error(sep.run(*command), "Refusing without confirmation: pass --yes")
    assert table_columns(database_url) == tables
    assert snapshot(uber_copy) == files


# --- 7. help --------------------------------------------------------------------------------


def test_alembic_help_lists_alembics_commands_and_ours(sep: Sep) -> None:
    helped = sep.ok("--help")
    for word in ("upgrade", "downgrade", "revision", "heads", "check", "stamp", "lint"):
        assert word in helped.stdout
    for option in ("--plugin", "--version-path", "--config", "--name", "--raiseerr"):
        assert option in helped.stdout


def test_revision_help_lists_plugin_and_alembics_options(sep: Sep) -> None:
    helped = sep.ok("revision", "--help").stdout
    for option in ("--plugin", "--autogenerate", "--head", "--branch-label", "--version-path"):
        assert option in helped


def test_sep_help_lists_the_commands(sep: Sep) -> None:
    helped = sep.run("--help")
    assert helped.code == 0, helped
    for command in ("alembic", "drop_uber_db", "reset_uber_db", "db"):
        assert re.search(rf"^\s+{command}\s", helped.stdout, re.MULTILINE), helped


# --- 8, 9. another ini file: -c, -n and ALEMBIC_CONFIG --------------------------------------


@pytest.fixture
def other_ini(uber_copy: Path) -> str:
    """alembic.ini copied to other.ini, whose main section is named ``othersection``."""
    source = (uber_copy / "alembic.ini").read_text()
    assert "\n[alembic]\n" in source
    (uber_copy / "other.ini").write_text(source.replace("\n[alembic]\n", "\n[othersection]\n"))
    return "other.ini"


def assert_alembic_error(result: Result, message: str) -> None:
    """Failed the way alembic fails: ``FAILED: message`` and exit code 255, no traceback."""
    assert result.code == 255, result
    assert f"FAILED: {message}" in result.stdout, result
    assert "Traceback" not in result.output, result


def test_config_option_selects_another_ini_and_section(sep: Sep, other_ini: str) -> None:
    assert labelled_heads(sep.ok("-c", other_ini, "-n", "othersection", "heads")) == UBER_HEADS
    assert_alembic_error(
        sep.alembic("-c", other_ini, "heads"),
        f"No config file '{other_ini}' found, or file has no '[alembic]' section",
    )
    assert_alembic_error(
        sep.alembic("-n", "othersection", "heads"),
        "No config file 'alembic.ini' found, or file has no '[othersection]' section",
    )


def test_alembic_config_variable_selects_another_ini(sep: Sep, other_ini: str) -> None:
    env = {"ALEMBIC_CONFIG": other_ini}
    assert labelled_heads(sep.ok("-n", "othersection", "heads", env=env)) == UBER_HEADS
    assert_alembic_error(
        sep.alembic("heads", env=env),
        f"No config file '{other_ini}' found, or file has no '[alembic]' section",
    )


# --- 10. in-process ------------------------------------------------------------------------


def test_output_is_captured_in_process(
    uber_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ALEMBIC_CONFIG", raising=False)
    assert alembic_front_main(["heads"]) == 0
    captured = capsys.readouterr()
    assert labelled_heads(Result(0, captured.out, captured.err)) == UBER_HEADS
