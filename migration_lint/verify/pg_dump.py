"""The seed's manual check, automated: ``pg_dump --schema-only`` of both schemas, diffed.

Comments, ``SET`` lines and ordering noise (the order of statements, and of columns inside
``CREATE TABLE``, which migrations and ``create_all`` legitimately differ on) are removed
first, so what remains is a real difference.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess

from sqlalchemy.engine import make_url

_NOISE = re.compile(r"^(--|SET |SELECT pg_catalog\.set_config|\\restrict|\\unrestrict)")


def schema_dump(url: str) -> str | None:
    """The schema as ``pg_dump`` writes it, or None when not PostgreSQL or no ``pg_dump``."""
    parsed = make_url(url)
    executable = shutil.which("pg_dump")
    if parsed.get_backend_name() != "postgresql" or executable is None:
        return None
    command = [executable, "--schema-only", "--no-owner", "--no-privileges"]
    for flag, value in (("-h", parsed.host), ("-p", parsed.port), ("-U", parsed.username)):
        if value:
            command += [flag, str(value)]
    command += ["-d", parsed.database or ""]
    environment = dict(os.environ)
    if parsed.password:
        environment["PGPASSWORD"] = str(parsed.password)
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    return done.stdout if done.returncode == 0 else None


def normalized(dump: str) -> list[str]:
    statements: list[str] = []
    current: list[str] = []
    for line in dump.splitlines():
        if not line.strip() or _NOISE.match(line) or "alembic_version" in line:
            continue
        current.append(line.rstrip())
        if line.rstrip().endswith(";"):
            statements.append(_statement(current))
            current = []
    return sorted(statements)


def _statement(lines: list[str]) -> str:
    if lines[0].startswith("CREATE TABLE") and len(lines) > 2:
        body = sorted(line.strip().rstrip(",") for line in lines[1:-1])
        return "\n".join([lines[0], *(f"    {line}" for line in body), lines[-1]])
    return "\n".join(lines)


def dump_diff(migrated: str, modelled: str) -> list[str]:
    """A unified diff, migrations first; empty when the schemas are the same."""
    before = "\n".join(normalized(migrated)).splitlines()
    after = "\n".join(normalized(modelled)).splitlines()
    return list(
        difflib.unified_diff(before, after, "upgrade heads", "create_all + stamp", lineterm="")
    )
