"""The local stack holds a lock on its data folder while it runs, so `make reset` (or a second stack) cannot wipe or
share the data under it. The lock is the operating system's (flock): it goes when the process goes, even on kill -9,
so a crashed stack never leaves the folder locked."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

LOCK_NAME = ".in-use"


class DataInUseError(RuntimeError):
    """Another local stack uses the data folder; the message names its process and what to do."""


def _try_lock(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def holder(data_dir: Path) -> str | None:
    """The process id of the local stack using `data_dir` ("unknown" if it wrote none), or None when none does."""
    lock = data_dir / LOCK_NAME
    if not lock.is_file():
        return None
    with lock.open("r") as handle:
        if _try_lock(handle):
            fcntl.flock(handle, fcntl.LOCK_UN)
            return None
        return handle.read().strip() or "unknown"


class DataLock:
    """Held from a local stack's start to its stop."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        handle = (self.data_dir / LOCK_NAME).open("a+")
        if not _try_lock(handle):
            handle.seek(0)
            pid = handle.read().strip() or "unknown"
            handle.close()
            raise DataInUseError(
                f"another local stack (process {pid}) is using {self.data_dir}: stop it first (Ctrl-C where it runs), "
                "or give this one a folder of its own (--data-dir)"
            )
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.close()  # closing releases the lock
