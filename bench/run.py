"""Benchmark ``sep alembic lint`` on generated projects: warm, pre-commit, cold, peak memory.

Every figure is the median wall time of whole-process runs (the ``sep`` console script
next to ``sys.executable``) with the corpus root as the working directory, next to the
floor of its size (reading every revision file and ``ast.parse`` of each, in-process).

    python bench/run.py [--sizes 241,10000] [--runs 5] [--output bench/results.json] [--keep DIR]
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

CACHE_DIR = ".migration_lint_cache"
SAMPLE_INTERVAL = 0.01  # seconds between RSS samples of the process tree
COLD_RUNS_LARGE = 3  # cold runs on corpora of this size or more are slow
LARGE = 5000

# case name -> (target, unit); a case passes when its figure is <= the target
TARGETS: dict[str, tuple[float, str]] = {
    "warm_241": (0.20, "s"),
    "warm_10000": (1.0, "s"),
    "precommit_241": (0.35, "s"),
    "cold_241": (0.70, "s"),
    "cold_10000": (20.0, "s"),
    "peak_mem_cold_10000": (500.0, "MiB"),
}


class BenchmarkError(Exception):
    """The linter failed (exit code other than 0 or 1) or could not be run."""


@dataclass
class Floor:
    """In-process floor for one corpus: read every revision file, then ``ast.parse`` each."""

    files: int
    read_s: float
    parse_s: float

    @property
    def total_s(self) -> float:
        return self.read_s + self.parse_s


@dataclass
class Case:
    """One measured figure."""

    case: str
    size: int
    argv: list[str]
    unit: str
    samples: list[float] = field(default_factory=list)
    figure: float = 0.0
    ratio_to_floor: float | None = None
    target: float | None = None
    passed: bool | None = None

    def finish(self, figure: float, floor: Floor | None) -> None:
        self.figure = figure
        if floor is not None and self.unit == "s":
            self.ratio_to_floor = figure / floor.total_s
        if self.case in TARGETS:
            self.target = TARGETS[self.case][0]
            self.passed = figure <= self.target


# --------------------------------------------------------------------------- processes


def linter_argv() -> list[str]:
    """The ``sep`` console script next to this interpreter, else ``python -m``."""
    sep = Path(sys.executable).parent / "sep"
    if sep.is_file() and os.access(sep, os.X_OK):
        return [str(sep), "alembic", "lint"]
    try:
        has_main = importlib.util.find_spec("migration_lint.__main__") is not None
    except ImportError:
        has_main = False
    module = "migration_lint" if has_main else "migration_lint.cli"
    return [sys.executable, "-m", module, "alembic", "lint"]


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (all its threads), via ``/proc/<pid>/task/*/children``."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(x) for x in handle.read().split()]
        except OSError:
            continue
    return found


def children_by_scan() -> dict[int, list[int]]:
    """Parent -> children from every ``/proc/*/stat`` (when ``children`` files are missing)."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


HAVE_CHILDREN_FILE = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    lookup: Callable[[int], list[int]] = children
    if not HAVE_CHILDREN_FILE:
        tree = children_by_scan()
        lookup = lambda p: tree.get(p, [])  # noqa: E731
    result, todo = [], [pid]
    while todo:
        current = todo.pop()
        result.append(current)
        todo += lookup(current)
    return result


def rss_kib(pid: int) -> int:
    """VmRSS of one process in KiB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


@contextmanager
def peak_rss(pid: int) -> Iterator[list[float]]:
    """Sample the summed RSS of ``pid``'s tree every ~10 ms; yields ``[peak MiB]``."""
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total = sum(rss_kib(p) for p in process_tree(pid))
            peak[0] = max(peak[0], total / 1024)
            done.wait(SAMPLE_INTERVAL)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        done.set()
        thread.join()


def run_linter(
    argv: list[str], cwd: Path, memory: bool = False
) -> tuple[float, float | None, int]:
    """Run the linter once: wall seconds, peak RSS of its process tree (MiB) and exit code."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err)
        if memory:
            with peak_rss(proc.pid) as peak:
                code = proc.wait()
            mib: float | None = peak[0]
        else:
            code, mib = proc.wait(), None
        elapsed = time.perf_counter() - start
        if code not in (0, 1):
            out.seek(0)
            err.seek(0)
            raise BenchmarkError(
                f"{' '.join(argv)} (in {cwd}) exited {code}\n--- stderr ---\n"
                f"{err.read().decode(errors='replace')}\n--- stdout (tail) ---\n"
                f"{out.read().decode(errors='replace')[-2000:]}"
            )
    return elapsed, mib, code


# --------------------------------------------------------------------------- measurements


def measure_floor(files: list[Path], repeats: int = 3) -> Floor:
    """Median over ``repeats`` of reading all files, and of parsing them with ``ast``."""
    reads, parses = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        sources = [path.read_bytes() for path in files]
        reads.append(time.perf_counter() - start)
        start = time.perf_counter()
        for source in sources:
            ast.parse(source)
        parses.append(time.perf_counter() - start)
    return Floor(len(files), statistics.median(reads), statistics.median(parses))


def drop_cache(root: Path) -> None:
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)


def bench_warm(root: Path, size: int, runs: int, floor: Floor) -> Case:
    argv = linter_argv()
    case = Case(f"warm_{size}", size, argv, "s")
    if run_linter(argv, root)[2] != 1:  # untimed: fills the cache
        raise BenchmarkError(
            f"{' '.join(argv)} (in {root}) exited 0, but the corpus has planted findings: "
            "is this the linter?"
        )
    case.samples = [run_linter(argv, root)[0] for _ in range(runs)]
    case.finish(statistics.median(case.samples), floor)
    return case


def bench_precommit(root: Path, size: int, runs: int, floor: Floor, target: Path) -> Case:
    """Lint one file whose content changed since the last run; the cache is otherwise warm."""
    relative = target.relative_to(root)
    argv = [*linter_argv(), str(relative)]
    case = Case(f"precommit_{size}", size, argv, "s")
    run_linter(linter_argv(), root)  # untimed: the whole project is cached
    for edit in range(runs):
        with target.open("a", encoding="utf-8") as handle:
            handle.write(f"# edit {edit}\n")
        case.samples.append(run_linter(argv, root)[0])
    case.finish(statistics.median(case.samples), floor)
    return case


def bench_cold(root: Path, size: int, runs: int, floor: Floor, memory: bool) -> list[Case]:
    """Delete the cache before every run; optionally sample the peak RSS of the tree."""
    argv = linter_argv()
    case = Case(f"cold_{size}", size, argv, "s")
    mem = Case(f"peak_mem_cold_{size}", size, argv, "MiB")
    for _ in range(runs):
        drop_cache(root)
        seconds, mib, _ = run_linter(argv, root, memory=memory)
        case.samples.append(seconds)
        if mib is not None:
            mem.samples.append(mib)
    case.finish(statistics.median(case.samples), floor)
    if not memory:
        return [case]
    mem.finish(max(mem.samples), None)
    return [case, mem]


def precommit_target(corpus: generate.Corpus) -> Path:
    """A revision file in the middle of the root plugin's history."""
    root_versions = corpus.root / "alembic" / "versions"
    files = sorted(p for p in corpus.revision_files if p.parent == root_versions)
    return files[len(files) // 2]


def bench_size(
    root: Path, size: int, runs: int, *, precommit: bool, memory: bool, info: dict
) -> list[Case]:
    """Generate one corpus and measure all its cases."""
    corpus = generate.generate(root, size, seed=0)
    floor = measure_floor(corpus.revision_files)
    info["corpora"][str(size)] = {
        "files": len(corpus.revision_files),
        "plugins": corpus.plugins,
        "median_lines": corpus.median_lines,
        "generate_s": round(corpus.seconds, 3),
        "planted_findings": sum(p.findings for p in corpus.planted),
    }
    info["floor"][str(size)] = {**asdict(floor), "total_s": floor.total_s}
    print(
        f"[{size}] corpus: {len(corpus.revision_files)} files, {len(corpus.plugins)} plugins, "
        f"generated in {corpus.seconds:.2f} s; floor {floor.total_s:.3f} s",
        flush=True,
    )
    cases = [bench_warm(root, size, runs, floor)]
    if precommit:
        cases.append(bench_precommit(root, size, runs, floor, precommit_target(corpus)))
    cold_runs = min(runs, COLD_RUNS_LARGE) if size >= LARGE else runs
    cases += bench_cold(root, size, cold_runs, floor, memory)
    for case in cases:
        print(f"[{size}] {case.case}: {format_figure(case)}", flush=True)
    return cases


# --------------------------------------------------------------------------- report


def format_figure(case: Case) -> str:
    return f"{case.figure:.3f} s" if case.unit == "s" else f"{case.figure:.0f} MiB"


def table(cases: list[Case], floors: dict[str, dict]) -> str:
    """The plain-text results table."""
    header = ("case", "median (mem: max)", "x floor", "target", "result", "runs")
    rows = [header]
    for case in cases:
        unit = case.unit
        target = f"<= {case.target:g} {unit}" if case.target is not None else "-"
        result = "-" if case.passed is None else ("PASS" if case.passed else "FAIL")
        ratio = f"{case.ratio_to_floor:.1f}x" if case.ratio_to_floor is not None else "-"
        rows.append((case.case, format_figure(case), ratio, target, result, str(len(case.samples))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for size, floor in floors.items():
        lines.append(
            f"floor_{size}: read {floor['read_s']:.4f} s + ast.parse {floor['parse_s']:.4f} s "
            f"= {floor['total_s']:.4f} s ({floor['files']} files, in-process)"
        )
    return "\n".join(lines)


def machine_info() -> dict:
    try:
        import migration_lint

        version = migration_lint.__version__
    except ImportError:
        version = "unknown (not importable from this interpreter)"
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": nproc,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "migration_lint": version,
        "linter_argv": linter_argv(),
    }


def run(sizes: list[int], runs: int, output: Path, keep: Path | None) -> int:
    info: dict = {"machine": machine_info(), "runs": runs, "corpora": {}, "floor": {}}
    cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix="migration_lint_bench_") as tmp:
        base = keep if keep is not None else Path(tmp)
        for size in sizes:
            cases += bench_size(
                (base / f"corpus_{size}").resolve(),
                size,
                runs,
                precommit=size == min(sizes),
                memory=size == max(sizes),
                info=info,
            )
    print()
    print(table(cases, info["floor"]))
    info["cases"] = [asdict(case) for case in cases]
    targeted = [case for case in cases if case.passed is not None]
    info["all_pass"] = all(case.passed for case in targeted)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    met = sum(1 for case in targeted if case.passed)
    print(f"\n{met}/{len(targeted)} targets met; results written to {output}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="241,10000", help="corpus sizes (revision files)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case")
    parser.add_argument("--output", type=Path, default=Path(__file__).parent / "results.json")
    parser.add_argument("--keep", type=Path, default=None,
                        help="generate the corpora in DIR/corpus_<size> and keep them")  # fmt: skip
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if args.runs < 1 or not sizes:
        parser.error("--runs must be >= 1 and --sizes non-empty")
    try:
        return run(sizes, args.runs, args.output, args.keep)
    except BenchmarkError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
