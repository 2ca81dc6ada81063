"""examples/hazards: a lint-only project with a planted case of every rule.

A copy of the project is linted in-process with every rule selected.  The findings must be
exactly EXPECTED (path, line, code), compared as a multiset, so a new false positive, a lost,
moved or duplicated finding fails; every registered rule must be among them; errors make the
exit code 1.  The files that appear nowhere below are clean, the safe look-alikes (see the
project's README.md) among them.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from migration_lint.lint_cli import EXIT_FINDINGS, main
from migration_lint.rules import ALL_RULES

HAZARDS = Path(__file__).resolve().parents[1] / "examples" / "hazards"

CORE = "alembic/versions/"
EVENTS = "plugins/events/alembic/versions/"
BADGES = "plugins/badges/alembic/versions/"
SHOP = "plugins/shop/alembic/versions/"

EXPECTED: list[tuple[str, int, str]] = [
    # ---- core
    (CORE + "1a8ceb7fd36c_change_badge_num_to_an_integer.py", 58, "ML101"),
    (CORE + "1a8ceb7fd36c_change_badge_num_to_an_integer.py", 58, "ML105"),
    (CORE + "1a8ceb7fd36c_change_badge_num_to_an_integer.py", 64, "ML101"),  # downgrade()
    (CORE + "639b73befe3d_restore_nickname_on_attendee_for_badge_printing.py", 57, "ML104"),
    (CORE + "e6fe4031a68b_add_cellphone_to_attendee.py", 12, "ML306"),
    (CORE + "e6fe4031a68b_add_cellphone_to_attendee.py", 57, "ML902"),  # nothing to silence
    (CORE + "cd73b22ed2b6_make_attendee_email_optional.py", 57, "ML109"),
    (CORE + "021195681f85_add_emergency_contact_to_attendee.py", 58, "ML401"),
    (CORE + "60e37b092ce8_add_legacy_id_to_group_for_the_2019_import.py", 57, "ML204"),
    (CORE + "076d7981c279_index_group_by_name.py", 11, "ML304"),
    (CORE + "1a3a6d04f238_add_checked_in_at_to_attendee.py", 60, "ML402"),
    # ---- events
    (EVENTS + "445f8162e38d_add_duration_to_event.py", 57, "ML107"),
    (EVENTS + "0c402c428ee8_add_location_to_event.py", 58, "ML201"),
    (EVENTS + "1d0a630d6c6a_index_event_by_start_time.py", 12, "ML307"),
    (EVENTS + "21cdabbedeb2_index_event_by_location.py", 12, "ML307"),
    ("plugins/events/events/models.py", 27, "ML204"),  # class EventLocation: capacity
    # ---- badges
    (BADGES + "fe3e5e1f216f_initial_badges_migration.py", 13, "ML305"),
    (BADGES + "475171c6e237_cascade_deletes_to_badge_print_job.py", 57, "ML102"),
    (BADGES + "475171c6e237_cascade_deletes_to_badge_print_job.py", 57, "ML106"),
    (BADGES + "475171c6e237_cascade_deletes_to_badge_print_job.py", 69, "ML102"),  # downgrade()
    (BADGES + "fefcd5333252_limit_printed_name_to_20_characters.py", 57, "ML108"),
    (BADGES + "fefcd5333252_limit_printed_name_to_20_characters.py", 57, "ML903"),  # ML180
    (BADGES + "c44307de4116_add_badge_ribbon_to_event.py", 57, "ML202"),
    (BADGES + "c44307de4116_add_badge_ribbon_to_event.py", 61, "ML202"),  # downgrade()
    (BADGES + "422fab27a1b1_add_reprint_count_to_badge_print_job.py", 11, "ML301"),
    (BADGES + "a82ef5b766b2_add_printed_at_to_badge_print_job.py", 11, "ML301"),
    # ---- shop
    (SHOP + "fc4ed46484a3_initial_shop_migration.py", 13, "ML305"),
    (SHOP + "939ff2e8c869_rename_shop_item_title_to_name.py", 59, "ML103"),
    (SHOP + "939ff2e8c869_rename_shop_item_title_to_name.py", 59, "ML901"),  # ML105 silenced
    (SHOP + "939ff2e8c869_rename_shop_item_title_to_name.py", 66, "ML103"),  # downgrade()
    (SHOP + "161626c1c0e5_drop_shop_coupon_table.py", 58, "ML106"),
    (SHOP + "58450aa03e17_cascade_deletes_from_shop_item_to_shop_sale.py", 58, "ML403"),
    (SHOP + "bf13bc5ed380_store_shop_prices_in_cents.py", 57, "ML501"),
    (SHOP + "bf13bc5ed380_store_shop_prices_in_cents.py", 61, "ML501"),  # downgrade()
    (SHOP + "5c8e38cb4424_sell_event_tickets_in_the_shop.py", 14, "ML302"),
    (SHOP + "d2345599fb7c_index_shop_sale_by_attendee.py", 12, "ML303"),
    (SHOP + "1cf989c2fc68_add_gift_wrap_to_shop_sale.py", 57, "ML001"),
]


@dataclass(frozen=True)
class LintRun:
    code: int
    findings: list[dict]
    stderr: str


@pytest.fixture
def lint_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> LintRun:
    """`sep alembic lint --format json --select ALL --no-cache` on a copy of the project."""
    copy = tmp_path / "hazards"
    shutil.copytree(
        HAZARDS, copy, ignore=shutil.ignore_patterns("__pycache__", ".migration_lint_cache")
    )
    monkeypatch.chdir(copy)
    capsys.readouterr()
    code = main(["--format", "json", "--select", "ALL", "--no-cache"])
    captured = capsys.readouterr()
    assert not (copy / ".migration_lint_cache").exists()
    return LintRun(code, json.loads(captured.out), captured.err)


def _key(finding: dict) -> tuple[str, int, str]:
    return finding["path"], finding["line"], finding["code"]


def test_every_rule_has_a_case(lint_run: LintRun) -> None:
    findings = lint_run.findings
    missing = {rule.code for rule in ALL_RULES} - {f["code"] for f in findings}
    assert not missing, f"no planted case found for {sorted(missing)}"


def test_findings_are_exactly_the_planted_ones(lint_run: LintRun) -> None:
    findings = lint_run.findings
    assert sorted(_key(f) for f in findings) == sorted(EXPECTED)


def test_exit_code_and_clean_stderr(lint_run: LintRun) -> None:
    assert lint_run.code == EXIT_FINDINGS
    assert lint_run.stderr == ""  # no configuration warnings, no notes


def test_findings_name_their_plugin_and_revision(lint_run: LintRun) -> None:
    findings = lint_run.findings
    for finding in findings:
        path = finding["path"]
        plugin = "core" if path.startswith(("alembic/", "core/")) else path.split("/")[1]
        assert finding["plugin"] == plugin, finding
        if finding["code"] == "ML001" or path.endswith("models.py"):
            assert finding["revision"] is None, finding
        else:
            assert finding["revision"] == Path(path).name[:12], finding


def test_readme_lists_every_revision_file() -> None:
    readme = (HAZARDS / "README.md").read_text()
    listed = set(re.findall(r"`([0-9a-f]{12}_\w+\.py)`", readme))
    files = {p.name for p in HAZARDS.rglob("versions/*.py")}
    assert files == listed
