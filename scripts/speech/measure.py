#!/usr/bin/env python3
"""Measure the installed parley-speech worker over its socket.

    .speech/bin/python scripts/speech/measure.py [--worker .speech/bin/parley-speech] [--stt-model tiny.en] [--threads 1]

Prints: time to READY, WER of Whisper on the real recordings in Debian's
pocketsphinx-testdata (16 kHz and through G.711 mu-law 8 kHz, made with sox) and on a few
flite sentences, per-utterance STT latency, TTS time-to-audio for a 2-3 s sentence,
end-of-turn inference time (and how often a finished utterance scores higher than its
first half), and the worker's memory. Needs sox (and flite for the synthetic set).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import shutil
import socket
import statistics
import struct
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path("/usr/share/pocketsphinx/test/data")
# goforward.raw is 16 kHz PCM16; its words are those pocketsphinx's own tests expect.
EXTRA = [(DATA / "goforward.raw", "go forward ten meters")]
FLITE = [
    "Please call me back tomorrow morning.",
    "My account number is four five six seven.",
    "I would like to cancel my subscription.",
    "The package was delivered to the wrong address.",
    "Can you transfer me to the billing department?",
]
NUMBERS = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
    "7": "seven", "8": "eight", "9": "nine", "10": "ten", "11": "eleven", "12": "twelve",
}
ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "dr": "doctor"}


def normalise(text: str) -> list[str]:
    text = text.lower().replace("-", " ")
    out = []
    for w in re.findall(r"[a-z0-9']+", text):
        w = ABBREVIATIONS.get(w, w)
        if w.isdigit() and w not in NUMBERS:  # "4567" as said digit by digit
            out.extend(NUMBERS[d] for d in w)
        else:
            out.append(NUMBERS.get(w, w))
    return out


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


class Worker:
    def __init__(self, binary: str, stt_model: str, threads: int = 1) -> None:
        self.dir = tempfile.mkdtemp(prefix="parley-speech-measure-")
        self.path = os.path.join(self.dir, "w.sock")
        t0 = time.monotonic()
        self.proc = subprocess.Popen([binary, "--socket", self.path, "--stt-model", stt_model, "--threads", str(threads)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = b""
        while not line.endswith(b"\n"):
            if self.proc.poll() is not None:
                raise SystemExit("worker exited before READY")
            select.select([self.proc.stdout], [], [], 1.0)
            line += os.read(self.proc.stdout.fileno(), 1)
        self.ready_s = time.monotonic() - t0
        self.ready = json.loads(line.decode()[len("READY "):])
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)
        self.next_id = 1

    def _exact(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def request(self, header: dict, payload: bytes = b"") -> tuple[dict, bytes, float]:
        header = {"id": self.next_id, **header}
        self.next_id += 1
        raw = json.dumps(header).encode()
        t0 = time.monotonic()
        self.sock.sendall(struct.pack(">II", len(raw), len(payload)) + raw + payload)
        hl, pl = struct.unpack(">II", self._exact(8))
        reply = json.loads(self._exact(hl))
        body = self._exact(pl) if pl else b""
        if not reply.get("ok"):
            raise RuntimeError(reply)
        return reply, body, time.monotonic() - t0

    def memory(self) -> dict[str, str]:
        fields = {}
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = value.strip()
        return fields

    def stop(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(30)
        shutil.rmtree(self.dir, ignore_errors=True)


def sox(args: list[str]) -> bytes:
    return subprocess.run(["sox", *args], check=True, capture_output=True).stdout


RAW16 = ["-t", "raw", "-r", "16000", "-e", "signed", "-b", "16", "-c", "1"]


def load_16k(path: Path) -> bytes:
    src = RAW16 + [str(path)] if path.suffix == ".raw" else [str(path)]
    return sox(src + RAW16 + ["-"])


def through_mulaw(pcm: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        src, ulaw = os.path.join(d, "a.raw"), os.path.join(d, "u.wav")
        Path(src).write_bytes(pcm)
        sox(["-D"] + RAW16 + [src, "-r", "8000", "-e", "u-law", "-b", "8", "-t", "wav", ulaw])
        return sox([ulaw] + RAW16 + ["-"])


def corpus() -> list[tuple[str, bytes, str]]:
    items = []
    for sub, name in (("librivox", "transcription"), ("cards", "cards.transcription")):
        for line in (DATA / sub / name).read_text().splitlines():
            m = re.match(r"<s>(.*)</s>\s*\((.+)\)", line.strip())
            if m:
                items.append((f"{sub}/{m.group(2)}", load_16k(DATA / sub / f"{m.group(2)}.wav"), m.group(1).strip()))
    for path, ref in EXTRA:
        if path.exists():
            items.append((path.name, load_16k(path), ref))
    return items


def flite_corpus() -> list[tuple[str, bytes, str]]:
    items = []
    with tempfile.TemporaryDirectory() as d:
        for i, text in enumerate(FLITE):
            wav = os.path.join(d, f"{i}.wav")
            subprocess.run(["flite", "-voice", "slt", "-t", text, "-o", wav], check=True)
            items.append((f"flite{i}", load_16k(Path(wav)), text))
    return items


def wer(worker: Worker, items, transform=lambda a: a, show=False) -> tuple[float, list[float]]:
    errors = words = 0
    latencies = []
    for name, pcm, ref in items:
        reply, _, rtt = worker.request({"op": "stt", "sample_rate": 16000, "language": "en"}, transform(pcm))
        r, h = normalise(ref), normalise(reply["text"])
        e = edit_distance(r, h)
        errors += e
        words += len(r)
        latencies.append(rtt)
        if show:
            print(f"  {name:45s} {len(pcm) / 32000:4.1f}s {reply['elapsed_ms']:4d}ms err={e} | {reply['text']}")
    return errors / max(words, 1), latencies


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", default=str(ROOT / ".speech" / "bin" / "parley-speech"))
    ap.add_argument("--stt-model", default="tiny.en")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    w = Worker(args.worker, args.stt_model, args.threads)
    print(f"worker {w.ready['version']} pid {w.ready['pid']}: READY after {w.ready_s:.2f} s; models {w.ready['models']}")
    try:
        if DATA.exists():
            items = corpus()
            audio_s = sum(len(p) for _, p, _ in items) / 32000
            print(f"real speech: {len(items)} utterances, {audio_s:.1f} s (pocketsphinx-testdata)")
            rate16, lat = wer(w, items, show=True)
            print(f"  WER 16 kHz: {rate16 * 100:.1f} %   STT round trip {ms(lat)} (RTF {sum(lat) / audio_s:.3f})")
            rate8, lat8 = wer(w, items, through_mulaw)
            print(f"  WER 8 kHz mu-law: {rate8 * 100:.1f} %   STT round trip {ms(lat8)}")
        else:
            items = []
            print("pocketsphinx-testdata not installed: no real-speech WER")
        if shutil.which("flite"):
            fl = flite_corpus()
            r16, _ = wer(w, fl)
            r8, _ = wer(w, fl, through_mulaw)
            print(f"flite slt ({len(fl)} sentences): WER 16 kHz {r16 * 100:.1f} %, 8 kHz mu-law {r8 * 100:.1f} %")

        sentence = "Thanks for calling, how can I help you today?"
        times, audio_ms = [], 0
        for _ in range(6):
            reply, pcm, rtt = w.request({"op": "tts", "text": sentence})
            times.append(rtt)
            audio_ms = reply["audio_ms"]
        times = times[1:]
        print(f"TTS '{sentence}' ({audio_ms} ms of audio): time to audio {ms(times)} (RTF {statistics.median(times) * 1000 / audio_ms:.3f})")

        if items:
            turn_t, higher = [], 0
            for _, pcm, _ in items:
                full, _, rtt = w.request({"op": "turn", "sample_rate": 16000}, pcm)
                half, _, _ = w.request({"op": "turn", "sample_rate": 16000}, pcm[: (len(pcm) // 2) & ~1])
                turn_t.append(rtt)
                higher += full["probability"] > half["probability"]
            print(f"turn: {ms(turn_t)} per query; finished utterance > its first half in {higher}/{len(items)}")
        mem = w.memory()
        print(f"worker memory: RSS {mem.get('VmRSS')}, peak {mem.get('VmHWM')}")
    finally:
        w.stop()


if __name__ == "__main__":
    main()
