"""A progress bar for long runs, on a terminal only (pre-commit and CI see nothing extra)."""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any, TextIO

THRESHOLD = 300  # files to parse before a bar is worth showing


class ParseProgress:
    """A ``Progress`` callback that starts a Rich bar on stderr once the run is big enough.

    Rich is imported only when a bar is shown, so short runs pay nothing for it.
    """

    def __init__(self, stream: TextIO | None = None, threshold: int = THRESHOLD) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.threshold = threshold
        self.enabled = _is_terminal(self.stream)
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < self.threshold:
            return
        if self._bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            console = Console(file=self.stream)
            self._bar = Progress(
                TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), console=console,
                transient=True,
            )  # fmt: skip
            self._bar.start()
            self._task = self._bar.add_task("parse", total=total)
        self._bar.update(self._task, completed=done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> ParseProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()
