"""``--list-rules`` and ``--explain CODE``: the rules' own documentation, from their modules."""

from __future__ import annotations

import inspect
from typing import TextIO

from .rules import ALL_RULES, RULES_BY_CODE, Example

DOCS_URL = "https://github.com/migration-lint/migration-lint/blob/main/README.md"


def rule_url(code: str) -> str:
    """Where a rule is documented (README's rule table has an anchor per code)."""
    return f"{DOCS_URL}#{code.lower()}"


def list_rules(out: TextIO) -> None:
    """One line per rule: code, name, default severity, summary."""
    width = max(len(rule.name) for rule in ALL_RULES)
    for rule in ALL_RULES:
        out.write(f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}\n")


def explain(code: str, out: TextIO) -> bool:
    """The rule's rationale and its bad and good examples; False for an unknown code."""
    rule = RULES_BY_CODE.get(code.upper())
    if rule is None:
        return False
    out.write(f"{rule.code} {rule.name} ({rule.severity.value})\n\n")
    out.write(inspect.cleandoc(rule.__doc__ or rule.summary) + "\n")
    _examples(out, "Flagged", rule.INVALID[:2])
    _examples(out, "Not flagged", rule.VALID[:2])
    return True


def _examples(out: TextIO, title: str, examples: tuple[Example, ...]) -> None:
    for number, example in enumerate(examples, start=1):
        out.write(f"\n{title} ({number}, a revision of plugin {example.plugin!r}):\n\n")
        out.writelines(f"    {line}\n" for line in example.source.rstrip("\n").splitlines())
