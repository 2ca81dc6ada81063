"""Every rule's VALID and INVALID examples, run through the real loader and linter."""

from __future__ import annotations

from pathlib import Path

import pytest

from migration_lint.rules import ALL_RULES, Example, Rule
from migration_lint.testing import example_project, run_example

_CASES = [
    pytest.param(rule, example, valid, id=f"{rule.code}-{'valid' if valid else 'invalid'}-{n}")
    for rule in ALL_RULES
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
        severities = (rule.severity, *getattr(rule, "other_severities", ()))
        assert all(f.name == rule.name and f.severity in severities for f in findings)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_rule_is_documented(rule: type[Rule]) -> None:
    assert rule.VALID and rule.INVALID, "every rule needs VALID and INVALID examples"
    assert rule.code.startswith("ML") and rule.name == rule.name.lower()
    doc = rule.__doc__ or ""
    for section in ("**What it flags:**", "**Why:**", "**Instead:**"):
        assert section in doc


def test_codes_are_unique() -> None:
    codes = [rule.code for rule in ALL_RULES]
    assert len(codes) == len(set(codes))


def test_example_project_chains_revisions(tmp_path: Path) -> None:
    target = example_project(Example("def upgrade():\n    pass\n", history=("",)), tmp_path)
    assert "down_revision = '0000example'" in target.read_text()
