"""Load: a generated 10,000-revision project with a 12-plugin tree, linted cold in full.

The findings must be exactly the planted hazards (complete and correct), and the peak
memory of the whole process tree (the fork pool included) within the benchmark's bound.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
REVISIONS = 10_000
PLUGINS = 12


def _bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    generate = _bench_module("generate")
    root = tmp_path_factory.mktemp("load") / "project"
    return root, generate.generate(root, revisions=REVISIONS, plugins=PLUGINS, seed=3)


def test_ten_thousand_revisions_in_twelve_plugins(corpus) -> None:
    root, generated = corpus
    bench = _bench_module("run")
    bound_mib = bench.TARGETS["peak_mem_cold_10000"][0]
    assert len(generated.revision_files) == REVISIONS
    assert len(generated.plugins) == PLUGINS
    command = [
        sys.executable, "-m", "migration_lint", "alembic", "lint", "--no-cache",
        "--format", "json", "--ignore", "ML105,ML106",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=root, stdout=out, stderr=err, env=env)
        with bench.peak_rss(process.pid) as peak:
            code = process.wait(timeout=600)
        out.seek(0)
        err.seek(0)
        findings = json.loads(out.read())
        stderr = err.read().decode()
    assert code == 1, stderr  # the corpus plants errors
    assert "Traceback" not in stderr
    # ML105/ML106 flag every drop by design; every other rule finds exactly what was planted
    found = Counter((f["code"], f["path"]) for f in findings)
    planted = Counter({(p.code, p.path): p.findings for p in generated.planted})
    assert found == planted
    plugins = {f["plugin"] for f in findings}
    assert len(plugins) >= 6, plugins  # hazards are found across the plugin tree
    print(f"\npeak memory of the lint process tree: {peak[0]:.0f} MiB (bound {bound_mib:.0f})")
    assert peak[0] <= bound_mib
