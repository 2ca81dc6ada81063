"""Run a rule's examples through the real project loader and linter, on disk.

Used by the test suite (and usable by anyone writing a rule): an :class:`Example` becomes a
small plugin project (uber; panels and magprime under uber) in a temporary directory,
with revisions in other plugins' branches when the example has ``others``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .config import load_config
from .diagnostics import Finding
from .linter import run_lint
from .rules import ALL_RULES
from .rules.base import Example, Rule

PLUGINS = {"uber": None, "panels": "uber", "magprime": "uber"}
_HAS_REVISION = re.compile(r"^revision\s*[:=]", re.MULTILINE)
_DECLARED_REVISION = re.compile(
    r"^revision\s*(?::[^=\n]*)?=\s*(?P<quote>['\"])(?P<id>[^'\"\n]+)(?P=quote)", re.MULTILINE
)


def example_project(example: Example, root: Path) -> Path:
    """Write ``example`` as a project under ``root``; return the linted revision's path."""
    lines = ["[tool.migration_lint]", 'default_plugin = "uber"', 'tablename = "snake_case"']
    for plugin, parent in PLUGINS.items():
        lines += [
            f"[tool.migration_lint.plugins.{plugin}]",
            f'versions = "{plugin}/versions"',
            f'models = ["{plugin}/models.py"]',
        ]
        if parent:
            lines.append(f'depends_on = "{parent}"')
        (root / plugin / "versions").mkdir(parents=True, exist_ok=True)
        (root / plugin / "models.py").write_text(example.models.get(plugin, ""))
    (root / "pyproject.toml").write_text("\n".join(lines) + "\n")
    for plugin, sources in example.others.items():
        if plugin not in PLUGINS:
            raise ValueError(f"unknown plugin {plugin!r} in Example.others; known: {list(PLUGINS)}")
        _write_chain(root / plugin / "versions", sources, plugin, {})
    chain = [*example.history, example.source, *example.later]
    target = len(example.history)
    names = {target: example.filename} if example.filename else {}
    paths = _write_chain(root / example.plugin / "versions", chain, "example", names)
    return paths[target]


def _write_chain(
    directory: Path, sources: Sequence[str], tag: str, names: dict[int, str]
) -> list[Path]:
    """Write ``sources`` into ``directory``, chaining those without ``revision =``."""
    previous: str | None = None
    paths = []
    for index, source in enumerate(sources):
        revision = f"{index:04d}{tag}"
        path = directory / names.get(index, f"{revision}_example.py")
        if not _HAS_REVISION.search(source):
            # appended, so the example's own line numbers stay as written
            source += f"\nrevision = {revision!r}\ndown_revision = {previous!r}\n"
        elif (declared := _DECLARED_REVISION.search(source)) is not None:
            revision = declared.group("id")
        path.write_text(source)
        paths.append(path)
        previous = revision
    return paths


def run_example(rule: type[Rule], example: Example, root: Path) -> list[Finding]:
    """The findings of ``rule`` on the example's revision."""
    target = example_project(example, root)
    rules = [r() for r in ALL_RULES] if rule.needs_all_rules else [rule()]
    result = run_lint(load_config(root / "pyproject.toml"), [target], rules, cache=None)
    return [f for f in result.findings if f.code == rule.code]
