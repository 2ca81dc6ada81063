"""One way to replace a file: write a temporary file beside it, then rename it over.

A reader (CI, an editor, a second lint run) sees the old file or the new one, never half
of one; an interrupted write leaves no temporary file behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def replace_atomically(
    path: Path, data: bytes, mode: int | None = None, durable: bool = True
) -> None:
    """Replace ``path`` with ``data``.

    ``mode`` None keeps the file's mode (or gives a new file the umask's default, not
    mkstemp's private one); ``durable`` syncs the data to disk before the rename, so a
    crash cannot leave an empty file in its place.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        elif path.exists():
            shutil.copymode(path, temporary)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
