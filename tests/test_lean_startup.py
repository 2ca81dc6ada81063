"""The lint path never imports alembic or SQLAlchemy (pre-commit runs it many times a day)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "uber"
PROBE = """
import json, sys
from typer.testing import CliRunner
from migration_lint.cli import app
result = CliRunner().invoke(app, sys.argv[1:])
heavy = sorted({m.split('.')[0] for m in sys.modules} & {'alembic', 'sqlalchemy', 'libcst'})
print(json.dumps({'exit': result.exit_code, 'heavy': heavy}))
"""


def probe(*args: str, cwd: Path = EXAMPLE) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_lint_imports_neither_alembic_nor_sqlalchemy() -> None:
    assert probe("alembic", "lint") == {"exit": 1, "heavy": ["libcst"]}


def test_help_imports_nothing_heavy() -> None:
    assert probe("--help") == {"exit": 0, "heavy": []}
