"""End-of-turn detection with the smart-turn v3.2 ONNX model."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from .mel import SAMPLE_RATE, log_mel

WINDOW_SECONDS = 8


class SmartTurn:
    """Probability that the user has finished their turn, from the last 8 s of their audio."""

    def __init__(self, onnx_path: Path, threads: int = 1) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.session = ort.InferenceSession(str(onnx_path), sess_options=opts, providers=["CPUExecutionProvider"])
        self.input_name = self.session.get_inputs()[0].name  # "input_features", [batch, 80, 800]
        self._lock = threading.Lock()
        self.probability(np.zeros(SAMPLE_RATE, dtype=np.float32))  # warm-up

    @staticmethod
    def features(audio: np.ndarray) -> np.ndarray:
        n = WINDOW_SECONDS * SAMPLE_RATE
        audio = np.asarray(audio, dtype=np.float32)[-n:]
        # The model was trained on zero-mean, unit-variance audio.
        if audio.size:
            audio = (audio - audio.mean()) / np.sqrt(audio.var() + 1e-7)
        # Pad at the start so the end of speech sits at the end of the window.
        audio = np.concatenate([np.zeros(n - len(audio), dtype=np.float32), audio])
        return log_mel(audio, n)[None, :, :]

    def probability(self, audio: np.ndarray) -> float:
        feats = self.features(audio)
        with self._lock:
            out = self.session.run(None, {self.input_name: feats})[0]
        # The graph ends in a Sigmoid: its output named "logits" already is a probability.
        return float(np.clip(out.reshape(-1)[0], 0.0, 1.0))
