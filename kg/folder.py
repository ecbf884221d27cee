"""The graph folder: its layout, the article records kept in it, its lock and its pending marker.

A folder ``kg build`` writes holds::

    store/                 the on-disk Oxigraph store (kg.store)
    records/<sha256>.json  each article's extraction records (re-resolved by kg add / kg remove, no spaCy)
    records/<sha256>.txt   the article's text, for the quotes of its evidence
    graph.trig graph.ttl graph.html
    .kg-lock               held by the one writer at a time
    .kg-pending            present while a write is under way: its absence means the folder is consistent
    .kg-remote.json        what the last push to a SPARQL Update endpoint sent (kg.remote)

Every file is written through :func:`atomic_write`, and every change goes
through :func:`writing`, which holds the lock and keeps the pending marker
until the change is complete.

>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> with writing(d) as change:
...     change.begin()                      # from here on, a crash leaves the marker
...     (d / PENDING).exists()
True
>>> (d / PENDING).exists()
False
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .records import DocumentRecords, from_json, to_json

OUTPUTS = {"trig": "graph.trig", "turtle": "graph.ttl", "html": "graph.html"}
STORE_DIR = "store"
RECORDS_DIR = "records"
PENDING = ".kg-pending"
LOCK = ".kg-lock"
HOLDER = ".kg-lock-holder"  # who holds the lock (PID, command, start), while it is held
TEXT_SUFFIX = ".txt"  # records/<sha256>.txt: the article's text, for the quotes of its evidence
RECORD_SUFFIX = ".json"


class StoreError(RuntimeError):
    """The store is missing, locked or unreadable; the message says what to do."""


class IncrementalError(StoreError):
    """A change to a graph folder that cannot go ahead; the message says what to do."""


class FolderBusy(IncrementalError):
    """Another writer holds the folder's lock; the message says to wait."""


# ------------------------------------------------------------------ atomic writes


def _umask() -> int:
    try:  # Linux: read it without changing it (os.umask would race with other threads)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


TMP_SUFFIX = ".kg-tmp"


def remove_stale_temporaries(path: Path) -> None:
    """Delete the temporary files of earlier writes of ``path`` whose writer died (``kill -9``) mid-write.

    A temporary file is ``.NAME.PID.XXXX.kg-tmp``: a live writer's are left alone.
    """
    for tmp in path.parent.glob(f".{glob_escape(path.name)}.*{TMP_SUFFIX}"):
        pid = tmp.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            try:
                tmp.unlink()
            except OSError:
                pass


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters escaped.

    >>> glob_escape("a[1].ttl")
    'a[[]1].ttl'
    """
    return re.sub(r"([*?[])", r"[\1]", name)


def pid_alive(pid: int) -> bool:
    """True while process ``pid`` exists (another user's process counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def atomic_write(path: str | Path, chunks: Iterable[bytes] | bytes) -> Path:
    """Write ``chunks`` to ``path`` through a temporary file, fsync and rename.

    The file gets the permissions of the file it replaces, or the usual
    ones for a new file (``0666`` less the umask), not the private ``0600``
    of a temporary file.

    >>> import tempfile
    >>> atomic_write(Path(tempfile.mkdtemp()) / "a.txt", b"x").read_bytes()
    b'x'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    remove_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


FSYNC_THREADS = 4  # disk flushes waited for at once by atomic_write_many
FSYNC_AHEAD = 64  # files written but not yet flushed, at most (bounds the bytes held)


def _stale_temporaries_in(directory: Path) -> None:
    """Delete every temporary file in ``directory`` whose writer died: one scan for a batch of writes.

    A name is ``.NAME.PID.XXXX.kg-tmp`` (``XXXX`` has no dot), so the PID is
    the second field from the right whatever dots NAME has.
    """
    for tmp in directory.glob(f".*{TMP_SUFFIX}"):
        fields = tmp.name[: -len(TMP_SUFFIX)].rsplit(".", 2)
        if len(fields) == 3 and fields[1].isdigit() and not pid_alive(int(fields[1])):
            try:
                tmp.unlink()
            except OSError:
                pass


def _write_synced(fd: int, mode: int, data: bytes) -> None:
    """Write ``data`` to the open temporary file ``fd``, flush it to disk and close it (on a worker thread)."""
    os.fchmod(fd, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def atomic_write_many(files: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Write several files as :func:`atomic_write` does, without waiting for the disk once per file.

    Each file goes to its temporary name and is fsynced on a small thread
    pool (the wait releases the GIL, so the next file is prepared meanwhile);
    once every file is on disk they are renamed into place in order. A crash
    leaves each file old or new, never partial, as with :func:`atomic_write`.
    Hundreds of small record files cost a few disk flushes, not hundreds.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> [p.name for p in atomic_write_many([(d / "a.json", b"1"), (d / "b.json", b"2")])]
    ['a.json', 'b.json']
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    mask = _umask()
    cleaned: set[Path] = set()
    written: list[tuple[str, Path]] = []
    flushing: deque[Future] = deque()
    try:
        with ThreadPoolExecutor(FSYNC_THREADS, thread_name_prefix="kg-fsync") as pool:
            for path, data in files:
                path = Path(path)
                if path.parent not in cleaned:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    _stale_temporaries_in(path.parent)
                    cleaned.add(path.parent)
                mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~mask
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=path.parent)
                written.append((tmp, path))
                flushing.append(pool.submit(_write_synced, fd, mode, data))
                while len(flushing) > FSYNC_AHEAD:
                    flushing.popleft().result()
            while flushing:
                flushing.popleft().result()
        for tmp, path in written:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in written:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise
    return [path for _, path in written]


# ------------------------------------------------------------------ lock and pending marker


class Change:
    """A change to a folder under way (see :func:`writing`): ``begin`` writes the pending marker."""

    def __init__(self, out: Path):
        self.out = out
        self.begun = False
        self.interrupted = (out / PENDING).exists()  # an earlier run died after its begin()

    def begin(self) -> None:
        """From here until the ``with`` block ends normally, a crash leaves the folder marked for repair."""
        if not self.begun:
            atomic_write(self.out / PENDING, b"")
            self.begun = True


def _say_who_holds(path: Path) -> None:
    """Write beside the held lock who holds it, for the message a second writer gets."""
    import datetime as dt
    import sys

    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    command = " ".join(["kg", *sys.argv[1:3]]) if sys.argv and sys.argv[0].endswith(("kg", "cli.py")) else "kg"
    path.write_text(f"PID {os.getpid()} ({command[:80]}), started at {started}\n", encoding="utf-8")


_HELD_LOCKS: set[int] = set()  # descriptors of the folder locks this process holds


def close_inherited_locks() -> None:
    """In a forked child: close its copies of the folder locks' descriptors, so that a lock ends with its holder.

    An ``flock`` lock belongs to the open file, which a fork shares: a child
    still running when its parent is killed would otherwise keep the folder
    locked. The parent's own descriptors, and so its lock, are untouched.
    """
    for fd in list(_HELD_LOCKS):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()


@contextmanager
def writing(out: str | Path) -> Iterator[Change]:
    """Hold the folder's exclusive lock; remove the pending marker when the block completes.

    Two writers would each swap in a store missing the other's article, so a
    second one is refused with :class:`FolderBusy`. The lock goes with the
    file descriptor, even when the process is killed; the marker stays when
    the block raises or the process dies, and the next writer repairs.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                holder = (out / HOLDER).read_text(encoding="utf-8")[:300].strip()
            except OSError:
                holder = ""
            raise FolderBusy(
                f"another kg add/remove/build is writing to {out} (locked by {holder or 'a kg process'}); "
                "wait for it to finish"
            ) from None
        _say_who_holds(out / HOLDER)
        _HELD_LOCKS.add(f.fileno())
        try:
            change = Change(out)
            yield change
            if change.begun:
                (out / PENDING).unlink()
        finally:
            _HELD_LOCKS.discard(f.fileno())
            try:  # the folder is left as it was: a no-op add changes no file
                (out / HOLDER).unlink()
            except OSError:
                pass


# ------------------------------------------------------------------ records


def record_path(out: Path, sha256: str, suffix: str = RECORD_SUFFIX) -> Path:
    """Where an article's records (``.json``) or text (``.txt``) are kept."""
    return Path(out) / RECORDS_DIR / f"{sha256}{suffix}"


def load_records(out: str | Path) -> dict[str, DocumentRecords]:
    """The saved records of every article in the folder, by content hash."""
    folder = Path(out) / RECORDS_DIR
    recs = {}
    for p in sorted(folder.glob(f"*{RECORD_SUFFIX}")) if folder.is_dir() else []:
        rec = from_json(json.loads(p.read_text(encoding="utf-8")))
        recs[rec.sha256] = rec
    return recs


def record_bytes(rec: DocumentRecords) -> bytes:
    """An article's records as the bytes of its ``records/<sha256>.json`` file (sorted keys: reproducible).

    >>> record_bytes(DocumentRecords("d", "0" * 64))[:13]
    b'{"doc_id": "d'
    """
    return json.dumps(to_json(rec), ensure_ascii=False, sort_keys=True).encode("utf-8")


def save_record(out: Path, rec: DocumentRecords) -> None:
    """Keep one article's extraction records so later steps need no re-parse."""
    atomic_write(record_path(out, rec.sha256), record_bytes(rec))


def save_records(out: Path, records: Iterable[DocumentRecords]) -> None:
    """Keep exactly these articles' records: the records of any other article are dropped."""
    keep = set()

    def files() -> Iterator[tuple[Path, bytes]]:
        for rec in records:
            path = record_path(out, rec.sha256)
            keep.add(path.name)
            yield path, record_bytes(rec)

    atomic_write_many(files())
    for old in (Path(out) / RECORDS_DIR).glob(f"*{RECORD_SUFFIX}"):
        if old.name not in keep:
            old.unlink()


def save_text(out: Path, sha256: str, raw: str) -> None:
    """Keep the article's text beside its records: the quotes of its evidence are cut from it."""
    atomic_write(record_path(out, sha256, TEXT_SUFFIX), raw.encode("utf-8"))


def forget(out: Path, sha256: str) -> None:
    """Drop an article's records and text."""
    for suffix in (RECORD_SUFFIX, TEXT_SUFFIX):
        record_path(out, sha256, suffix).unlink(missing_ok=True)


def drop_stray_texts(out: Path) -> None:
    """Delete saved texts whose records are gone (articles a later ``kg build`` left out)."""
    for stray in (Path(out) / RECORDS_DIR).glob(f"*{TEXT_SUFFIX}"):
        if not stray.with_suffix(RECORD_SUFFIX).exists():
            stray.unlink()
