"""Framing, errors and lifecycle of the worker."""

from __future__ import annotations

import json
import os
import socket
import stat
import struct
import subprocess
import threading

import pytest

from conftest import WORKER


def test_hello_matches_ready_line(worker, client):
    header, payload = client.request({"id": 1, "op": "hello"})
    assert payload == b""
    assert header["id"] == 1 and header["ok"] is True
    assert header["protocol"] == 1
    assert header["worker"] == "parley-speech"
    assert header["pid"] == worker.proc.pid
    assert header["models"] == {"stt": "whisper-tiny.en", "tts": "piper-en_US-joe-medium", "turn": "smart-turn-v3.2"}
    assert header["tts_sample_rate"] == 22050
    assert {k: v for k, v in header.items() if k not in ("id", "ok")} == worker.ready


def test_ping(client):
    assert client.request({"id": 2, "op": "ping"}) == ({"id": 2, "ok": True}, b"")


def test_socket_is_private(worker):
    mode = os.stat(worker.socket_path).st_mode
    assert stat.S_ISSOCK(mode)
    assert stat.S_IMODE(mode) == 0o600


def test_pipelined_requests_are_answered_in_order(client):
    for i in range(10, 20):
        client.send({"id": i, "op": "ping" if i % 2 else "hello"})
    assert [client.recv()[0]["id"] for _ in range(10)] == list(range(10, 20))


def test_connections_are_served_concurrently(worker):
    results = {}

    def run(n):
        c = worker.client()
        try:
            results[n] = [c.request({"id": k, "op": "ping"})[0]["id"] for k in range(20)]
        finally:
            c.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results == {n: list(range(20)) for n in range(4)}


def test_unknown_op_is_unsupported_and_connection_survives(client):
    header, _ = client.request({"id": 3, "op": "transmogrify"})
    assert header["id"] == 3 and header["ok"] is False
    assert header["error"]["code"] == "unsupported"
    assert isinstance(header["error"]["message"], str)
    assert client.request({"id": 4, "op": "ping"})[0]["ok"] is True


@pytest.mark.parametrize("op", ["crash", "hang"])
def test_fault_ops_are_unsupported_without_the_env_var(client, op):
    header, _ = client.request({"id": 5, "op": op})
    assert header["error"]["code"] == "unsupported"


@pytest.mark.parametrize("header", [{"op": "ping"}, {"id": "7", "op": "ping"}, {"id": True, "op": "ping"}])
def test_request_without_integer_id(client, header):
    reply, _ = client.request(header)
    assert reply == {"id": None, "ok": False, "error": {"code": "bad_request", "message": reply["error"]["message"]}}
    assert client.request({"id": 8, "op": "ping"})[0]["ok"] is True


@pytest.mark.parametrize("raw", [b"{not json", b"[1,2]", b"\xff\xfe"])
def test_unparseable_header_gets_null_id_error_then_close(client, raw):
    client.send_raw(struct.pack(">II", len(raw), 0) + raw)
    header, _ = client.recv()
    assert header["id"] is None and header["ok"] is False
    assert header["error"]["code"] == "bad_request"
    assert client.is_closed_by_peer()


@pytest.mark.parametrize("lengths", [(65537, 0), (10, 16 * 1024 * 1024 + 1), (0xFFFFFFFF, 0)])
def test_oversized_lengths_are_too_large_then_close(client, lengths):
    client.send_raw(struct.pack(">II", *lengths))
    header, _ = client.recv()
    assert header["id"] is None
    assert header["error"]["code"] == "too_large"
    assert client.is_closed_by_peer()


def test_error_messages_stay_short(client):
    header, _ = client.request({"id": 10, "op": "x" * 60000})
    assert header["error"]["code"] == "unsupported"
    assert len(header["error"]["message"]) <= 1000


def test_limits_themselves_are_accepted(client):
    # A 65,536-byte header is allowed (padded with spaces, which JSON ignores).
    raw = json.dumps({"id": 9, "op": "ping"}).encode()
    raw += b" " * (65536 - len(raw))
    client.send_raw(struct.pack(">II", len(raw), 0) + raw)
    assert client.recv()[0] == {"id": 9, "ok": True}


def test_stdin_eof_makes_the_worker_exit(spawn):
    w = spawn()
    w.close_stdin()
    assert w.proc.wait(30) == 0
    assert not w.socket_path.exists()


def test_sigterm_makes_the_worker_exit(spawn):
    w = spawn()
    w.proc.terminate()
    assert w.proc.wait(30) == 0
    assert not w.socket_path.exists()


def test_stale_socket_file_is_replaced(spawn, tmp_path):
    path = tmp_path / "stale.sock"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(path))
    s.close()  # leaves the file behind, like a crashed worker
    w = spawn(socket_path=path)
    c = w.client()
    assert c.request({"id": 1, "op": "ping"})[0]["ok"] is True
    c.close()


def run_until_exit(args: list[str]) -> tuple[int, bytes, bytes]:
    """Run with stdin held open (EOF on stdin alone would make the worker exit 0)."""
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        code = proc.wait(120)
        return code, proc.stdout.read(), proc.stderr.read()
    finally:
        proc.stdin.close()
        proc.stdout.close()
        proc.stderr.close()


def test_missing_models_fail_startup_without_ready(tmp_path):
    code, out, err = run_until_exit([str(WORKER), "--socket", str(tmp_path / "w.sock"), "--models-dir", str(tmp_path)])
    assert code == 1
    assert out == b""
    assert b"not installed" in err


def test_refuses_to_replace_a_regular_file(tmp_path):
    path = tmp_path / "not-a-socket"
    path.write_text("keep me")
    code, out, _ = run_until_exit([str(WORKER), "--socket", str(path)])
    assert code == 1 and out == b""
    assert path.read_text() == "keep me"


def test_crash_fault_exits_70_without_reply(spawn):
    w = spawn(env_extra={"PARLEY_SPEECH_TEST_FAULTS": "1"})
    c = w.client()
    c.send({"id": 6, "op": "crash"})
    assert w.proc.wait(30) == 70
    with pytest.raises((EOFError, ConnectionResetError)):
        c.recv()


def test_hang_fault_blocks_only_that_connection(spawn):
    w = spawn(env_extra={"PARLEY_SPEECH_TEST_FAULTS": "1"})
    hung = w.client(timeout=1.0)
    hung.send({"id": 7, "op": "hang"})
    with pytest.raises(socket.timeout):
        hung.recv()
    other = w.client()
    assert other.request({"id": 8, "op": "ping"})[0] == {"id": 8, "ok": True}
    hung.close()
    other.close()
    w.close_stdin()  # a hung connection must not keep the worker alive
    assert w.proc.wait(30) == 0
