"""Backend supervision: the engine processes behind the front (no port: pipes), started, watched and replaced.

>>> free_port() > 0
True
"""
from __future__ import annotations

import functools
import json
import os
import queue
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..store import StoreError

LOAD_WAIT = 600.0            # seconds an engine may take to copy the store into memory (~10 s per million quads)
START_WAIT = 30.0            # seconds for the Oxigraph server to answer after it starts


class ServeError(StoreError):
    """The server cannot start (no store, no oxigraph binary, port taken); the message says what to do."""



def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` executable of the ``oxigraph`` PyPI package."""
    beside = Path(sys.executable).parent / "oxigraph"  # the venv's bin/, even when it is not on PATH
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise ServeError("the Oxigraph server is not installed; install it with `pip install 'oxigraph>=0.5'`")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent():
    """For the child: get SIGTERM when the thread that started it ends (so a killed front leaves no server).

    libc is loaded here, before any fork: the function the child runs only calls it.
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl
    pr_set_pdeathsig = 1

    def set_it():
        prctl(pr_set_pdeathsig, signal.SIGTERM)
    return set_it


class EngineTimeout(Exception):
    """The worker did not answer before the deadline (it has been killed and replaced)."""


class EngineBusy(Exception):
    """Every worker stayed busy for as long as a request may wait."""


class EngineFailed(Exception):
    """The engine refused or failed the query; ``syntax`` says whether its parser did."""

    def __init__(self, message: str, syntax: bool):
        super().__init__(message)
        self.syntax = syntax


WORKER = Path(__file__).with_name("worker.py")


@functools.lru_cache(maxsize=1)
def can_isolate() -> bool:
    """Whether ``unshare --user --map-root-user --net`` works here (unprivileged user namespaces)."""
    tool = shutil.which("unshare")
    if not tool or not sys.platform.startswith("linux"):
        return False
    try:
        return subprocess.run([tool, "--user", "--map-root-user", "--net", "true"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def isolated(cmd: list[str]) -> list[str]:
    """``cmd`` run in a network namespace of its own (no interface up: no connection in or out), if possible."""
    return ["unshare", "--user", "--map-root-user", "--net", *cmd] if can_isolate() else cmd


class Worker:
    """One engine process (:mod:`kg.serve.worker`), spoken to over its stdin and stdout only."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = proc
        self._buf = b""

    def call(self, request: dict, deadline: float) -> tuple[dict, bytes]:
        """Send one request; the answer's head and body, or :class:`EngineTimeout` at ``deadline``."""
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise EngineFailed("the query engine stopped; retry", syntax=False) from None
        head = json.loads(self._read_until(lambda b: b.find(b"\n") + 1, deadline))
        body = self._read_until(lambda b: head.get("length", 0) if len(b) >= head.get("length", 0) else 0,
                                deadline) if head.get("length") else b""
        return head, body

    def _read_until(self, complete, deadline: float) -> bytes:
        """Read the pipe until ``complete(buffer)`` gives a length > 0; return that prefix, keep the rest."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while True:
            n = complete(self._buf)
            if n > 0:
                out, self._buf = self._buf[:n], self._buf[n:]
                return out
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise EngineTimeout
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise EngineFailed("the query engine stopped; retry", syntax=False)
            self._buf += chunk

    def alive(self) -> bool:
        return self.proc.poll() is None


class Backend:
    """A pool of engine processes on the store: no port, each queried over its own pipes.

    Processes are started from one long-lived thread: Linux sends the
    parent-death signal when the *thread* that forked a child ends.
    """

    def __init__(self, store_path: Path, timeout: float, size: int = 4, in_memory: bool | None = None):
        self.store_path = store_path
        self.timeout = timeout
        self.size = size
        self.in_memory = fits_in_memory(store_path, size) if in_memory is None else in_memory
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.all: list[Worker] = []
        self.lock = threading.Lock()
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-engine")
        self._preexec = _die_with_parent()

    def _spawn(self) -> Worker:
        cmd = isolated([sys.executable, "-I", str(WORKER), str(self.store_path), "memory" if self.in_memory else "disk"])
        proc = self._spawner.submit(subprocess.Popen, cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, preexec_fn=self._preexec, bufsize=0).result()
        worker = Worker(proc)
        with self.lock:
            self.all.append(worker)
        return worker

    def start(self) -> None:
        """Start the pool and check the store opens (a missing or foreign store fails here, with what to do)."""
        if not self.store_path.is_dir():
            raise ServeError(f"no graph store at {self.store_path}; build one first with `kg build ARTICLES -o DIR`")
        for _ in range(self.size):
            self.idle.put(self._spawn())
        try:
            for worker in list(self.all) if self.in_memory else []:
                self._ready(worker)  # each copy is made before any query can wait on it
            self.call({"op": "graphs"}, START_WAIT)
        except (EngineFailed, EngineTimeout) as e:
            self.stop()
            raise ServeError(f"the query engine cannot open {self.store_path} ({e}); "
                             "is it a store built by `kg build`?") from None

    def call(self, request: dict, timeout: float, wait: float = START_WAIT) -> tuple[dict, bytes]:
        """Run one request on an idle worker; a worker that overruns ``timeout`` is killed and replaced."""
        try:
            worker = self.idle.get(timeout=wait)
        except queue.Empty:
            raise EngineBusy from None
        try:
            head, body = worker.call(request, time.monotonic() + timeout)
        except BaseException:
            self._replace(worker)
            raise
        self.idle.put(worker)
        if not head.get("ok"):
            raise EngineFailed(head.get("error", "unknown error"), bool(head.get("syntax")))
        return head, body

    def _replace(self, worker: Worker) -> None:
        """Kill a worker that overran or broke (a runaway join would keep a core busy) and start another."""
        worker.proc.kill()
        worker.proc.wait()
        with self.lock:
            if worker in self.all:
                self.all.remove(worker)
        if not self.in_memory:
            self.idle.put(self._spawn())
            return

        def warm_up() -> None:  # off the request's thread: a copy takes seconds, the caller's answer should not wait
            fresh = self._spawn()
            try:
                self._ready(fresh)
            except (EngineFailed, EngineTimeout):
                pass  # the next call on it answers with the failure
            self.idle.put(fresh)

        threading.Thread(target=warm_up, daemon=True, name="kg-engine-warm-up").start()

    def _ready(self, worker: Worker) -> None:
        """Wait until ``worker`` answers (its in-memory copy made): up to :data:`LOAD_WAIT` seconds."""
        head, _ = worker.call({"op": "graphs"}, time.monotonic() + LOAD_WAIT)
        if not head.get("ok"):
            raise EngineFailed(head.get("error", "unknown error"), False)

    def stop(self) -> None:
        with self.lock:
            workers, self.all = list(self.all), []
        for w in workers:
            if w.proc.stdin:
                w.proc.stdin.close()
            stop_process(w.proc, grace=2.0)
        self._spawner.shutdown(wait=False)


def fetch_assets(timeout: float = 30.0) -> dict[str, bytes]:
    """YASGUI's files as the Oxigraph server bundles them, from a server that lives a moment, isolated if possible.

    The server runs on an empty in-memory store inside the helper's own network
    namespace where Linux allows it, so no other process can reach it.
    """
    mode = "isolated" if can_isolate() else "shared"
    cmd = isolated([sys.executable, "-I", str(WORKER), "--assets", oxigraph_binary(), mode])
    try:
        out = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout).stdout
        return {k: v.encode("latin-1") for k, v in json.loads(out or b"{}").items()}
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return {}


MEMORY_PER_STORE_BYTE = 6   # an in-memory copy takes about 3x the store's size on disk (measured), its default-graph copy up to as much again; 6 to be safe


def available_memory() -> int:
    """Bytes of memory available now (``MemAvailable``), or 0 where the system does not say."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def fits_in_memory(store_path: Path, copies: int) -> bool:
    """Whether ``copies`` in-memory copies of the store (one per engine) fit in half the memory available.

    >>> fits_in_memory(Path("/nonexistent"), 4)
    False
    """
    if not store_path.is_dir():
        return False
    size = sum(f.stat().st_size for f in store_path.rglob("*") if f.is_file())
    return 0 < size * MEMORY_PER_STORE_BYTE * copies <= available_memory() // 2


def wait_listening(port: int, proc: subprocess.Popen, timeout: float) -> None:
    """Wait until ``proc`` accepts connections on 127.0.0.1:``port``.

    Raises :class:`ServeError` saying how it failed when ``proc`` exits first
    (with its standard error) or ``timeout`` seconds pass (then ``proc`` is killed).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else b""
            err = err.decode("utf-8", "replace") if isinstance(err, bytes) else err
            raise ServeError(f"stopped at start: {err.strip() or proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise ServeError(f"did not answer on 127.0.0.1:{port} within {timeout:.0f} s")


def stop_process(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """Terminate ``proc``; kill it if it has not ended after ``grace`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=grace)

