"""Fill ``fuzz/corpus/`` with the seed inputs of the atheris target (``fuzz_parser.py``).

The seeds are real-world-shaped revision scripts and models files: every ``.py`` file of
``examples/uber``, ``examples/hazards`` and ``examples/broken`` (one of them a syntax
error), the ubersystem-style fixture of the tests, and every source of the rules' ``VALID``
and ``INVALID`` examples (revisions, their history and their models).  Each seed is
written under the SHA-1 of its bytes, as libFuzzer names its own corpus entries, so
running this again adds nothing twice.  The corpus directory is git-ignored: libFuzzer
adds the inputs that reach new coverage to it.

    python fuzz/make_corpus.py [DIRECTORY]      # default: fuzz/corpus
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "fuzz" / "corpus"
EXAMPLE_DIRECTORIES = ("examples/uber", "examples/hazards", "examples/broken")
FIXTURES = ("tests/fixtures/ubersystem_style.py",)


def example_files() -> list[Path]:
    """The example projects' revisions and models (``__init__.py`` and caches left out)."""
    files: list[Path] = []
    for directory in EXAMPLE_DIRECTORIES:
        files += sorted(
            path
            for path in (ROOT / directory).rglob("*.py")
            if path.name != "__init__.py" and "__pycache__" not in path.parts
        )
    return files + [ROOT / fixture for fixture in FIXTURES]


def rule_example_sources() -> Iterator[str]:
    """Every source the rules' documented examples are made of."""
    sys.path.insert(0, str(ROOT))
    from migration_lint.rules import ALL_RULES

    for rule in ALL_RULES:
        for example in (*rule.VALID, *rule.INVALID):
            yield example.source
            yield from example.history
            yield from example.later
            yield from example.models.values()
            for sources in example.others.values():
                yield from sources


def seeds() -> Iterator[bytes]:
    for path in example_files():
        yield path.read_bytes()
    for source in rule_example_sources():
        yield source.encode("utf-8")


def make_corpus(directory: Path = DEFAULT_CORPUS) -> int:
    """Write the seeds into ``directory``; the number of seeds that were new."""
    directory.mkdir(parents=True, exist_ok=True)
    written = 0
    for data in seeds():
        if not data.strip():
            continue
        path = directory / hashlib.sha1(data).hexdigest()
        if not path.exists():
            path.write_bytes(data)
            written += 1
    return written


def main(argv: list[str]) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    written = make_corpus(directory)
    total = sum(1 for _ in directory.iterdir())
    print(f"{directory}: {written} new seed(s), {total} input(s) in all")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
