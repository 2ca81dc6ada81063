"""Writing a corpus to disk and describing what was written."""

from __future__ import annotations

import json
import shutil
import statistics
from dataclasses import dataclass
from pathlib import Path

from .hazards import Planted

MARKER = "planted.json"  # written last; a directory holding it may be regenerated in place


@dataclass
class Corpus:
    """What :func:`generate` wrote."""

    root: Path
    revision_files: list[Path]
    plugins: list[str]
    line_counts: list[int]
    planted: list[Planted]
    seconds: float

    @property
    def median_lines(self) -> float:
        return statistics.median(self.line_counts)


def prepare_dir(root: Path) -> None:
    """Create ``root``; refuse a non-empty directory that is not an earlier corpus."""
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER).is_file():
            raise SystemExit(f"error: {root} is not empty and holds no {MARKER}; refusing")
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)


def write_files(root: Path, files: dict[str, str]) -> list[Path]:
    """Write ``files`` (relative path -> text) under ``root``; the paths written, in order."""
    made: set[Path] = set()
    written = []
    for rel, text in files.items():
        path = root / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def write_planted(root: Path, planted: list[Planted]) -> None:
    """The marker file, listing the planted hazards the linter must find."""
    (root / MARKER).write_text(
        json.dumps([vars(p) for p in planted], indent=2) + "\n", encoding="utf-8"
    )
