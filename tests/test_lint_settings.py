"""``[tool.migration_lint.lint]`` and the rule-selection flags, end to end, plus ``--statistics``.

Every test lints a fresh copy of an example project through the real CLI
(:func:`migration_lint.lint_cli.main`) after appending a ``[tool.migration_lint.lint]``
table to the copy's pyproject.toml; a few run ``sep`` in a subprocess.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Sep

from migration_lint.lint_cli import main

ROOT = Path(__file__).resolve().parents[1]
UBER = ROOT / "examples" / "uber"
HAZARDS = ROOT / "examples" / "hazards"
_COPY_IGNORE = shutil.ignore_patterns("__pycache__", ".migration_lint_cache", "*.db")

INITIAL = "alembic/versions/f20480286bfe_initial_migration.py"
ADD_EMAIL = "alembic/versions/9c52dd0bad5c_add_email_to_attendee.py"
TRACKS = "alembic/versions/50aa55794242_support_multiple_tracks_per_event.py"
BADGE_NUM = "alembic/versions/e14989f05713_change_badge_num_to_an_integer.py"
DEPTS = "alembic/versions/ead71c22ba4c_replace_assigned_depts_column_with_dept.py"
RELATIONSHIP = "alembic/versions/91caa0bbbe0c_add_attendees_to_group.py"
TABLETOP = "plugins/tabletop/alembic/versions/f2d88ce182ee_cascade_deletes_to_tabletop_checkouts.py"
MAGPRIME = (
    "plugins/magprime/alembic/versions/8e8f5ddf336c_add_length_minutes_to_panel_applications.py"
)
# examples/uber with no lint table: (path, line, code) of every finding
UBER_FINDINGS = {
    (TRACKS, 57, "ML103"),
    (TRACKS, 64, "ML103"),
    (TRACKS, 57, "ML105"),
    (RELATIONSHIP, 55, "ML201"),
    (BADGE_NUM, 56, "ML101"),
    (BADGE_NUM, 62, "ML101"),
    (BADGE_NUM, 56, "ML105"),
    (DEPTS, 69, "ML105"),
    (MAGPRIME, 55, "ML202"),
    (MAGPRIME, 60, "ML202"),
    (TABLETOP, 56, "ML102"),
    (TABLETOP, 69, "ML102"),
    (TABLETOP, 56, "ML106"),
}
UBER_CODES = {code for _, _, code in UBER_FINDINGS}
HAZARDS_EMPTY_DOWNGRADE = "alembic/versions/1a3a6d04f238_add_checked_in_at_to_attendee.py"
HAZARDS_EVENTS_MODELS = "plugins/events/events/models.py"
HAZARDS_LEGACY_ID = "alembic/versions/60e37b092ce8_add_legacy_id_to_group_for_the_2019_import.py"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def findings(self) -> list[dict]:
        return json.loads(self.out)

    def located(self) -> set[tuple[str, int, str]]:
        return {(f["path"], f["line"], f["code"]) for f in self.findings()}

    def codes(self) -> set[str]:
        return {f["code"] for f in self.findings()}

    def __str__(self) -> str:  # shown by pytest when an assertion about it fails
        return f"exit {self.code}\n--- stdout\n{self.out}--- stderr\n{self.err}"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def copy_of(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / source.name
    shutil.copytree(source, copy, ignore=_COPY_IGNORE)
    monkeypatch.chdir(copy)
    return copy


def set_lint_table(project: Path, table: str | None) -> None:
    """The example's own pyproject.toml, plus ``table`` as [tool.migration_lint.lint]."""
    original = (ROOT / "examples" / project.name / "pyproject.toml").read_text()
    text = original if table is None else f"{original}\n[tool.migration_lint.lint]\n{table}\n"
    (project / "pyproject.toml").write_text(text)


@pytest.fixture
def uber(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return copy_of(UBER, tmp_path, monkeypatch)


@pytest.fixture
def hazards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return copy_of(HAZARDS, tmp_path, monkeypatch)


def lint(capsys: pytest.CaptureFixture[str], *args: str, cache: bool = False) -> Run:
    capsys.readouterr()  # drop what earlier steps printed
    code = main([*args] if cache else ["--no-cache", *args])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def lint_json(capsys: pytest.CaptureFixture[str], *args: str, cache: bool = False) -> Run:
    return lint(capsys, "--format", "json", *args, cache=cache)


# -- the baseline the other tests compare with -------------------------------------------


def test_without_a_lint_table_the_example_has_its_planted_findings(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = lint_json(capsys)
    assert run.code == 1, run
    assert run.located() == UBER_FINDINGS


# -- select, extend-select, ignore -------------------------------------------------------


def test_select_by_prefix(uber: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_lint_table(uber, 'select = ["ML1"]')
    run = lint_json(capsys)
    assert run.code == 1, run
    assert run.located() == {key for key in UBER_FINDINGS if key[2].startswith("ML1")}
    assert run.codes() == {"ML101", "ML102", "ML103", "ML105", "ML106"}


def test_select_codes_are_case_insensitive(uber: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_lint_table(uber, 'select = ["ml2"]')
    run = lint_json(capsys)
    assert run.codes() == {"ML201", "ML202"}, run


def test_extend_select_adds_the_info_rule_ml402(
    hazards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    default = lint_json(capsys)
    assert "ML402" not in default.codes(), default  # info: hidden unless asked for
    set_lint_table(hazards, 'extend-select = ["ML402"]')
    extended = lint_json(capsys)
    assert extended.code == 1, extended
    added = [f for f in extended.findings() if f["code"] == "ML402"]
    assert [(f["path"], f["severity"]) for f in added] == [(HAZARDS_EMPTY_DOWNGRADE, "info")]
    # extend, not replace: every finding of the default run is still there
    assert extended.located() == default.located() | {
        (HAZARDS_EMPTY_DOWNGRADE, added[0]["line"], "ML402")
    }


def test_info_findings_are_shown_when_selected_but_do_not_fail(
    hazards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = lint(capsys, "--select", "ML402")
    assert run.code == 0, run
    assert f"{HAZARDS_EMPTY_DOWNGRADE}:" in run.out and "ML402 info" in run.out
    assert "Found 1 problem (1 info)" in run.out
    assert lint(capsys, "--select", "ML402", "--strict").code == 1


def test_ignore(uber: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_lint_table(uber, 'ignore = ["ML105", "ML2"]')
    run = lint_json(capsys)
    assert run.code == 1, run
    assert run.located() == {
        k for k in UBER_FINDINGS if k[2] != "ML105" and not k[2].startswith("ML2")
    }


# -- severity ------------------------------------------------------------------------------


def test_severity_override_raises_a_warning_to_an_error(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drops = {key for key in UBER_FINDINGS if key[2] == "ML105"}
    set_lint_table(uber, 'select = ["ML105"]')  # a project whose only findings are ML105
    warned = lint_json(capsys)
    assert warned.code == 0, warned
    assert warned.located() == drops
    assert {f["severity"] for f in warned.findings()} == {"warning"}

    set_lint_table(uber, 'select = ["ML105"]\nseverity = { ML105 = "error" }')
    raised = lint_json(capsys)
    assert raised.code == 1, raised
    assert raised.located() == drops
    assert {f["severity"] for f in raised.findings()} == {"error"}
    text = lint(capsys)
    assert text.code == 1 and "Found 3 problems (3 errors)" in text.out, text


def test_severity_override_applies_with_a_command_line_select(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lint(capsys, "--select", "ML105").code == 0
    set_lint_table(uber, 'severity = { ml105 = "error" }')
    run = lint_json(capsys, "--select", "ML105")
    assert run.code == 1, run
    assert {f["severity"] for f in run.findings()} == {"error"}


def test_severity_off_removes_the_rule(uber: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_lint_table(uber, 'severity = { ML105 = "off", ML101 = "warning" }')
    run = lint_json(capsys)
    assert run.located() == {key for key in UBER_FINDINGS if key[2] != "ML105"}, run
    severities = {f["code"]: f["severity"] for f in run.findings()}
    assert severities["ML101"] == "warning" and severities["ML102"] == "error"


def test_severity_info_hides_a_finding_unless_strict(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'severity = { ML105 = "info" }')
    default = lint_json(capsys)
    assert "ML105" not in default.codes(), default
    strict = lint_json(capsys, "--strict")
    assert {f["severity"] for f in strict.findings() if f["code"] == "ML105"} == {"info"}


def test_severity_keyed_by_a_prefix_applies_or_is_refused(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'severity = { ML1 = "error" }')
    run = lint_json(capsys, "--select", "ML105")
    # either refused as a usage error or applied to ML105: never accepted and ignored
    assert run.code in (1, 2), run
    if run.code == 1:
        assert {f["severity"] for f in run.findings()} == {"error"}


# -- per-file-ignores ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        "plugins/tabletop/**",  # ** spans directories
        "**/f2d88ce182ee_*.py",  # ** at the start
        "plugins/*/alembic/versions/f2d88ce182ee_*.py",  # * within one directory
        "plugins/tabletop",  # a directory covers every file below it
    ],
)
def test_per_file_ignores_by_path_glob(
    uber: Path, capsys: pytest.CaptureFixture[str], pattern: str
) -> None:
    set_lint_table(uber, f'per-file-ignores = {{ "{pattern}" = ["ML1"] }}')
    run = lint_json(capsys)
    assert run.located() == {key for key in UBER_FINDINGS if key[0] != TABLETOP}, run


def test_per_file_ignores_by_a_bare_file_name_glob(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'per-file-ignores = { "e14989f05713_*.py" = ["ML101"] }')
    run = lint_json(capsys)
    # only ML101, only in that file: its ML105 and the other files' findings stay
    assert run.located() == {
        k for k in UBER_FINDINGS if not (k[0] == BADGE_NUM and k[2] == "ML101")
    }


def test_a_glob_with_a_slash_is_anchored_at_the_project_root(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'per-file-ignores = { "versions/e14989f05713_*.py" = ["ML101"] }')
    run = lint_json(capsys)
    assert run.located() == UBER_FINDINGS, run  # not alembic/versions/...: no match


def test_per_file_ignores_of_a_graph_rule(
    hazards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    heads = {f["path"] for f in lint_json(capsys).findings() if f["code"] == "ML301"}
    assert len(heads) == 2 and all(path.startswith("plugins/badges/") for path in heads)
    set_lint_table(hazards, 'per-file-ignores = { "plugins/badges/**" = ["ML301"] }')
    run = lint_json(capsys)
    assert "ML301" not in run.codes(), run
    assert any(f["path"].startswith("plugins/badges/") for f in run.findings())  # others stay


# -- exclude -------------------------------------------------------------------------------


def test_excluding_a_revision_keeps_it_in_the_graph(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, f'exclude = ["{INITIAL}"]')
    run = lint_json(capsys)
    # no false ML303 in its child (9c52dd0bad5c), and ML103 in 50aa55794242, which needs
    # the event.track the initial migration creates, is still found
    assert run.located() == UBER_FINDINGS, run
    text = lint(capsys)
    assert "in 18 files." in text.out, text  # one file fewer checked


def test_deleting_the_file_instead_shows_what_exclude_avoids(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (uber / INITIAL).unlink()
    run = lint_json(capsys)
    assert (ADD_EMAIL, "ML303") in {(f["path"], f["code"]) for f in run.findings()}, run


def test_excluding_a_directory_hides_its_findings_but_not_its_models(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'exclude = ["plugins/panels/**", "plugins/tabletop/"]')
    run = lint_json(capsys)
    # ML202 in magprime needs to know that plugin panels owns panel_application
    assert run.located() == {key for key in UBER_FINDINGS if key[0] != TABLETOP}, run
    text = lint(capsys)
    assert "in 13 files." in text.out, text  # 19 minus 4 panels and 2 tabletop revisions


def test_excluding_models_files_by_name(hazards: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drift = {f["path"] for f in lint_json(capsys).findings() if f["code"] == "ML204"}
    assert drift == {HAZARDS_EVENTS_MODELS, HAZARDS_LEGACY_ID}
    set_lint_table(hazards, 'exclude = ["models.py"]')
    run = lint_json(capsys)
    assert {f["path"] for f in run.findings() if f["code"] == "ML204"} == {HAZARDS_LEGACY_ID}, run


# -- the command line wins ---------------------------------------------------------------


def test_command_line_select_replaces_the_files_select_and_ignore(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'select = ["ML1"]\nignore = ["ML202"]')
    assert lint_json(capsys).codes() == {"ML101", "ML102", "ML103", "ML105", "ML106"}
    run = lint_json(capsys, "--select", "ML2")
    assert run.codes() == {"ML201", "ML202"}, run


def test_command_line_ignore_adds_to_the_files_ignore(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'ignore = ["ML101"]')
    run = lint_json(capsys, "--ignore", "ML102", "--ignore", "ml202")
    assert run.codes() == UBER_CODES - {"ML101", "ML102", "ML202"}, run


def test_command_line_extend_select_adds_to_the_files_select(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'select = ["ML2"]')
    run = lint_json(capsys, "--extend-select", "ML101")
    assert run.codes() == {"ML201", "ML202", "ML101"}, run


# -- mistakes in the table ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "fragments"),
    [
        ('select = "ML1"', ["[tool.migration_lint.lint] select", "list of strings", "'ML1'"]),
        ("ignore = [1]", ["[tool.migration_lint.lint] ignore", "list of strings"]),
        ('exclude = "plugins"', ["[tool.migration_lint.lint] exclude", "list of strings"]),
        (
            'severity = { ML105 = "fatal" }',
            ["severity.ML105", "error, warning, info, off", "'fatal'"],
        ),
        ('severity = "error"', ["severity must be a table"]),
        ('per-file-ignores = ["ML101"]', ["per-file-ignores must be a table"]),
        ('per-file-ignores = { "x.py" = "ML101" }', ["per-file-ignores", "list of strings"]),
        ('select = ["ML999"]', ["unknown rule code 'ML999'"]),
        ('ignore = ["XY1"]', ["unknown rule code 'XY1'"]),
        ('extend-select = ["ML998"]', ["unknown rule code 'ML998'"]),
        ('severity = { ML997 = "error" }', ["unknown rule code 'ML997'"]),
        ('per-file-ignores = { "x.py" = ["ML996"] }', ["unknown rule code 'ML996'"]),
    ],
)
def test_a_broken_lint_table_exits_two_with_one_line(
    uber: Path, capsys: pytest.CaptureFixture[str], table: str, fragments: list[str]
) -> None:
    set_lint_table(uber, table)
    run = lint(capsys)
    assert run.code == 2, run
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), run
    for fragment in fragments:
        assert fragment in lines[0], run


@pytest.mark.parametrize("level", ['["error"]', "{ level = 'error' }"])
def test_a_severity_level_of_the_wrong_type_is_a_usage_error(
    uber: Path, capsys: pytest.CaptureFixture[str], level: str
) -> None:
    set_lint_table(uber, f"severity = {{ ML105 = {level} }}")
    run = lint(capsys)
    assert run.code == 2 and "severity.ML105" in run.err, run


def test_an_unknown_key_is_a_warning_note(uber: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_lint_table(uber, 'selectt = ["ML1"]\nignore = ["ML105"]')
    text = lint(capsys)
    assert text.code == 1, text  # as without the stray key: the findings decide
    notes = [line for line in text.out.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "[tool.migration_lint.lint]: unknown key 'selectt'" in notes[0]
    machine = lint_json(capsys)
    assert machine.code == 1
    assert machine.codes() == UBER_CODES - {"ML105"}  # stdout stays JSON; the rest applies
    assert "note:" in machine.err and "unknown key 'selectt'" in machine.err


def test_an_unknown_key_does_not_turn_a_clean_run_into_a_failure(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'select = ["ML105"]\ncolour = "never"')
    run = lint(capsys)
    assert run.code == 0, run
    assert "unknown key 'colour'" in run.out


def test_a_config_error_in_a_real_process_has_no_traceback(uber_copy: Path, sep: Sep) -> None:
    set_lint_table(uber_copy, 'severity = { ML105 = "fatal" }')
    result = sep.alembic("lint", "--no-cache")
    assert result.code == 2, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and "severity.ML105" in result.stderr


def test_settings_apply_in_a_real_process(uber_copy: Path, sep: Sep) -> None:
    set_lint_table(
        uber_copy,
        'select = ["ML105"]\nseverity = { ML105 = "error" }\nexclude = ["**/ead71c22ba4c_*"]',
    )
    result = sep.alembic("lint", "--no-cache", "--format", "concise")
    assert result.code == 1, result
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(" ML105 [error] " in line for line in lines), result
    assert not any(DEPTS in line for line in lines)


# -- the cache -----------------------------------------------------------------------------


def test_the_cache_follows_changes_to_the_lint_table(
    uber: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = ["--cache-dir", str(tmp_path / "cache")]

    def severities() -> dict[tuple[str, int, str], str]:
        run = lint_json(capsys, *cache, cache=True)
        return {(f["path"], f["line"], f["code"]): f["severity"] for f in run.findings()}

    first = severities()
    assert first == severities()  # served from the cache, the same
    assert any((tmp_path / "cache").iterdir())
    assert {first[key] for key in first if key[2] == "ML105"} == {"warning"}

    set_lint_table(uber, 'severity = { ML105 = "error" }')
    raised = severities()
    assert set(raised) == UBER_FINDINGS
    assert {raised[key] for key in raised if key[2] == "ML105"} == {"error"}

    set_lint_table(uber, 'severity = { ML105 = "off" }')
    assert set(severities()) == {key for key in UBER_FINDINGS if key[2] != "ML105"}

    set_lint_table(uber, 'per-file-ignores = { "plugins/**" = ["ML2"] }')
    assert set(severities()) == {key for key in UBER_FINDINGS if key[0] != MAGPRIME}

    set_lint_table(uber, f'exclude = ["{TABLETOP}"]')
    assert set(severities()) == {key for key in UBER_FINDINGS if key[0] != TABLETOP}

    set_lint_table(uber, None)
    assert severities() == first


# -- --statistics --------------------------------------------------------------------------

_ROW = re.compile(r"^\s*(\d+)  (ML\d{3})  (\S+)\s+(error|warning|info)$")


def test_statistics_count_what_the_report_shows(
    hazards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = lint_json(capsys)
    expected = Counter(f["code"] for f in report.findings())
    assert len(expected) > 20  # examples/hazards: a case of (nearly) every rule
    stats = lint(capsys, "--statistics")
    assert stats.code == report.code == 1, stats
    *rows, summary = stats.out.splitlines()
    parsed = [_ROW.match(row) for row in rows]
    assert all(parsed), stats
    counts = {m[2]: int(m[1]) for m in parsed if m}
    assert len(counts) == len(rows)  # one line per rule code
    assert counts == dict(expected)
    names = {f["code"]: (f["name"], f["severity"]) for f in report.findings()}
    assert all((m[3], m[4]) == names[m[2]] for m in parsed if m)
    assert summary == f"Found {sum(expected.values())} problems."
    assert [int(m[1]) for m in parsed if m] == sorted(counts.values(), reverse=True)


def test_statistics_as_json(hazards: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = lint_json(capsys)
    stats = lint(capsys, "--statistics", "--format", "json")
    assert stats.code == 1, stats
    rows = json.loads(stats.out)
    assert isinstance(rows, list) and rows
    assert all(set(row) == {"code", "name", "severity", "count"} for row in rows)
    assert {row["code"]: row["count"] for row in rows} == dict(
        Counter(f["code"] for f in report.findings())
    )
    first = {f["code"]: f for f in report.findings()}
    assert all(
        (row["name"], row["severity"])
        == (first[row["code"]]["name"], first[row["code"]]["severity"])
        for row in rows
    )
    assert rows == sorted(rows, key=lambda row: (-row["count"], row["code"]))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "ML105"], 0),  # warnings only
        (["--select", "ML105", "--strict"], 1),
        (["--select", "ML1"], 1),
        (["--select", "ML3"], 0),  # nothing at all
    ],
)
def test_statistics_exit_code_matches_the_normal_run(
    uber: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: int
) -> None:
    assert lint(capsys, *args).code == expected
    stats = lint(capsys, "--statistics", *args)
    assert stats.code == expected, stats
    if args == ["--select", "ML3"]:
        assert stats.out == "Found 0 problems.\n"


def test_statistics_follow_the_settings(uber: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_lint_table(uber, 'select = ["ML105"]\nseverity = { ML105 = "error" }')
    stats = lint(capsys, "--statistics", "--format", "json")
    assert stats.code == 1, stats
    assert json.loads(stats.out) == [
        {"code": "ML105", "name": "drop-column", "severity": "error", "count": 3}
    ]


def test_statistics_honour_output_file(
    uber: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    on_stdout = json.loads(lint(capsys, "--statistics", "--format", "json").out)
    target = tmp_path / "stats.json"
    run = lint(capsys, "--statistics", "--format", "json", "--output-file", str(target))
    assert run.code == 1 and run.out == "", run
    assert json.loads(target.read_text()) == on_stdout
    missing = lint(capsys, "--statistics", "--output-file", str(tmp_path / "no" / "s.txt"))
    assert missing.code == 2 and missing.err.startswith("error: "), missing


def test_statistics_keep_the_configuration_warnings(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'selectt = ["ML1"]')
    run = lint(capsys, "--statistics")
    assert "unknown key 'selectt'" in run.out + run.err, run


def test_naming_one_info_rule_shows_only_its_info_findings(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'severity = { ML105 = "info" }\nextend-select = ["ML402"]')
    run = lint_json(capsys)
    assert "ML105" not in run.codes(), run  # lowered to info, and not named
    named = lint_json(capsys, "--extend-select", "ML105")
    assert {f["severity"] for f in named.findings() if f["code"] == "ML105"} == {"info"}


def test_an_unknown_code_in_the_file_says_where_it_is(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'per-file-ignores = { "alembic/**" = ["ML1O1"] }')
    run = lint(capsys)
    assert run.code == 2
    assert "per-file-ignores 'alembic/**': unknown rule code 'ML1O1'" in run.err
    assert "pyproject.toml" in run.err and "Traceback" not in run.err


def test_severity_levels_are_case_insensitive(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_lint_table(uber, 'severity = { ML105 = "ERROR" }')
    run = lint_json(capsys, "--select", "ML105")
    assert run.code == 1
    assert {f["severity"] for f in run.findings()} == {"error"}
