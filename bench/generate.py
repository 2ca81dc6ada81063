"""Generate a realistic core-plus-plugins project of Alembic revision scripts.

The project looks like ubersystem: ``uber`` at the root of a plugin tree, one
``models.py`` and one ``versions/`` branch per plugin, revision scripts that carry the
real-world boilerplate (``is_sqlite``, the utcnow block, the reflect listener, the
HOWTO comment) and a schema that evolves consistently: columns are dropped only when
they exist, tables are created before use, downgrades undo upgrades, and the models
describe the schema after the last revision.  A few hazards are planted on purpose
(deterministically for a seed) and listed in ``DIR/planted.json``:

* ML101: a column dropped and added back with another type (~1% of revisions);
* ML103: a rename written as drop+add, re-added in the downgrade as ``sa.VARCHAR()``;
* ML202: one revision in a plugin that adds a column to another, unrelated plugin's table.

Each planted hazard yields two findings, one per direction.

    python bench/generate.py DIR --revisions N [--plugins K] [--seed S]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path

# This file is run as a script (``python bench/generate.py``), imported as ``generate`` by
# run.py and loaded by file path by tests/test_bench_corpus.py; only the first puts bench/
# on sys.path by itself, so add it here for the ``corpus`` package to be importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus.generator import Generator
from corpus.hazards import Planted
from corpus.models_file import project_files
from corpus.output import MARKER, Corpus, prepare_dir, write_files, write_planted

__all__ = ["MARKER", "Corpus", "Generator", "Planted", "default_plugins", "generate", "main"]

SHOWN = 10  # planted hazards listed on the terminal


def default_plugins(revisions: int) -> int:
    """6 plugins (the seed's tree) for small corpora, 12 for large ones."""
    return 6 if revisions <= 1000 else 12


def generate(root: Path, revisions: int, plugins: int | None = None, seed: int = 0) -> Corpus:
    """Write a project of ``revisions`` revision scripts into ``root``."""
    started = time.perf_counter()
    generator = Generator(revisions, plugins or default_plugins(revisions), seed)
    generator.run()
    prepare_dir(root)
    revision_files = write_files(root, generator.files)
    write_files(root, project_files(generator.plugins, generator.schema))
    planted = generator.planted
    write_planted(root, planted)
    lines = [text.count("\n") for text in generator.files.values()]
    return Corpus(
        root, revision_files, list(generator.plugins), lines, planted,
        time.perf_counter() - started,
    )  # fmt: skip


def summarize(corpus: Corpus) -> Iterable[str]:
    yield (
        f"wrote {len(corpus.revision_files)} revision files for {len(corpus.plugins)} plugins "
        f"({', '.join(corpus.plugins)}) into {corpus.root} in {corpus.seconds:.2f} s"
    )
    yield f"median lines per revision file: {corpus.median_lines:g}"
    yield f"planted hazards ({sum(p.findings for p in corpus.planted)} expected findings):"
    for p in corpus.planted[:SHOWN]:
        yield f"  {p.code} {p.plugin:<12} {p.table}.{p.column}  {p.path}"
    if len(corpus.planted) > SHOWN:
        yield f"  ... and {len(corpus.planted) - SHOWN} more in {corpus.root / MARKER}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="where to write the project")
    parser.add_argument("--revisions", type=int, required=True, help="number of revision files")
    parser.add_argument("--plugins", type=int, default=None,
                        help="number of plugins (default: 6 up to 1000 revisions, else 12)")
    parser.add_argument("--seed", type=int, default=0)  # fmt: skip
    args = parser.parse_args(argv)
    try:
        corpus = generate(args.dir, args.revisions, args.plugins, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    for line in summarize(corpus):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
