"""Run alembic one revision at a time, exactly that revision, in either direction.

``alembic downgrade R-1`` on a plugin's first revision also takes down every revision of
the parent's branch after the one it depends on; verify needs to undo R alone.  alembic's
own commands pass a function to ``EnvironmentContext`` that returns the migration steps;
here that function returns the single step for R, and alembic keeps the version table.
"""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import RevisionStep
from alembic.script import ScriptDirectory


def step(config: Config, revision: str, upgrade: bool) -> None:
    """Apply (or undo) exactly ``revision``."""
    script = ScriptDirectory.from_config(config)

    def one_step(current: Any, context: Any) -> list[RevisionStep]:
        # resolved here, inside the migration context, as alembic's commands do: revision
        # modules run code at import (``is_sqlite = op.get_context()...``) that needs it
        target = script.get_revision(revision)
        assert target is not None
        return [RevisionStep(script.revision_map, target, upgrade)]

    with EnvironmentContext(config, script, fn=one_step, destination_rev=revision):
        script.run_env()


def upgrade_heads(config: Config) -> None:
    command.upgrade(config, "heads")


def stamp_heads(config: Config) -> None:
    command.stamp(config, "heads")
