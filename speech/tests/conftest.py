"""Start the installed worker (.speech/bin/parley-speech) and talk its protocol."""

from __future__ import annotations

import json
import os
import select
import shutil
import socket
import struct
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(os.environ.get("PARLEY_TEST_SPEECH_BIN", ROOT / ".speech" / "bin" / "parley-speech"))
READY_TIMEOUT = 120.0


class Client:
    """Frames: u32 BE header length | u32 BE payload length | JSON header | payload."""

    def __init__(self, path: Path, timeout: float = 60.0) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(str(path))

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send(self, header: dict, payload: bytes = b"") -> None:
        raw = json.dumps(header).encode()
        self.send_raw(struct.pack(">II", len(raw), len(payload)) + raw + payload)

    def _exact(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise EOFError("worker closed the connection")
            buf += chunk
        return buf

    def recv(self) -> tuple[dict, bytes]:
        header_len, payload_len = struct.unpack(">II", self._exact(8))
        header = json.loads(self._exact(header_len))
        return header, self._exact(payload_len) if payload_len else b""

    def request(self, header: dict, payload: bytes = b"") -> tuple[dict, bytes]:
        self.send(header, payload)
        return self.recv()

    def is_closed_by_peer(self) -> bool:
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True

    def close(self) -> None:
        self.sock.close()


class WorkerProcess:
    def __init__(self, env_extra: dict | None = None, socket_path: Path | None = None) -> None:
        if not WORKER.exists():
            pytest.fail(f"{WORKER} not found: run `make speech` first")
        self.dir = Path(tempfile.mkdtemp(prefix="parley-speech-test-"))
        self.socket_path = socket_path or self.dir / "w.sock"
        env = dict(os.environ)
        env.pop("PARLEY_SPEECH_TEST_FAULTS", None)
        env.update(env_extra or {})
        self.proc = subprocess.Popen(
            [str(WORKER), "--socket", str(self.socket_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )
        self.ready = self._wait_ready()

    def _wait_ready(self) -> dict:
        deadline = time.monotonic() + READY_TIMEOUT
        line = b""
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.proc.poll() is not None:
                err = self.proc.stderr.read() if self.proc.poll() is not None else b""
                self.kill()
                raise RuntimeError(f"worker did not become ready: {err.decode(errors='replace')[-2000:]}")
            readable, _, _ = select.select([self.proc.stdout], [], [], remaining)
            if readable:
                byte = os.read(self.proc.stdout.fileno(), 1)
                if not byte:
                    continue
                line += byte
        text = line.decode()
        assert text.startswith("READY "), text
        return json.loads(text[len("READY "):])

    def client(self, timeout: float = 60.0) -> Client:
        return Client(self.socket_path, timeout)

    def close_stdin(self) -> None:
        self.proc.stdin.close()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def worker():
    w = WorkerProcess()
    yield w
    w.close_stdin()
    try:
        w.proc.wait(15)
    finally:
        w.kill()


@pytest.fixture
def client(worker):
    c = worker.client()
    yield c
    c.close()


@pytest.fixture
def spawn():
    started = []

    def _spawn(**kwargs) -> WorkerProcess:
        w = WorkerProcess(**kwargs)
        started.append(w)
        return w

    yield _spawn
    for w in started:
        w.kill()


def synth_16k(text: str) -> bytes:
    """PCM16 16 kHz mono of text, spoken by flite (slt) if present, else espeak-ng."""
    if not shutil.which("sox"):
        pytest.skip("sox is not installed")
    with tempfile.TemporaryDirectory() as d:
        wav = os.path.join(d, "speech.wav")
        if shutil.which("flite"):
            subprocess.run(["flite", "-voice", "slt", "-t", text, "-o", wav], check=True)
        elif shutil.which("espeak-ng"):
            subprocess.run(["espeak-ng", "-w", wav, text], check=True)
        else:
            pytest.skip("neither flite nor espeak-ng is installed")
        return resample(wav, 16000, "wav")


def resample(src: str, rate: int, src_type: str, src_rate: int | None = None) -> bytes:
    args = ["sox"]
    if src_type == "raw":
        args += ["-t", "raw", "-r", str(src_rate), "-e", "signed", "-b", "16", "-c", "1"]
    args += [src, "-t", "raw", "-r", str(rate), "-e", "signed", "-b", "16", "-c", "1", "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout
