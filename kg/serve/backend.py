"""Backend supervision: the Oxigraph server process behind the front, started, watched and restarted.

>>> free_port() > 0
True
"""
from __future__ import annotations

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


class Backend:
    """``oxigraph serve-read-only`` on a private loopback port, restartable.

    Processes are started from one long-lived thread: Linux sends the
    parent-death signal when the *thread* that forked a child ends.
    """

    def __init__(self, store_path: Path, timeout: float):
        self.store_path = store_path
        self.timeout = timeout
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.inode: int | None = None
        self.generation = 0
        self.lock = threading.Lock()
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-oxigraph")
        self._preexec = _die_with_parent()

    def _spawn(self, port: int) -> subprocess.Popen:
        # no --union-default-graph: it would override a query's FROM; the front asks for the union per query
        cmd = [oxigraph_binary(), "serve-read-only", "--location", str(self.store_path),
               "--bind", f"127.0.0.1:{port}", "--timeout-s", str(max(1, int(self.timeout)))]
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                preexec_fn=self._preexec)

    def _wait_ready(self, proc: subprocess.Popen, port: int) -> None:
        try:
            wait_listening(port, proc, START_WAIT)
        except ServeError as e:
            raise ServeError(f"the Oxigraph server {e}; is {self.store_path} a store built by `kg build`?") from None

    def start(self, unless_generation: int | None = None) -> None:
        """Start (or restart) the server on the store as it is now.

        With ``unless_generation``, only if no restart happened since that
        generation (many requests may notice the same need at once).
        """
        with self.lock:
            if unless_generation is not None and unless_generation != self.generation:
                return
            if not self.store_path.is_dir():
                raise ServeError(f"no graph store at {self.store_path}; build one first with `kg build ARTICLES -o DIR`")
            inode = self.store_path.stat().st_ino
            port = free_port()
            proc = self._spawner.submit(self._spawn, port).result()
            self._wait_ready(proc, port)
            old, self.proc, self.port, self.inode = self.proc, proc, port, inode
            self.generation += 1
        if old is not None:
            stop_process(old)

    def ensure_current(self) -> None:
        """Restart on the new store when ``kg add`` / ``kg remove`` / ``kg build`` swapped it."""
        try:
            inode = self.store_path.stat().st_ino
        except FileNotFoundError:
            return  # mid-swap: keep answering from the old store
        if inode != self.inode or (self.proc is not None and self.proc.poll() is not None):
            self.start(unless_generation=self.generation)

    def restart_after_runaway(self, generation: int) -> None:
        """Restart once for a query that outlived its time (only if nobody restarted since it began)."""
        self.start(unless_generation=generation)

    def stop(self) -> None:
        with self.lock:
            proc, self.proc = self.proc, None
        if proc is not None:
            stop_process(proc)
        self._spawner.shutdown(wait=False)


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

