"""Item 4: the HTTP front checks the Host header and Content-Length, drops slow clients, caps its threads,
queues a real backlog; ``kg query`` stops at its timeout."""
from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.serve.httpd import BACKLOG, MAX_CONNECTIONS, READ_DEADLINE, Server

from ..store_fixtures import kg_cli
from ..test_serve import CROSS_JOIN_COUNT, server  # noqa: F401

pytestmark = pytest.mark.server
QUERY = b"ASK { ?s ?p ?o }"


def raw(server, request: bytes, timeout: float = 15) -> bytes:  # noqa: F811
    """Send ``request`` as is on a new connection; everything the server answers before closing."""
    host, port = server.url.rsplit("/", 1)[-1].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        s.sendall(request)
        chunks = []
        while True:
            try:
                data = s.recv(65536)
            except (ConnectionResetError, TimeoutError, socket.timeout):
                break
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks)


def post(host: str, length: str, body: bytes = QUERY) -> bytes:
    return (f"POST /query HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {length}\r\nConnection: close\r\n\r\n").encode() + body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "attacker.test:80"])
def test_a_foreign_host_header_is_refused(server, host):  # noqa: F811
    answer = raw(server, post(host, str(len(QUERY))))
    assert answer.startswith(b"HTTP/1.0 421") and b"does not answer for the host" in answer


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "LOCALHOST"])
def test_the_local_names_are_answered(server, host):  # noqa: F811
    port = server.url.rsplit(":", 1)[1]
    answer = raw(server, post(host.format(port=port), str(len(QUERY))))
    assert answer.startswith(b"HTTP/1.0 200"), answer[:200]


@pytest.mark.parametrize("length, status", [("-1", b"400"), ("abc", b"400"), ("1e3", b"400"), (" 12x", b"400"),
                                            (str(2 << 20), b"413"), ("99999999999999999999", b"413")])
def test_a_bad_content_length_is_refused_in_one_line(server, length, status):  # noqa: F811
    answer = raw(server, post("127.0.0.1", length))
    assert answer.split(b" ")[1] == status, answer[:200]
    assert b"Traceback" not in answer and b"Content-Length" in answer or status == b"413"


def test_a_bad_content_length_leaves_no_traceback_in_the_log(server):  # noqa: F811
    raw(server, post("127.0.0.1", "abc"))
    time.sleep(0.3)
    log = (server.graph.parent / "serve.log").read_text()
    assert "Traceback" not in log


def test_a_slow_client_is_dropped_at_the_read_deadline(server):  # noqa: F811
    host, port = server.url.rsplit("/", 1)[-1].rsplit(":", 1)
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=READ_DEADLINE + 10) as s:
        s.sendall(b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        closed = False
        while time.monotonic() - started < READ_DEADLINE + 8:
            try:
                s.sendall(b"X")  # one byte a second: never a whole request
                if s.recv(1, socket.MSG_DONTWAIT) == b"":
                    closed = True
                    break
            except BlockingIOError:
                pass
            except OSError:
                closed = True
                break
            time.sleep(1)
    assert closed and time.monotonic() - started < READ_DEADLINE + 8


def test_idle_connections_beyond_the_cap_get_503_at_once_not_a_thread(server):  # noqa: F811
    host, port = server.url.rsplit("/", 1)[-1].rsplit(":", 1)
    idle = [socket.create_connection((host, int(port)), timeout=5) for _ in range(MAX_CONNECTIONS + 4)]
    try:
        time.sleep(0.5)
        started = time.monotonic()
        answer = raw(server, post("127.0.0.1", str(len(QUERY))), timeout=5)
        assert answer.startswith(b"HTTP/1.0 503") and time.monotonic() - started < 3
    finally:
        for s in idle:
            s.close()
    deadline = time.monotonic() + READ_DEADLINE + 5
    while time.monotonic() < deadline:  # the idle ones are dropped (closed here, or at the read deadline)
        answer = raw(server, post("127.0.0.1", str(len(QUERY))))
        if answer.startswith(b"HTTP/1.0 200"):
            break
        time.sleep(0.5)
    assert answer.startswith(b"HTTP/1.0 200")


def test_the_listen_backlog_holds_a_burst_of_clients(server):  # noqa: F811
    assert Server.request_queue_size == BACKLOG >= 128
    with ThreadPoolExecutor(32) as pool:
        answers = list(pool.map(lambda _: raw(server, post("127.0.0.1", str(len(QUERY)))), range(64)))
    assert all(a.startswith(b"HTTP/1.0 200") for a in answers)


def test_kg_query_stops_at_its_timeout_in_one_line(seed_graph):
    started = time.monotonic()
    r = kg_cli("query", CROSS_JOIN_COUNT, "-g", seed_graph.directory, "--timeout", "2", timeout=120)
    assert r.returncode == 2 and "longer than the 2 s limit" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and time.monotonic() - started < 60
