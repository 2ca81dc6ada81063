"""The persistent cache: file digests, parsed facts, and whole-run results.

Layout (``.migration_lint_cache/`` under the project root, git-ignored by itself):

* ``index``: path -> (stat signature, content digest); a file is re-hashed only when its
  stat signature changes, as git's index does.
* ``facts``: content digest -> facts (revision or models file), so renamed or copied files
  hit too.
* ``results``: run key (every input digest, the configuration, the rule selection, the
  report paths, the tool) -> the lint result; an unchanged warm run parses nothing.

Every file is a pickle signed with HMAC-SHA256 under a per-user key kept outside the
project: a cache file that is truncated, garbage, or committed to a repository by someone
else fails the check and is ignored (and rebuilt), never unpickled.  Writes go to a
temporary file renamed into place, so overlapping runs never see half-written data.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import __version__
from .atomic import replace_atomically

CACHE_DIR_NAME = ".migration_lint_cache"
_MAGIC = b"MLCACHE1"
_DIGEST_SIZE = 32
_MAX_RESULTS = 16
_GITIGNORE = "# Created by migration_lint: this directory is a cache.\n*\n"

StatSignature = tuple[int, int, int]


def tool_fingerprint() -> str:
    """The version plus the size and mtime of every module, so a changed linter misses."""
    package = Path(__file__).resolve().parent
    parts = [__version__]
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        parts.append(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def stat_signature(path: str) -> StatSignature | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _secret_key() -> bytes:
    """A per-user random key outside any project (never in the repository)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "migration_lint" / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) == _DIGEST_SIZE:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(_DIGEST_SIZE)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, key, mode=0o600)
        return path.read_bytes()  # another process may have won the race: use its key
    except OSError:
        return key  # unwritable home: this run's cache is simply never reused


def _write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Private to the user; not synced: a cache file lost in a crash is just rebuilt."""
    replace_atomically(path, data, mode=mode, durable=False)


class Cache:
    """One project's cache directory; every failure to read means "not cached"."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.fingerprint = tool_fingerprint()
        self._key = _secret_key()
        self.index: dict[str, tuple[StatSignature, str]] = self._load("index") or {}
        self._facts: dict[str, Any] | None = None
        self._dirty: set[str] = set()
        self._prepared = False

    # digests ----------------------------------------------------------------------------
    def digest(self, path: str) -> str | None:
        """The content digest of ``path``, from the index when its stat is unchanged."""
        signature = stat_signature(path)
        if signature is None:
            return None
        known = self.index.get(path)
        if known is not None and known[0] == signature:
            return known[1]
        try:
            with open(path, "rb") as handle:
                digest = content_digest(handle.read())
        except OSError:
            return None
        self.index[path] = (signature, digest)
        self._dirty.add("index")
        return digest

    # facts ------------------------------------------------------------------------------
    def facts(self, key: str) -> Any | None:
        if self._facts is None:
            self._facts = self._load("facts") or {}
        return self._facts.get(key)

    def store_facts(self, entries: Iterable[tuple[str, Any]]) -> None:
        if self._facts is None:
            self._facts = self._load("facts") or {}
        for key, value in entries:
            self._facts[key] = value
            self._dirty.add("facts")

    def prune_facts(self, live: set[str]) -> None:
        """Forget facts no current file has (keeps the store the size of the project)."""
        if self._facts is not None and not self._facts.keys() <= live:
            self._facts = {key: value for key, value in self._facts.items() if key in live}
            self._dirty.add("facts")

    # results ----------------------------------------------------------------------------
    def result(self, key: str) -> Any | None:
        return (self._load("results") or {}).get(key)

    def store_result(self, key: str, result: Any) -> None:
        results = self._load("results") or {}
        results.pop(key, None)
        results[key] = result
        while len(results) > _MAX_RESULTS:
            results.pop(next(iter(results)))
        self._save("results", results)

    def run_key(self, *parts: object) -> str:
        return hashlib.blake2b(pickle.dumps((self.fingerprint, parts)), digest_size=16).hexdigest()

    # storage ----------------------------------------------------------------------------
    def flush(self) -> None:
        if "index" in self._dirty:
            self._save("index", self.index)
        if "facts" in self._dirty and self._facts is not None:
            self._save("facts", self._facts)
        self._dirty.clear()

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}-{self.fingerprint}.pickle"

    def _load(self, name: str) -> Any | None:
        try:
            data = self._path(name).read_bytes()
        except OSError:
            return None
        header = len(_MAGIC) + _DIGEST_SIZE
        if len(data) < header or not data.startswith(_MAGIC):
            return None
        signature, payload = data[len(_MAGIC) : header], data[header:]
        expected = hmac.new(self._key, payload, hashlib.sha256).digest()
        if not hmac.compare_digest(signature, expected):
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # a signed file we cannot read (should not happen): not cached
            return None

    def _save(self, name: str, value: Any) -> None:
        try:
            self._prepare()
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            signature = hmac.new(self._key, payload, hashlib.sha256).digest()
            _write_atomic(self._path(name), _MAGIC + signature + payload)
        except OSError:
            pass  # a read-only project still lints; it just is not cached

    def _prepare(self) -> None:
        """Create the directory (git-ignored by itself); drop files of other tool versions."""
        if self._prepared:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        gitignore = self.directory / ".gitignore"
        if not gitignore.exists():
            _write_atomic(gitignore, _GITIGNORE.encode())
        for stale in self.directory.glob("*.pickle"):
            if self.fingerprint not in stale.name:
                stale.unlink(missing_ok=True)
        self._prepared = True
