"""Speech to text with Whisper (CTranslate2)."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .mel import FRAMES_PER_SECOND, SAMPLE_RATE, log_mel

# Whisper decodes best on short windows here (measured: an ~8 s window); longer audio
# is split into windows of at most this length, cut at the quietest point near the end.
WINDOW_SECONDS = 8.0
# Where to look for a quiet cut point: the last part of each full window.
CUT_SEARCH_SECONDS = 2.0
# Decoding length cap: speech rarely exceeds ~5 tokens/s; the cap stops runaway loops.
MAX_TOKENS_PER_SECOND = 7.0
MIN_TOKENS = 8

# Previous-text tokens kept in a prompt (Whisper's text context is 448 tokens).
MAX_CONTEXT_TOKENS = 200


@dataclass
class Transcript:
    text: str
    no_speech_prob: float
    avg_logprob: float


class WhisperSTT:
    """Transcribes 16 kHz mono float audio with a CTranslate2 Whisper model."""

    def __init__(self, model_dir: Path, threads: int = 1, beam_size: int = 1) -> None:
        import ctranslate2
        from tokenizers import Tokenizer

        self._ct2 = ctranslate2
        self.model = ctranslate2.models.Whisper(
            str(model_dir), device="cpu", compute_type="int8", intra_threads=threads, inter_threads=1
        )
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.beam_size = beam_size
        self.multilingual = bool(self.model.is_multilingual)
        self._lock = threading.Lock()
        self._eot = self._token("<|endoftext|>")
        self._sot = self._token("<|startoftranscript|>")
        self._no_ts = self._token("<|notimestamps|>")
        self._prev = self._token("<|startofprev|>")
        self._transcribe = self._token("<|transcribe|>") if self.multilingual else None
        # Warm up so the first real request isn't slow.
        self.transcribe(np.zeros(SAMPLE_RATE, dtype=np.float32))

    def _token(self, text: str) -> int:
        tid = self.tokenizer.token_to_id(text)
        if tid is None:
            raise ValueError(f"tokenizer has no {text}")
        return tid

    def supports_language(self, language: str) -> bool:
        if not self.multilingual:
            return language == "en"
        return self.tokenizer.token_to_id(f"<|{language}|>") is not None

    def _prompt(self, language: str, context: str = "") -> list[int]:
        if not self.multilingual:
            task = [self._sot, self._no_ts]
        else:
            task = [self._sot, self._token(f"<|{language}|>"), self._transcribe, self._no_ts]
        context = context.strip()
        if not context:
            return task
        # Whisper's previous-text conditioning: <|startofprev|> + text, at most half the context.
        ids = self.tokenizer.encode(" " + context, add_special_tokens=False).ids[-MAX_CONTEXT_TOKENS:]
        return [self._prev, *ids, *task]

    def transcribe(self, audio: np.ndarray, language: str = "en", context: str = "") -> Transcript:
        if len(audio) == 0:
            return Transcript("", 1.0, 0.0)
        texts: list[str] = []
        no_speech_weighted = 0.0
        logprob_sum = 0.0
        token_count = 0
        for window in split_windows(audio):
            text, no_speech, avg_lp, n_tokens = self._decode_window(window, language, context)
            if text:
                texts.append(text)
            no_speech_weighted += no_speech * len(window)
            logprob_sum += avg_lp * max(n_tokens, 1)
            token_count += max(n_tokens, 1)
        return Transcript(
            text=" ".join(texts).strip(),
            no_speech_prob=no_speech_weighted / len(audio),
            avg_logprob=logprob_sum / token_count,
        )

    def _decode_window(self, audio: np.ndarray, language: str, context: str = "") -> tuple[str, float, float, int]:
        seconds = len(audio) / SAMPLE_RATE
        n_samples = int(WINDOW_SECONDS * SAMPLE_RATE)
        features = log_mel(audio, n_samples)[None, :, :]
        prompt = self._prompt(language, context)
        max_new = max(MIN_TOKENS, int(math.ceil(seconds * MAX_TOKENS_PER_SECOND)))
        with self._lock:
            storage = self._ct2.StorageView.from_array(np.ascontiguousarray(features))
            result = self.model.generate(
                storage,
                [prompt],
                beam_size=self.beam_size,
                repetition_penalty=1.1,
                no_repeat_ngram_size=4,
                max_length=len(prompt) + max_new,
                return_scores=True,
                return_no_speech_prob=True,
                suppress_blank=True,
                suppress_tokens=[-1],
            )[0]
        tokens = [t for t in result.sequences_ids[0] if t < self._eot]
        text = collapse_repetition(self.tokenizer.decode(tokens).strip())
        n = len(result.sequences_ids[0])
        score = result.scores[0] if result.scores else 0.0
        # scores are length-normalised cumulative log-probs; count the end token too.
        avg_logprob = score * n / (n + 1) if n else score
        return text, float(result.no_speech_prob), float(avg_logprob), n


def split_windows(audio: np.ndarray) -> list[np.ndarray]:
    """Split audio into windows of at most WINDOW_SECONDS, cutting at low-energy points."""
    max_len = int(WINDOW_SECONDS * SAMPLE_RATE)
    if len(audio) <= max_len:
        return [audio]
    frame = SAMPLE_RATE // FRAMES_PER_SECOND * 2  # 20 ms
    search = int(CUT_SEARCH_SECONDS * SAMPLE_RATE)
    windows = []
    start = 0
    while len(audio) - start > max_len:
        lo = start + max_len - search
        region = audio[lo : start + max_len]
        n_frames = len(region) // frame
        energy = (region[: n_frames * frame].reshape(n_frames, frame) ** 2).mean(axis=1)
        cut = lo + int(np.argmin(energy)) * frame + frame // 2
        windows.append(audio[start:cut])
        start = cut
    windows.append(audio[start:])
    return windows


def collapse_repetition(text: str) -> str:
    """Keep one copy of text that repeats itself ("3 in the afternoon. 3 in the after noon. 3").

    Whisper can loop on short audio, and the n-gram block misses loops whose tokens differ
    ("afternoon" / "after noon"). Letters and digits only are compared, so spacing and
    punctuation don't hide a repeat; the shortest period wins.
    """
    kept = [(index, ch.lower()) for index, ch in enumerate(text) if ch.isalnum()]
    letters = "".join(ch for _, ch in kept)
    n = len(letters)
    # A loop may stop part-way through its second copy ("Yes, that's right. Yes, that"):
    # at least 6 repeated letters (or a whole copy of a shorter phrase) after the first copy.
    for period in range(4, n):
        if n - period < min(period, 6):
            break
        if all(letters[i] == letters[i + period] for i in range(n - period)):
            end = kept[period - 1][0] + 1
            while end < len(text) and text[end] in ".?!,":
                end += 1
            return text[:end]
    return text
