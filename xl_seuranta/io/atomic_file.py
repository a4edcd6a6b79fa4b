"""Write a file all or nothing, one writer at a time, keeping its permission bits.

The new content goes to a temporary file in the target's own folder (so the final rename stays on one
file system and is atomic), which then replaces the target. Around that:

* a lock per target (``.~xlseuranta-NAME.lock`` beside it, an OS lock that dies with its process):
  a second writer waits briefly, then gets "tiedosto on käytössä" instead of silently losing the
  first writer's sheet;
* a symlink is followed: the file it points to is updated and the link stays a link;
* a read-only target and a file open in Excel (its ``~$NAME`` owner file beside it) are refused with
  a clear message, nothing written;
* the temporary file is removed on every exit path, including SIGTERM (turned into an exception while
  writing); one left by a killed writer (SIGKILL, power cut) is removed by the next writer of the
  same file, and folder checks never pick such files up (``is_work_file``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from xl_seuranta.domain.messages import Files, UserError

TEMP_PREFIX = ".~xlseuranta-"
TEMP_SUFFIX = ".tmp"
LOCK_SUFFIX = ".lock"
DEFAULT_WAIT_S = 20.0


class FileWriteError(UserError):
    """The file could not be written; the message is for the user, the target is unchanged."""


def is_work_file(path: Path) -> bool:
    """Whether ``path`` is a writer's temporary or lock file or Excel's ``~$`` owner file.

    Folder checks skip these: they are not workbooks, and one being written may be half done.
    """
    return path.name.startswith((TEMP_PREFIX, "~$"))


def resolve_target(path: Path) -> Path:
    """The file a write to ``path`` must update: a symlink's final target (the link stays)."""
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def excel_owner_file(path: Path) -> Path | None:
    """Excel's owner file of ``path`` when Excel has it open (``~$`` + name; Excel shortens long names)."""
    for name in {"~$" + path.name, "~$" + path.name[2:]}:
        candidate = path.with_name(name)
        if len(path.name) > 2 and candidate.exists():
            return candidate
    return None


def check_writable(target: Path) -> None:
    """Refuse a target open in Excel or read-only, before anything is written."""
    owner = excel_owner_file(target)
    if target.exists() and owner is not None:
        raise FileWriteError(Files.open_in_excel, name=target.name, lock=owner.name)
    if target.exists():
        mode = target.stat().st_mode
        if not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(target, os.W_OK):
            raise FileWriteError(Files.read_only, name=target.name)
    folder = target.parent
    if not folder.is_dir():
        raise FileWriteError(Files.no_folder, name=folder)


# ------------------------------------------------------------------------------------------ lock


class _Interrupted(BaseException):
    """SIGTERM arrived while writing (raised from the signal handler so ``finally`` blocks run)."""


def _lock_path(target: Path) -> Path:
    return target.with_name(f"{TEMP_PREFIX}{target.name}{LOCK_SUFFIX}")


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        raise


@contextlib.contextmanager
def locked(target: Path, wait_s: float = DEFAULT_WAIT_S) -> Iterator[None]:
    """Hold the write lock of ``target``; wait up to ``wait_s`` seconds for another writer.

    The lock file is removed on release. A waiter that got the lock on a file already removed (the
    previous holder's) notices that the path no longer names its file and locks the new one. While
    the lock is held, SIGTERM raises inside the block, so the temporary and lock files are removed
    and the target is left as it was.
    """
    with _sigterm_as_exception():
        try:
            with _locked(target, wait_s):
                yield
        except _Interrupted as exc:
            raise FileWriteError(Files.interrupted, name=target.name) from exc


@contextlib.contextmanager
def _locked(target: Path, wait_s: float) -> Iterator[None]:
    lock = _lock_path(target)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise FileWriteError(
                Files.folder_not_writable, name=target.parent, detail=exc.strerror or exc
            ) from exc
        if _try_lock(fd):
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(lock))
            except FileNotFoundError:
                same = False
            if same:
                break
        os.close(fd)
        if time.monotonic() >= deadline:
            raise FileWriteError(Files.in_use, name=target.name)
        time.sleep(0.05)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)  # before unlocking: a waiter then sees its lock file is gone
        os.close(fd)


# ------------------------------------------------------------------------------------------ write


@contextlib.contextmanager
def _sigterm_as_exception() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Interrupted

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stale_temps(target: Path) -> list[Path]:
    prefix = f"{TEMP_PREFIX}{target.name}."
    return [p for p in target.parent.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}") if p.name.startswith(prefix)]


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    target: Path,
    write: Callable[[BinaryIO], None],
    mode_from: Path | None = None,
) -> None:
    """Write ``target`` through ``write(file)`` all or nothing (call under ``locked(target)``).

    The permission bits are those of the existing target (or ``mode_from``, or a new file's
    default). Temporary files of earlier writers of this target that died are removed first.
    """
    folder = target.parent
    for stale in _stale_temps(target):
        with contextlib.suppress(OSError):
            stale.unlink()
    if target.exists():
        mode = stat.S_IMODE(target.stat().st_mode)
    elif mode_from is not None and mode_from.exists():
        mode = stat.S_IMODE(mode_from.stat().st_mode)
    else:
        mode = _new_file_mode()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise FileWriteError(Files.folder_not_writable, name=folder, detail=exc.strerror or exc) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        _fsync_folder(folder)
    except FileWriteError:
        raise
    except PermissionError as exc:
        raise FileWriteError(Files.read_only, name=target.name) from exc
    except OSError as exc:
        raise FileWriteError(Files.write_failed, name=target.name, detail=exc.strerror or exc) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every platform can open a folder)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
