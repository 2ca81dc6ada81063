"""``--diff-base REF``: the files added or changed since a git ref (untracked ones too)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .project import UsageError


def changed_files(ref: str, cwd: Path) -> set[str]:
    """Absolute paths of files changed between ``ref`` and the working tree, plus new files.

    Deleted files are left out (nothing to report on); renames count as the new path.
    """
    if ref.startswith("-"):
        raise UsageError(f"--diff-base: {ref!r} is not a git ref")
    top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd, what=f"unknown ref {ref}")
    changed = _git(["diff", "--name-only", "-z", "--diff-filter=ACMRT", ref, "--"], cwd)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--full-name"], cwd)
    names = [name for name in (changed + untracked).split("\0") if name]
    return {os.path.normpath(os.path.join(top, name)) for name in names}


def _git(arguments: list[str], cwd: Path, what: str | None = None) -> str:
    try:
        completed = subprocess.run(
            ["git", *arguments], cwd=cwd, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise UsageError("--diff-base needs git, which was not found on PATH") from None
    if completed.returncode != 0:
        detail = what or completed.stderr.strip().splitlines()[-1:] or ["git failed"]
        message = detail if isinstance(detail, str) else detail[0]
        raise UsageError(f"--diff-base: {message}")
    return completed.stdout
