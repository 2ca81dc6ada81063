"""The revision-graph rules (ML301-ML307): their examples, and a multi-plugin project on disk.

The project mirrors the seed's plugin tree (uber -> panels -> guests, tabletop; uber ->
magprime; uber -> mivs), each plugin's revisions a labelled alembic branch rooted with
``depends_on`` on its parent; each test breaks it in one way and checks that exactly the
expected rule reports exactly the expected lines.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from migration_lint.config import load_config
from migration_lint.context import LintContext
from migration_lint.diagnostics import Finding
from migration_lint.facts import RevisionScript
from migration_lint.graph import RevisionGraph
from migration_lint.linter import run_lint
from migration_lint.parser import parse_revision
from migration_lint.rules import Example, Rule
from migration_lint.rules.branch_label import BranchLabel
from migration_lint.rules.branch_mismatch import BranchMismatch
from migration_lint.rules.duplicate_revision import DuplicateRevision
from migration_lint.rules.multiple_heads import MultipleHeads
from migration_lint.rules.revision_cycle import RevisionCycle
from migration_lint.rules.revision_metadata_mismatch import RevisionMetadataMismatch
from migration_lint.rules.unknown_revision import UnknownRevision
from migration_lint.testing import example_project, run_example

ROOT = Path(__file__).resolve().parents[1]
GRAPH_RULES: tuple[type[Rule], ...] = (
    MultipleHeads,
    BranchMismatch,
    UnknownRevision,
    DuplicateRevision,
    BranchLabel,
    RevisionMetadataMismatch,
    RevisionCycle,
)

# --------------------------------------------------------------------------- examples

_CASES = [
    pytest.param(rule, example, valid, id=f"{rule.code}-{'valid' if valid else 'invalid'}-{n}")
    for rule in GRAPH_RULES
    for valid, examples in ((True, rule.VALID), (False, rule.INVALID))
    for n, example in enumerate(examples)
]


@pytest.mark.parametrize(("rule", "example", "valid"), _CASES)
def test_example(rule: type[Rule], example: Example, valid: bool, tmp_path: Path) -> None:
    findings = run_example(rule, example, tmp_path)
    if valid:
        assert findings == [], f"{rule.code} flagged a VALID example: {findings}"
    else:
        assert findings, f"{rule.code} missed an INVALID example"
        if example.line is not None:
            assert findings[0].line == example.line, findings
        assert all(f.name == rule.name and f.severity is rule.severity for f in findings)


@pytest.mark.parametrize("rule", GRAPH_RULES, ids=lambda rule: rule.code)
def test_rule_is_documented(rule: type[Rule]) -> None:
    assert rule.VALID and rule.INVALID, "every rule needs VALID and INVALID examples"
    assert rule.code.startswith("ML3") and rule.name == rule.name.lower()
    assert "_" not in rule.name and rule.summary
    doc = rule.__doc__ or ""
    for section in ("**What it flags:**", "**Why:**", "**Instead:**"):
        assert section in doc


def test_codes_are_unique() -> None:
    from migration_lint.rules import ALL_RULES

    codes = [rule.code for rule in {*ALL_RULES, *GRAPH_RULES}]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("rule", GRAPH_RULES, ids=lambda rule: rule.code)
def test_examples_are_realistic_revision_scripts(rule: type[Rule]) -> None:
    """Every example declares its own ids, with a header that matches them."""
    for example in (*rule.VALID, *rule.INVALID):
        script = parse_revision(example.source)
        assert script.error is None and script.revision is not None
        assert script.doc_revision_id is not None and script.message
        assert script.upgrade is not None and script.downgrade is not None


def test_example_others_and_filename(tmp_path: Path) -> None:
    """``others`` fill other plugins' directories (chained); ``filename`` names the target."""
    example = Example(
        "revision = 'abcdef012345'\ndown_revision = None\n",
        filename="abcdef012345_first.py",
        later=("def upgrade():\n    pass\n",),
        others={"panels": ("", ""), "magprime": ("revision = 'fedcba'\n", "")},
    )
    target = example_project(example, tmp_path)
    assert target == tmp_path / "uber" / "versions" / "abcdef012345_first.py"
    later = (tmp_path / "uber" / "versions" / "0001example_example.py").read_text()
    assert "down_revision = 'abcdef012345'" in later  # chained onto the declared id
    panels = sorted((tmp_path / "panels" / "versions").iterdir())
    assert [p.name for p in panels] == ["0000panels_example.py", "0001panels_example.py"]
    assert "down_revision = '0000panels'" in panels[1].read_text()
    magprime = (tmp_path / "magprime" / "versions" / "0001magprime_example.py").read_text()
    assert "down_revision = 'fedcba'" in magprime


# --------------------------------------------------------------------------- the project

PLUGINS = {
    "uber": (None, "alembic/versions"),
    "panels": ("uber", "plugins/panels/alembic/versions"),
    "guests": ("panels", "plugins/guests/alembic/versions"),
    "tabletop": ("panels", "plugins/tabletop/alembic/versions"),
    "magprime": ("uber", "plugins/magprime/alembic/versions"),
    "mivs": ("uber", "plugins/mivs/alembic/versions"),
}


def revision_source(
    revision: str,
    down: str | tuple[str, ...] | None,
    message: str,
    *,
    labels: tuple[str, ...] | None = None,
    depends_on: str | None = None,
    upgrade: str = "pass",
    downgrade: str = "pass",
) -> str:
    """A revision script as ``alembic revision`` writes it (ubersystem's template, trimmed)."""
    revises = ", ".join(down) if isinstance(down, tuple) else (down or "")
    return (
        f'"""{message}\n'
        "\n"
        f"Revision ID: {revision}\n"
        f"Revises: {revises}\n"
        "Create Date: 2024-03-11 15:20:08.771903\n"
        "\n"
        '"""\n'
        "\n"
        "# revision identifiers, used by Alembic.\n"
        f"revision = {revision!r}\n"  # line 10
        f"down_revision = {down!r}\n"  # line 11
        f"branch_labels = {labels!r}\n"  # line 12
        f"depends_on = {depends_on!r}\n"  # line 13
        "\n"
        "from alembic import op\n"
        "import sqlalchemy as sa\n"
        "\n"
        "\n"
        "def upgrade():\n"
        f"    {upgrade}\n"
        "\n"
        "\n"
        "def downgrade():\n"
        f"    {downgrade}\n"
    )


REVISION_LINE, DOWN_LINE, LABELS_LINE, DEPENDS_LINE = 10, 11, 12, 13


def _add(table: str, column: str) -> dict[str, str]:
    return {
        "upgrade": f"op.add_column({table!r}, sa.Column({column!r}, sa.Unicode(), "
        "server_default='', nullable=False))",
        "downgrade": f"op.drop_column({table!r}, {column!r})",
    }


def _create(table: str) -> dict[str, str]:
    return {
        "upgrade": f"op.create_table({table!r}, sa.Column('id', sa.Integer(), primary_key=True))",
        "downgrade": f"op.drop_table({table!r})",
    }


# (plugin, revision, down_revision, message, extra keyword arguments)
SEED = [
    (
        "uber",
        "f20480286bfe",
        None,
        "Initial migration",
        {"labels": ("uber",), **_create("attendee")},
    ),
    ("uber", "9c52dd0bad5c", "f20480286bfe", "Add email to attendee", _add("attendee", "email")),
    ("uber", "14bd473f6d8f", "9c52dd0bad5c", "Add department", _create("department")),
    ("uber", "ead71c22ba4c", "14bd473f6d8f", "Add dept_membership", _create("dept_membership")),
    (
        "panels",
        "4676384b6c14",
        None,
        "Initial panels migration",
        {"labels": ("panels",), "depends_on": "ead71c22ba4c", **_create("panel_application")},
    ),
    ("panels", "6388d306927e", "4676384b6c14", "Add panel_notes", _add("attendee", "panel_notes")),
    (
        "panels",
        "e70a163f7df9",
        "4676384b6c14",
        "Add panel length",
        _add("panel_application", "length"),
    ),
    ("panels", "97d7bd571d46", ("6388d306927e", "e70a163f7df9"), "Merge panels branches", {}),
    (
        "guests",
        "ff9466e5b4ac",
        None,
        "Initial guests migration",
        {"labels": ("guests",), "depends_on": "97d7bd571d46", **_create("guest_group")},
    ),
    ("guests", "a4502e5be7ec", "ff9466e5b4ac", "Add guest_bio table", _create("guest_bio")),
    (
        "tabletop",
        "94b1dd11faab",
        None,
        "Initial tabletop migration",
        {"labels": ("tabletop",), "depends_on": "4676384b6c14", **_create("tabletop_game")},
    ),
    ("tabletop", "f2d88ce182ee", "94b1dd11faab", "Add tabletop checkouts", _create("checkout")),
    (
        "magprime",
        "45d2ab5acc20",
        None,
        "Initial magprime migration",
        {"labels": ("magprime",), "depends_on": "9c52dd0bad5c", **_create("magprime_job")},
    ),
    ("magprime", "8e8f5ddf336c", "45d2ab5acc20", "Add job length", _add("magprime_job", "length")),
    (
        "mivs",
        "c7dea74e9f42",
        None,
        "Initial mivs migration",
        {"labels": ("mivs",), "depends_on": "f20480286bfe", **_create("indie_studio")},
    ),
    ("mivs", "2f2d65117e32", "c7dea74e9f42", "Add website", _add("indie_studio", "website")),
]


def _slug(message: str) -> str:
    return "_".join(message.lower().split())[:40]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The seed's plugin tree with a valid revision graph, one file per revision."""
    root = tmp_path / "uber"
    lines = ["[tool.migration_lint]", 'default_plugin = "uber"', 'tablename = "snake_case"']
    for plugin, (parent, versions) in PLUGINS.items():
        lines += [f"[tool.migration_lint.plugins.{plugin}]", f'versions = "{versions}"']
        if parent:
            lines.append(f'depends_on = "{parent}"')
        (root / versions).mkdir(parents=True)
    (root / "pyproject.toml").write_text("\n".join(lines) + "\n")
    for plugin, revision, down, message, extra in SEED:
        write(root, plugin, revision_source(revision, down, message, **extra))
    return root


def write(root: Path, plugin: str, source: str, name: str | None = None) -> Path:
    """Write a revision into ``plugin``'s versions directory as ``<rev>_<slug>.py``."""
    script = parse_revision(source)
    assert script.revision is not None and script.message is not None
    path = root / PLUGINS[plugin][1] / (name or f"{script.revision}_{_slug(script.message)}.py")
    path.write_text(source)
    return path


def path_of(root: Path, revision: str) -> Path:
    (found,) = root.rglob(f"{revision}_*.py")
    return found


def lint(root: Path, *rules: type[Rule], paths: list[Path] | None = None) -> list[Finding]:
    config = load_config(root / "pyproject.toml")
    return run_lint(config, paths or [], [rule() for rule in rules], cache=None).findings


def where(root: Path, findings: list[Finding]) -> set[tuple[str, str, int]]:
    return {(f.code, Path(f.path).relative_to(root).as_posix(), f.line) for f in findings}


def rel(root: Path, revision: str) -> str:
    return path_of(root, revision).relative_to(root).as_posix()


def test_the_valid_project_has_no_finding(project: Path) -> None:
    assert lint(project, *GRAPH_RULES) == []


def test_a_merge_revision_resolves_multiple_heads(project: Path) -> None:
    path_of(project, "97d7bd571d46").unlink()
    # guests was rooted on the merge; root it on one of the former heads instead
    guests_root = path_of(project, "ff9466e5b4ac")
    guests_root.write_text(guests_root.read_text().replace("97d7bd571d46", "6388d306927e"))
    findings = lint(project, *GRAPH_RULES)
    assert where(project, findings) == {
        ("ML301", rel(project, "6388d306927e"), REVISION_LINE),
        ("ML301", rel(project, "e70a163f7df9"), REVISION_LINE),
    }
    first = next(f for f in findings if f.revision == "6388d306927e")
    assert "'e70a163f7df9'" in first.message
    assert (
        'sep alembic --plugin panels merge -m "merge panels heads" 6388d306927e e70a163f7df9'
        in first.message
    )
    assert first.plugin == "panels" and first.severity.value == "error"
    # the merge alembic writes ends the heads again
    merge = revision_source("0b3c7d9e1f24", ("6388d306927e", "e70a163f7df9"), "merge panels heads")
    write(project, "panels", merge)
    assert lint(project, *GRAPH_RULES) == []


def test_a_parallel_revision_in_uber_is_two_heads(project: Path) -> None:
    parallel = revision_source(
        "3b1f0c8e2d47", "14bd473f6d8f", "Add badge_pickup_group", **_add("attendee", "pickup")
    )
    write(project, "uber", parallel)
    # depends_on of other plugins on uber's revisions does not end uber's heads
    assert where(project, lint(project, *GRAPH_RULES)) == {
        ("ML301", rel(project, "ead71c22ba4c"), REVISION_LINE),
        ("ML301", rel(project, "3b1f0c8e2d47"), REVISION_LINE),
    }


def test_a_plugin_rooted_with_depends_on_on_its_parent(project: Path) -> None:
    """Rooted on the parent's head, or on an older parent revision: both fine."""
    tabletop = path_of(project, "94b1dd11faab")
    tabletop.write_text(tabletop.read_text().replace("'4676384b6c14'", "'97d7bd571d46'"))
    assert lint(project, *GRAPH_RULES) == []
    tabletop.write_text(
        tabletop.read_text().replace("depends_on = '97d7bd571d46'", "depends_on = None")
    )
    findings = lint(project, *GRAPH_RULES)
    assert where(project, findings) == {("ML302", rel(project, "94b1dd11faab"), DEPENDS_LINE)}
    assert "parent plugin 'panels'" in findings[0].message
    assert "depends_on = '97d7bd571d46'" in findings[0].message  # panels' head


def test_a_root_depending_on_its_grandparent_is_not_rooted(project: Path) -> None:
    guests = path_of(project, "ff9466e5b4ac")
    guests.write_text(guests.read_text().replace("'97d7bd571d46'", "'ead71c22ba4c'"))
    assert where(project, lint(project, *GRAPH_RULES)) == {
        ("ML302", rel(project, "ff9466e5b4ac"), DEPENDS_LINE)
    }


def test_branch_mismatch(project: Path) -> None:
    # an uber revision built on magprime, and a mivs revision that needs panels
    write(
        project,
        "uber",
        revision_source("5e2a8b6c4d10", "8e8f5ddf336c", "Require job length", **_add("a", "b")),
    )
    write(
        project,
        "mivs",
        revision_source(
            "d3c9a1e7f502", "2f2d65117e32", "Add showcase panel", depends_on="6388d306927e"
        ),
    )
    # a tabletop revision that depends on panels and uber (its ancestors): fine
    write(
        project,
        "tabletop",
        revision_source(
            "77a1c3e5b9d2", "f2d88ce182ee", "Link checkouts", depends_on="97d7bd571d46"
        ),
    )
    # (uber then also has two heads, ML301: the new revision does not continue uber's)
    findings = lint(project, BranchMismatch)
    assert where(project, findings) == {
        ("ML302", rel(project, "5e2a8b6c4d10"), DOWN_LINE),
        ("ML302", rel(project, "d3c9a1e7f502"), DEPENDS_LINE),
    }
    messages = {f.revision: f.message for f in findings}
    assert "plugin 'magprime'" in messages["5e2a8b6c4d10"]
    assert "root of the plugin tree" in messages["5e2a8b6c4d10"]
    assert "plugin 'panels'" in messages["d3c9a1e7f502"]
    assert "ancestors (uber)" in messages["d3c9a1e7f502"]


def test_a_sibling_plugin_is_not_an_ancestor(project: Path) -> None:
    tabletop = path_of(project, "94b1dd11faab")
    tabletop.write_text(tabletop.read_text().replace("'4676384b6c14'", "'a4502e5be7ec'"))
    findings = lint(project, *GRAPH_RULES)
    # one finding: the depends_on on guests (a sibling), not a second one for the rooting
    assert where(project, findings) == {("ML302", rel(project, "94b1dd11faab"), DEPENDS_LINE)}
    assert "plugin 'guests'" in findings[0].message


def test_unknown_revision(project: Path) -> None:
    write(
        project,
        "mivs",
        revision_source("9f8e7d6c5b4a", "2f2d65117e23", "Add jury notes", depends_on="uber"),
    )
    write(
        project,
        "magprime",
        revision_source("0c1d2e3f4a5b", "8e8f5ddf", "Add job notes", depends_on="0000deadbeef"),
    )
    findings = lint(project, *GRAPH_RULES)
    assert where(project, findings) == {
        ("ML303", rel(project, "9f8e7d6c5b4a"), DOWN_LINE),
        ("ML303", rel(project, "0c1d2e3f4a5b"), DEPENDS_LINE),
    }
    messages = {f.revision: f.message for f in findings}
    assert "did you mean '2f2d65117e32'" in messages["9f8e7d6c5b4a"]
    assert "'0000deadbeef'" in messages["0c1d2e3f4a5b"]


def test_an_ambiguous_prefix_is_unknown(project: Path) -> None:
    write(
        project, "uber", revision_source("9c52aaaa0001", "ead71c22ba4c", "Add a", **_add("a", "b"))
    )
    write(project, "uber", revision_source("aa00bb11cc22", "9c52", "Add b", **_add("a", "c")))
    findings = lint(project, *GRAPH_RULES)
    assert where(project, findings) == {("ML303", rel(project, "aa00bb11cc22"), DOWN_LINE)}
    assert "ambiguous prefix of '9c52aaaa0001', '9c52dd0bad5c'" in findings[0].message


def test_duplicate_revision(project: Path) -> None:
    # magprime's revision copied into mivs (a later plugin) to start a new one
    copy = revision_source("8e8f5ddf336c", "c7dea74e9f42", "Add jury notes", **_add("x", "y"))
    duplicate = write(project, "mivs", copy, name="8e8f5ddf336c_add_jury_notes.py")
    findings = lint(project, *GRAPH_RULES)
    copied = duplicate.relative_to(project).as_posix()
    assert where(project, findings) == {("ML304", copied, REVISION_LINE)}
    original = "plugins/magprime/alembic/versions/8e8f5ddf336c_add_job_length.py"
    assert f"already declared by {original} (plugin magprime)" in findings[0].message


def test_branch_label(project: Path) -> None:
    # tabletop's root loses its label; guests repeats its own further down; mivs uses magprime's
    tabletop = path_of(project, "94b1dd11faab")
    tabletop.write_text(tabletop.read_text().replace("('tabletop',)", "None"))
    guests = path_of(project, "a4502e5be7ec")
    guests.write_text(
        guests.read_text().replace("branch_labels = None", "branch_labels = ('guests',)")
    )
    mivs = path_of(project, "2f2d65117e32")
    mivs.write_text(
        mivs.read_text().replace("branch_labels = None", "branch_labels = ('magprime',)")
    )
    findings = lint(project, *GRAPH_RULES)
    assert where(project, findings) == {
        ("ML305", rel(project, "94b1dd11faab"), LABELS_LINE),
        ("ML305", rel(project, "a4502e5be7ec"), LABELS_LINE),
        ("ML305", rel(project, "2f2d65117e32"), LABELS_LINE),
    }
    messages = {f.revision: f.message for f in findings}
    assert "set branch_labels = ('tabletop',)" in messages["94b1dd11faab"]
    assert "'ff9466e5b4ac', an ancestor" in messages["a4502e5be7ec"]
    assert "name of another plugin" in messages["2f2d65117e32"]


def test_the_same_label_on_unrelated_revisions(project: Path) -> None:
    """Reported once, on the later of the two in upgrade order."""
    mivs = path_of(project, "2f2d65117e32")
    mivs.write_text(mivs.read_text().replace("branch_labels = None", "branch_labels = ('kiosk',)"))
    tabletop = path_of(project, "f2d88ce182ee")
    tabletop.write_text(
        tabletop.read_text().replace("branch_labels = None", "branch_labels = ('kiosk',)")
    )
    findings = lint(project, *GRAPH_RULES)
    assert where(project, findings) == {("ML305", rel(project, "f2d88ce182ee"), LABELS_LINE)}
    assert "'2f2d65117e32'" in findings[0].message


def test_revision_metadata_mismatch(project: Path) -> None:
    # copied file: header and file name still those of the original
    stale = path_of(project, "2f2d65117e32")
    stale.write_text(
        stale.read_text().replace("revision = '2f2d65117e32'", "revision = '6a0b2c4d8e1f'")
    )
    # rebased by editing down_revision alone
    rebased = path_of(project, "f2d88ce182ee")
    text = rebased.read_text().replace(
        "down_revision = '94b1dd11faab'", "down_revision = ('94b1dd11faab', '97d7bd571d46')"
    )
    rebased.write_text(text)
    findings = lint(project, *GRAPH_RULES)
    assert sorted((f.revision, f.line) for f in findings) == [
        ("6a0b2c4d8e1f", REVISION_LINE),
        ("6a0b2c4d8e1f", REVISION_LINE),
        ("f2d88ce182ee", DOWN_LINE),
    ]
    assert all(f.severity.value == "warning" for f in findings)
    messages = " | ".join(f.message for f in findings)
    assert "'Revision ID: 2f2d65117e32'" in messages
    assert "rename the file to '6a0b2c4d8e1f_add_website.py'" in messages
    assert "'Revises: 94b1dd11faab, 97d7bd571d46'" in messages


def test_revision_cycle(project: Path) -> None:
    # 9c52dd0bad5c rebased by hand onto its own descendant: 9c52 -> ead7 -> 14bd -> 9c52
    email = path_of(project, "9c52dd0bad5c")
    email.write_text(
        email.read_text().replace(
            "down_revision = 'f20480286bfe'", "down_revision = 'ead71c22ba4c'"
        )
    )
    # (the docstring's stale Revises: is ML306's)
    findings = lint(project, RevisionCycle)
    # only the three revisions on the cycle, not everything that comes after it
    assert where(project, findings) == {
        ("ML307", rel(project, "9c52dd0bad5c"), DOWN_LINE),
        ("ML307", rel(project, "14bd473f6d8f"), DOWN_LINE),
        ("ML307", rel(project, "ead71c22ba4c"), DOWN_LINE),
    }
    messages = {f.revision: f.message for f in findings}
    assert (
        "9c52dd0bad5c -> ead71c22ba4c -> 14bd473f6d8f -> 9c52dd0bad5c" in messages["9c52dd0bad5c"]
    )
    assert (
        "14bd473f6d8f -> 9c52dd0bad5c -> ead71c22ba4c -> 14bd473f6d8f" in messages["14bd473f6d8f"]
    )


def test_a_cycle_through_depends_on(project: Path) -> None:
    """uber depending on a panels revision that depends on uber: reported on the depends_on."""
    dept = path_of(project, "ead71c22ba4c")
    dept.write_text(dept.read_text().replace("depends_on = None", "depends_on = '6388d306927e'"))
    findings = lint(project, RevisionCycle)
    assert where(project, findings) == {
        ("ML307", rel(project, "ead71c22ba4c"), DEPENDS_LINE),
        ("ML307", rel(project, "4676384b6c14"), DEPENDS_LINE),
        ("ML307", rel(project, "6388d306927e"), DOWN_LINE),
    }
    # ML302 reports the cause too: uber must not depend on panels
    assert where(project, lint(project, BranchMismatch)) == {
        ("ML302", rel(project, "ead71c22ba4c"), DEPENDS_LINE)
    }


def test_a_large_cycle_is_named_briefly() -> None:
    """300 revisions on one cycle, and one more on a smaller cycle inside the same tangle."""
    chain = [f"r{n:03d}" for n in range(300)]
    scripts = [
        RevisionScript(path=f"{rev}.py", revision=rev, down_revisions=(parent,), plugin="uber")
        for rev, parent in zip(chain, [*chain[1:], chain[0]], strict=True)
    ]
    # x runs after r005 and r010 runs after x: x -> r005 -> ... -> r010 -> x
    scripts.append(RevisionScript(path="x.py", revision="x", down_revisions=("r005",)))
    scripts[10] = replace(scripts[10], down_revisions=("r011", "x"))
    context = LintContext(None, RevisionGraph(scripts), None)
    rule = RevisionCycle()
    findings = [f for script in scripts for f in rule.check(script, context)]
    assert len(findings) == 301 and {f.line for f in findings} == {1}  # no variable spans
    first = next(f for f in findings if f.revision == "r000")
    assert "r000 -> r001 -> r002 -> r003 -> r004 -> r005 -> ... -> r299 -> r000" in first.message
    assert "(300 revisions)" in first.message
    on_shared = next(f for f in findings if f.revision == "r150")
    assert "is on a cycle: r150 -> r151" in on_shared.message
    other = next(f for f in findings if f.revision == "x")
    assert "on a cycle among 301 revisions, for example: r000 -> " in other.message


def test_only_reported_files_get_findings(project: Path) -> None:
    path_of(project, "97d7bd571d46").unlink()
    guests_root = path_of(project, "ff9466e5b4ac")
    guests_root.write_text(guests_root.read_text().replace("97d7bd571d46", "6388d306927e"))
    one = path_of(project, "e70a163f7df9")
    findings = lint(project, *GRAPH_RULES, paths=[one])
    assert where(project, findings) == {("ML301", rel(project, "e70a163f7df9"), REVISION_LINE)}


def test_dynamic_variables_are_not_guessed(project: Path) -> None:
    source = revision_source("1234abcd5678", "ead71c22ba4c", "Computed ids")
    source = source.replace("down_revision = 'ead71c22ba4c'", "down_revision = PARENT")
    source = source.replace("branch_labels = None", "branch_labels = LABELS")
    source = source.replace("depends_on = None", "depends_on = DEPENDS")
    write(project, "mivs", source)
    findings = lint(project, *GRAPH_RULES)
    # the dynamic down_revision hides which mivs revision it continues: no ML301 for mivs
    assert findings == []


def test_without_configuration(project: Path) -> None:
    """One anonymous plugin of the given files: the rules that need plugins stay silent."""
    files = [path_of(project, rev) for rev in ("9c52dd0bad5c", "4676384b6c14", "6388d306927e")]
    copy = files[2].with_name("6388d306927e_copy.py")
    shutil.copy(files[2], copy)
    result = run_lint(None, [*files, copy], [rule() for rule in GRAPH_RULES], cache=None)
    # parents outside the given files are not "unknown"; a duplicate is still one
    assert [(f.code, Path(f.path).name) for f in result.findings] == [
        ("ML304", "6388d306927e_copy.py")
    ]


def test_errored_scripts_are_skipped(project: Path) -> None:
    broken = path_of(project, "2f2d65117e32")
    broken.write_text(broken.read_text().replace("def upgrade():", "def upgrade(:"))
    assert lint(project, *GRAPH_RULES, paths=[broken]) == []


def test_findings_fall_back_to_another_line(project: Path) -> None:
    """A root without ``depends_on``/``branch_labels`` lines: reported where it can be."""
    tabletop = path_of(project, "94b1dd11faab")
    text = tabletop.read_text()
    text = text.replace("branch_labels = ('tabletop',)\n", "").replace(
        "depends_on = '4676384b6c14'\n", ""
    )
    tabletop.write_text(text)
    assert parse_revision(text).span_of("depends_on") is None
    findings = lint(project, BranchMismatch, BranchLabel, paths=[tabletop])
    assert sorted((f.code, f.line) for f in findings) == [
        ("ML302", DOWN_LINE),
        ("ML305", REVISION_LINE),
    ]


# --------------------------------------------------------------------------- real projects


def test_the_example_project_has_a_valid_graph() -> None:
    config = load_config(ROOT / "examples" / "uber" / "pyproject.toml")
    result = run_lint(config, [], [rule() for rule in GRAPH_RULES], cache=None)
    assert result.findings == []
    assert result.files_checked >= 19


def _generator():
    path = ROOT / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_generated_corpus_has_a_valid_graph(tmp_path: Path) -> None:
    _generator().generate(tmp_path / "corpus", revisions=400, seed=3)
    config = load_config(tmp_path / "corpus" / "pyproject.toml")
    result = run_lint(config, [], [rule() for rule in GRAPH_RULES], cache=None)
    assert result.findings == []
    assert result.files_checked == 400


def test_a_reference_to_an_unreadable_revision_file_is_not_unknown(tmp_path: Path) -> None:
    """The file exists but does not parse: ML001 reports it, ML303 must not add a second,
    misleading finding on the revisions that build on it."""
    from migration_lint.config import load_config
    from migration_lint.linter import run_lint, select_rules

    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "1cf989c2fc68_broken.py").write_text(
        "revision = '1cf989c2fc68'\ndown_revision = None\ndef upgrade(:\n    pass\n"
    )
    (versions / "2d0a9b8c7e6f_child.py").write_text(
        "revision = '2d0a9b8c7e6f'\ndown_revision = '1cf989c2fc68'\n"
    )
    (tmp_path / "pyproject.toml").write_text(
        "[tool.migration_lint.plugins.core]\nversions = 'versions'\n"
    )
    result = run_lint(load_config(tmp_path / "pyproject.toml"), [], select_rules(), None)
    assert [f.code for f in result.findings] == ["ML001"]
