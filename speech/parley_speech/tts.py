"""Text to speech with a Piper (VITS) voice run directly on onnxruntime.

Phonemes come from the `espeak-ng` program (GPL-3: it is run as a separate process,
never linked). espeak-ng drops punctuation from its IPA output, so the text is split
into clauses here and each clause's closing punctuation is put back, as Piper voices
were trained with it.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from pathlib import Path

import numpy as np

MAX_TEXT_CHARS = 1000
# A sentence ends at . ! ? (followed by space or end); clauses additionally at , ; :
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE_RE = re.compile(r"([^,;:.!?]+)([,;:.!?]*)")


class PiperTTS:
    """Synthesises PCM16 audio with one Piper voice."""

    def __init__(self, onnx_path: Path, threads: int = 1, espeak: str = "espeak-ng") -> None:
        import onnxruntime as ort

        config = json.loads(Path(str(onnx_path) + ".json").read_text(encoding="utf-8"))
        self.sample_rate = int(config["audio"]["sample_rate"])
        self.voice = config.get("espeak", {}).get("voice", "en-us")
        self.id_map: dict[str, list[int]] = config["phoneme_id_map"]
        inference = config.get("inference", {})
        self.noise_scale = float(inference.get("noise_scale", 0.667))
        self.length_scale = float(inference.get("length_scale", 1.0))
        self.noise_w = float(inference.get("noise_w", 0.8))
        self.espeak = espeak
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.session = ort.InferenceSession(str(onnx_path), sess_options=opts, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()
        self.synthesize("Ready.")  # warm-up: first inference allocates

    def _espeak_lines(self, text: str) -> list[str]:
        """IPA from `espeak-ng -q --ipa`, one line per clause (text on stdin, never as an option)."""
        proc = subprocess.run(
            [self.espeak, "-q", "--ipa", "-v", self.voice, "--stdin"],
            input=text.encode("utf-8"),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            check=True,
            timeout=30,
        )
        lines = proc.stdout.decode("utf-8", errors="replace").split("\n")
        return [line.strip() for line in lines if line.strip()]

    @staticmethod
    def _clauses(sentence: str) -> list[tuple[str, str]]:
        return [(words.strip(), punct[:1]) for words, punct in _CLAUSE_RE.findall(sentence) if words.strip()]

    def text_phonemes(self, text: str) -> list[str]:
        """Phonemes per sentence, with each clause's punctuation restored.

        espeak-ng breaks its output at the same clause punctuation, so one run over the whole
        text usually gives one line per clause; when it doesn't (abbreviations such as "Dr."
        also break a line), each clause is phonemised on its own, which costs a process each.
        """
        sentences = [self._clauses(s) for s in _SENTENCE_RE.split(text.strip())]
        sentences = [c for c in sentences if c]
        lines = self._espeak_lines(text)
        if len(lines) == sum(len(c) for c in sentences):
            it = iter(lines)
            ipa = [[next(it) for _ in clauses] for clauses in sentences]
        else:
            ipa = [[" ".join(self._espeak_lines(words)) for words, _ in clauses] for clauses in sentences]
        result = []
        for clauses, phonemes in zip(sentences, ipa):
            parts = [p + (mark if mark in self.id_map else "") for (_, mark), p in zip(clauses, phonemes) if p]
            if parts:
                result.append(" ".join(parts))
        return result

    def phoneme_ids(self, phonemes: str) -> list[int]:
        """Piper convention: BOS, then each phoneme followed by the pad symbol, then EOS."""
        pad = self.id_map["_"]
        ids = list(self.id_map["^"]) + list(pad)
        for ch in phonemes:
            mapped = self.id_map.get(ch)
            if mapped is None:
                continue  # symbols the voice doesn't know are skipped, as Piper does
            ids.extend(mapped)
            ids.extend(pad)
        ids.extend(self.id_map["$"])
        return ids

    def synthesize(self, text: str, length_scale: float | None = None) -> bytes:
        """PCM16 little-endian mono audio at self.sample_rate for the whole text."""
        scale = self.length_scale if length_scale is None else length_scale
        chunks = [self._infer(self.phoneme_ids(p), scale) for p in self.text_phonemes(text)]
        if not chunks:
            return b""
        return np.concatenate(chunks).tobytes()

    def _infer(self, ids: list[int], length_scale: float) -> np.ndarray:
        inputs = {
            "input": np.array([ids], dtype=np.int64),
            "input_lengths": np.array([len(ids)], dtype=np.int64),
            "scales": np.array([self.noise_scale, length_scale, self.noise_w], dtype=np.float32),
        }
        with self._lock:
            audio = self.session.run(None, inputs)[0].reshape(-1)
        # Like Piper: normalise each sentence's peak so loudness is even across sentences.
        peak = float(np.max(np.abs(audio))) if audio.size else 0.0
        gain = 0.95 * 32767.0 / max(0.01, peak)
        return np.clip(audio * gain, -32768, 32767).astype("<i2")
