"""One writer at a time, each writing all or nothing.

A writer holds an exclusive ``flock`` on ``.NAME.lock`` beside the database for as long as
it writes, so a second writer waits for it (or gives up with one line) and no decision is
written into a file that is about to be replaced. A fresh build goes into
``.NAME.building-PID``, which is moved over the database only when complete, with the old
file's mode, and through a symlink to the file it points at. An update is one SQLite
transaction on the database itself, and an empty ``.NAME.building-PID`` stands beside it
while it runs (``marker``). SIGTERM, SIGHUP and SIGINT stop a writer through its clean-up
(the transaction rolled back); after a SIGKILL the next writer removes what was left, the
next connection rolls the transaction back from SQLite's journal, and readers say that the
last write did not finish.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import os
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from plandrift.corpus.errors import BadInput

WAIT_ENV = "PLANDRIFT_LOCK_WAIT"
WAIT = 120.0  # seconds a writer waits for another one to finish
POLL = 0.05
NOTICE = 1.0  # seconds of waiting after which the writer says what it waits for
SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


class Interrupted(BaseException):
    """A signal stopped a writer; raised from the handler so that clean-up runs.
    ``written``: it came after the new database was in place (the write is complete)."""

    def __init__(self, signum: int, written: bool = False) -> None:
        super().__init__(signum)
        self.signum = signum
        self.written = written

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def real_path(path: Path | str) -> Path:
    """The file a --db path names, through any symlinks: that is the file replaced."""
    return Path(os.path.realpath(path))


def lock_path(real: Path) -> Path:
    return real.with_name(f".{real.name}.lock")


def temp_path(real: Path) -> Path:
    return real.with_name(f".{real.name}.building-{os.getpid()}")


def _mode(real: Path) -> int:
    """The database's permission bits, for the files made beside it (0666 less the umask
    for a new one): a 0600 database is never copied into a file others may read."""
    try:
        return stat.S_IMODE(os.stat(real).st_mode)
    except FileNotFoundError:
        return 0o666


def new_temp(real: Path) -> Path:
    """This writer's temporary file, created empty with the database's permissions."""
    tmp = temp_path(real)
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _mode(real)))
    return tmp


def marker(real: Path) -> Path:
    """The empty file that says an update is at work on ``real`` in place: left behind by
    a killed writer, it tells readers that the last write did not finish (SQLite rolls its
    transaction back), and the next writer removes it."""
    return new_temp(real)


def leftovers(real: Path) -> list[Path]:
    """Temporary files of writers of this database (and SQLite's files beside them)."""
    pattern = str(real.with_name(f".{glob.escape(real.name)}.building-*"))
    return sorted(Path(p) for p in glob.glob(pattern))


def wait_seconds() -> float:
    raw = os.environ.get(WAIT_ENV)
    if raw is None:
        return WAIT
    try:
        return max(0.0, float(raw))
    except ValueError as exc:
        raise BadInput(f"{WAIT_ENV}={raw!r} is not a number of seconds; give e.g. 30") from exc


def _holder(lock: Path) -> str:
    try:
        said = lock.read_text("utf-8", errors="replace").split()
    except OSError:
        return "another plandrift"
    return f"plandrift {said[1]} (pid {said[0]})" if len(said) >= 2 else "another plandrift"


@contextmanager
def _blocked() -> Iterator[None]:
    """Hold the stopping signals back while cleaning up, so clean-up itself is not cut."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class _Write:
    """Whether this process's write is in place yet, and a signal that came after it."""

    written = False
    pending: int | None = None


_WRITE = _Write()


@contextmanager
def _raise_on_signals() -> Iterator[None]:
    """SIGTERM, SIGHUP and SIGINT raise Interrupted, so ``finally`` blocks run; once the
    write is in place (``final``) a signal is held until the writer is done, so that what
    it reports is true. Python sets handlers only in the main thread; elsewhere (the
    app's workers) the next writer removes what a stopped one left."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        if _WRITE.written:
            _WRITE.pending = signum
            return
        raise Interrupted(signum)

    _WRITE.written, _WRITE.pending = False, None
    old = {s: signal.signal(s, handler) for s in SIGNALS}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h if h is not None else signal.SIG_DFL)
    if _WRITE.pending is not None:
        raise Interrupted(_WRITE.pending, written=True)


@contextmanager
def final() -> Iterator[None]:
    """The step that puts a write in place (a rename, a commit): no signal cuts it, and
    one that comes after it no longer stops the writer."""
    with _blocked():
        yield
        _WRITE.written = True


def _acquire(real: Path, what: str, wait: float, on_wait: Callable[[str], None] | None) -> int:
    """An fd holding the exclusive lock of ``real``. The holder removes the lock file when
    it is done, so after taking the lock we check it is still the file at that path."""
    lock = lock_path(real)
    start = time.monotonic()
    deadline = start + wait
    told = False
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, _mode(real))
        except PermissionError:  # another user's lock file: flock needs no write access
            fd = os.open(lock, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            if time.monotonic() >= deadline:
                raise BadInput(
                    f"{real}: {_holder(lock)} is writing it; waited "
                    f"{wait:g} s: try again when it has finished (or set {WAIT_ENV})"
                ) from None
            if on_wait and not told and time.monotonic() >= start + NOTICE:
                on_wait(f"waiting for {_holder(lock)} to finish writing it")
                told = True
            time.sleep(POLL)
            continue
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(lock))
        except FileNotFoundError:
            same = False
        if same:
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()} {what}\n".encode(), 0)
            except OSError:
                pass  # read-only: the lock holds all the same, unnamed
            return fd
        os.close(fd)  # the previous holder removed it as we took it: take the new one


def _release(fd: int, lock: Path) -> None:
    lock.unlink(missing_ok=True)
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def _remove(paths: list[Path]) -> None:
    for p in paths:
        p.unlink(missing_ok=True)


@contextmanager
def writing(
    path: Path | str,
    what: str,
    *,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[Path]:
    """Hold the writer lock of ``path``'s database for the block; yields the real file.

    Leftovers of stopped writers are removed first (holding the lock, none is alive), and
    this writer's own temporary file is removed however the block ends.
    """
    real = real_path(path)
    parent = real.parent
    if not parent.is_dir():
        raise BadInput(f"{parent}: no such folder for the database; create it or give another --db")
    if not os.access(parent, os.W_OK):
        raise BadInput(f"{parent}: cannot write there; give a --db path in a writable folder")
    lock = lock_path(real)
    with _raise_on_signals():
        fd = _acquire(real, what, wait_seconds() if wait is None else wait, on_wait)
        try:
            _remove(leftovers(real))
            yield real
        finally:
            with _blocked():
                _remove(leftovers(real))
                _release(fd, lock)


def unfinished(path: Path | str) -> str | None:
    """A line saying that the last write to ``path`` was stopped before it finished (its
    temporary file is still there and no writer holds the lock), else None."""
    real = real_path(path)
    left = leftovers(real)
    if not left:
        return None
    try:
        fd = os.open(lock_path(real), os.O_RDONLY)
    except OSError:
        fd = -1  # no lock file: no writer is at work
    if fd >= 0:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return None  # a writer is at work on it now
        finally:
            os.close(fd)
    return (
        f"{path}: the last write to it did not finish (it was stopped and left "
        f"{left[0].name}); the database is as it was before that write: run the command again"
    )


def finish(tmp: Path, real: Path) -> None:
    """Move the complete ``tmp`` over ``real``: flushed to disk first, with the old file's
    permissions, so a crash leaves the old database or the new one, never a mix."""
    try:
        old = os.stat(real)
    except FileNotFoundError:
        old = None
    if old is not None:
        os.chmod(tmp, stat.S_IMODE(old.st_mode))
        if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.chown(tmp, old.st_uid, old.st_gid)
            except PermissionError:
                pass  # only root may give a file away; the mode is kept all the same
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    with final():
        os.replace(tmp, real)
    dfd = os.open(real.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)
