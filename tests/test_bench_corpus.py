"""A generated realistic project: the linter finds exactly the planted hazards, nothing else."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from migration_lint.config import load_config
from migration_lint.linter import run_lint, select_rules

BENCH = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", [0, 1])
def test_findings_are_exactly_the_planted_hazards(tmp_path: Path, seed: int) -> None:
    corpus = _generator().generate(tmp_path / "corpus", revisions=400, seed=seed)
    assert corpus.planted, "the corpus should plant hazards"
    # ML105/ML106 flag every drop by design (a generated history drops plenty); every other
    # rule must find exactly the planted hazards
    rules = select_rules(ignore=["ML105", "ML106"])
    result = run_lint(load_config(tmp_path / "corpus" / "pyproject.toml"), [], rules, None)
    found = Counter(
        (f.code, Path(f.path).relative_to(tmp_path / "corpus").as_posix()) for f in result.findings
    )
    planted = Counter({(p.code, p.path): p.findings for p in corpus.planted})
    assert found == planted
