"""README is the truth: its rule table and set-up commands match the code and CI."""

from __future__ import annotations

import re
from pathlib import Path

from migration_lint.rules import ALL_RULES

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_rule_table_matches_the_registry() -> None:
    rows = re.findall(r"^\| (ML\d{3}) \| ([a-z-]+) \| (\w+) \|", README, re.MULTILINE)
    assert rows == [(r.code, r.name, r.severity.value) for r in ALL_RULES]


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text()


def test_every_rule_url_has_its_anchor() -> None:
    from migration_lint.rule_docs import DOCS_URL, rule_url

    for rule in ALL_RULES:
        url = rule_url(rule.code)
        assert url.startswith(DOCS_URL + "#")
        assert f'<a id="{url.rsplit("#", 1)[1]}"></a>' in README, rule.code
