"""Request handling: one Worker holds the models and answers decoded requests."""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .mel import pcm16_to_float
from .protocol import RequestError
from .stt import WhisperSTT
from .tts import MAX_TEXT_CHARS, PiperTTS
from .turn import SmartTurn

log = logging.getLogger("parley_speech")

PROTOCOL_VERSION = 1
STT_MODELS = {"tiny.en": "whisper-tiny.en", "base": "whisper-base"}
TTS_VOICE = "en_US-joe-medium"
TURN_MODEL = "smart-turn-v3.2"
TURN_FILE = "smart-turn-v3.2-cpu.onnx"

# Longest previous-text context accepted with an stt request.
MAX_PROMPT_CHARS = 1000


@dataclass
class Response:
    header: dict[str, Any]
    payload: bytes = b""
    # Set by the test-only "hang" op: the connection never answers and blocks.
    hang: bool = False


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


class Worker:
    def __init__(self, models_dir: Path, stt_model: str = "tiny.en", threads: int = 1, test_faults: bool = False) -> None:
        self.test_faults = test_faults
        start = time.monotonic()
        stt_dir = models_dir / STT_MODELS[stt_model]
        if not (stt_dir / "model.bin").exists():
            raise FileNotFoundError(f"STT model not installed: {stt_dir} (run: make speech SPEECH_MODELS=\"tiny.en {stt_model}\")")
        self.stt = WhisperSTT(stt_dir, threads=threads)
        log.info("loaded STT %s in %.2fs", STT_MODELS[stt_model], time.monotonic() - start)
        t = time.monotonic()
        self.tts = PiperTTS(models_dir / "piper" / f"{TTS_VOICE}.onnx", threads=threads)
        log.info("loaded TTS piper-%s in %.2fs", TTS_VOICE, time.monotonic() - t)
        t = time.monotonic()
        self.turn = SmartTurn(models_dir / "smart-turn" / TURN_FILE, threads=threads)
        log.info("loaded turn %s in %.2fs", TURN_MODEL, time.monotonic() - t)
        self.hello_info = {
            "protocol": PROTOCOL_VERSION,
            "worker": "parley-speech",
            "version": __version__,
            "pid": os.getpid(),
            "models": {"stt": STT_MODELS[stt_model], "tts": f"piper-{TTS_VOICE}", "turn": TURN_MODEL},
            "tts_sample_rate": self.tts.sample_rate,
        }

    def handle(self, request_id: int, header: dict[str, Any], payload: bytes) -> Response:
        op = header.get("op")
        if not isinstance(op, str):
            raise RequestError("bad_request", "\"op\" must be a string")
        if op == "hello":
            return Response({"id": request_id, "ok": True, **self.hello_info})
        if op == "ping":
            return Response({"id": request_id, "ok": True})
        if op == "stt":
            return self._stt(request_id, header, payload)
        if op == "tts":
            return self._tts(request_id, header)
        if op == "turn":
            return self._turn(request_id, header, payload)
        if self.test_faults and op == "crash":
            log.warning("test fault: crash requested, exiting with status 70")
            os._exit(70)
        if self.test_faults and op == "hang":
            log.warning("test fault: hang requested, this connection will never answer")
            return Response({}, hang=True)
        raise RequestError("unsupported", f"unknown op {op!r}")

    @staticmethod
    def _audio_16k(header: dict[str, Any], payload: bytes) -> np.ndarray:
        rate = header.get("sample_rate")
        if rate != 16000 or isinstance(rate, bool):
            raise RequestError("bad_request", f"sample_rate must be 16000 (PCM16 LE mono), got {rate!r}")
        if len(payload) % 2:
            raise RequestError("bad_request", "PCM16 payload has an odd number of bytes")
        return pcm16_to_float(payload)

    def _stt(self, request_id: int, header: dict[str, Any], payload: bytes) -> Response:
        audio = self._audio_16k(header, payload)
        language = header.get("language", "en")
        if not isinstance(language, str):
            raise RequestError("bad_request", "\"language\" must be a string")
        if not self.stt.supports_language(language):
            raise RequestError("unsupported", f"language {language!r} is not supported by {self.hello_info['models']['stt']}")
        prompt = header.get("prompt", "")
        if not isinstance(prompt, str):
            raise RequestError("bad_request", "\"prompt\" must be a string")
        if len(prompt) > MAX_PROMPT_CHARS:
            raise RequestError("too_large", f"prompt is {len(prompt)} characters; the limit is {MAX_PROMPT_CHARS}")
        start = time.monotonic()
        try:
            result = self.stt.transcribe(audio, language, prompt)
        except Exception as exc:  # model failures are reported, the worker keeps serving
            log.exception("stt failed")
            raise RequestError("model_error", f"speech recognition failed: {exc}") from None
        return Response({
            "id": request_id,
            "ok": True,
            "text": result.text,
            "no_speech_prob": round(result.no_speech_prob, 4),
            "avg_logprob": round(result.avg_logprob, 4),
            "audio_ms": _ms(len(audio) / 16000),
            "elapsed_ms": _ms(time.monotonic() - start),
        })

    def _tts(self, request_id: int, header: dict[str, Any]) -> Response:
        text = header.get("text")
        if not isinstance(text, str):
            raise RequestError("bad_request", "\"text\" must be a string")
        if len(text) > MAX_TEXT_CHARS:
            raise RequestError("too_large", f"text has {len(text)} characters; the limit is {MAX_TEXT_CHARS}")
        if not text.strip():
            raise RequestError("bad_request", "\"text\" is empty")
        length_scale = header.get("length_scale", self.tts.length_scale)
        if isinstance(length_scale, bool) or not isinstance(length_scale, (int, float)) or not math.isfinite(length_scale) or not 0.25 <= length_scale <= 4.0:
            raise RequestError("bad_request", "\"length_scale\" must be a number from 0.25 to 4.0")
        start = time.monotonic()
        try:
            pcm = self.tts.synthesize(text, float(length_scale))
        except Exception as exc:
            log.exception("tts failed")
            raise RequestError("model_error", f"speech synthesis failed: {exc}") from None
        return Response(
            {
                "id": request_id,
                "ok": True,
                "sample_rate": self.tts.sample_rate,
                "audio_ms": _ms(len(pcm) / 2 / self.tts.sample_rate),
                "elapsed_ms": _ms(time.monotonic() - start),
            },
            pcm,
        )

    def _turn(self, request_id: int, header: dict[str, Any], payload: bytes) -> Response:
        audio = self._audio_16k(header, payload)
        if len(audio) == 0:
            raise RequestError("bad_request", "turn needs some audio")
        start = time.monotonic()
        try:
            probability = self.turn.probability(audio)
        except Exception as exc:
            log.exception("turn failed")
            raise RequestError("model_error", f"end-of-turn model failed: {exc}") from None
        return Response({
            "id": request_id,
            "ok": True,
            "probability": round(probability, 4),
            "elapsed_ms": _ms(time.monotonic() - start),
        })


_hang_forever = threading.Event()


def hang() -> None:
    """Block the calling connection thread until the process exits (test fault)."""
    _hang_forever.wait()
