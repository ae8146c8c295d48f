"""All-or-nothing file writes: a temporary file in the same folder replaces the target only when complete.

A crash, a full disk, a cancelled download or a refused save leaves the previous file (or none)
behind, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file that becomes ``path`` only if the block ends without an error.

    The data is fsynced before the replace, and the result gets the permissions a plainly created
    file would (mkstemp makes it owner-only). OSError from any step reaches the caller.
    """
    target = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or ".")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_output(path) as out:
        out.write(data)
