"""The dataset's writer lock: one writer at a time, stale locks taken over.

The lock is the file ``_systemsreview.lock``, created with ``O_EXCL`` and holding the
writer's process id, host, start time and token. A lock whose process is gone (on this
host), or that stayed empty for a while (its writer died while creating it), is stale: the
next writer renames it aside (``_systemsreview.lock.stale-<token>``, so that of two writers
breaking it one wins) and takes the lock. A live writer's lock is waited for, up to a
timeout, with backoff and jitter. See :mod:`systemsreview.io._txn`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import socket
import time
import uuid
from pathlib import Path
from types import TracebackType

from systemsreview.errors import ConflictError, StorageError
from systemsreview.io import _txn
from systemsreview.io._paths import LOCK, remove

__all__ = ["Lock"]

_STALE_UNREADABLE_SECONDS = 10.0
_FIRST_WAIT = 0.01
_LONGEST_WAIT = 0.5


class _HeldError(Exception):
    """The lock is held by a live writer (internal: :class:`Lock` waits, then reports)."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Lock:
    """The dataset's writer lock, a context manager; see the module's theory of operation.

    A live writer's lock is waited for, up to ``timeout`` seconds, polling with
    exponential backoff (10 ms doubling to 0.5 s) and jitter; then
    :class:`~systemsreview.errors.ConflictError`.
    """

    def __init__(self, root: Path, timeout: float = 0.0) -> None:
        self.path = root / LOCK
        self.token = uuid.uuid4().hex[:16]
        self.timeout = max(0.0, float(timeout))

    def _holder(self) -> dict[str, object] | None:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return doc if isinstance(doc, dict) else None

    def _stale(self, holder: dict[str, object] | None) -> bool:
        if holder is None:  # a writer died between creating the lock and filling it in
            try:
                age = time.time() - self.path.stat().st_mtime
            except FileNotFoundError:
                return True
            return age > _STALE_UNREADABLE_SECONDS
        pid = holder.get("pid")
        same_host = holder.get("host") == socket.gethostname()
        return same_host and isinstance(pid, int) and not _pid_alive(pid)

    def __enter__(self) -> Lock:
        deadline = time.monotonic() + self.timeout
        wait = _FIRST_WAIT
        while True:
            try:
                self._take()
            except _HeldError as held:
                left = deadline - time.monotonic()
                if left <= 0:
                    waited = f" (waited {self.timeout:g} s)" if self.timeout > 0 else ""
                    raise ConflictError(f"{held}{waited}") from None
                # Exponential backoff with jitter, so that waiting writers do not march
                # in step; never past the deadline.
                time.sleep(min(left, wait * random.uniform(0.5, 1.5)))
                wait = min(wait * 2, _LONGEST_WAIT)
                continue
            _txn.step("locked")
            return self

    def _take(self) -> None:
        """Create the lock file (taking over a stale one), or raise :class:`_HeldError`."""
        for attempt in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self._holder()
                if attempt < 2 and self._stale(holder):
                    # Rename, not delete: of two writers breaking one stale lock, one wins.
                    with contextlib.suppress(FileNotFoundError):
                        self.path.replace(self.path.with_name(f"{LOCK}.stale-{self.token}"))
                    continue
                who = (
                    f"process {holder.get('pid')} on {holder.get('host')} since "
                    f"{holder.get('since')}"
                    if holder
                    else "another writer"
                )
                msg = (
                    f"{self.path.parent}: {who} is writing this dataset; try again when it "
                    f"has finished (if no writer is running, delete {self.path})"
                )
                raise _HeldError(msg) from None
            except OSError as err:
                msg = f"{self.path}: cannot create the writer lock ({err}); nothing was "
                msg += "written and the previous version is intact"
                raise StorageError(msg) from err
            info = {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "token": self.token,
            }
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(info, out)
                    out.flush()
                    os.fsync(out.fileno())
            except OSError as err:
                remove(self.path.parent, [self.path])
                msg = f"{self.path}: cannot write the writer lock ({err}); nothing was "
                msg += "written and the previous version is intact"
                raise StorageError(msg) from err
            return
        raise _HeldError(f"{self.path.parent}: the writer lock keeps changing hands")

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        holder = self._holder()
        if holder is not None and holder.get("token") == self.token:
            remove(self.path.parent, [self.path])
