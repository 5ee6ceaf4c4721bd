"""STT, TTS and end-of-turn through the socket, on speech made by Debian's synthesizers."""

from __future__ import annotations

import re
import tempfile

import numpy as np
import pytest

from conftest import resample, synth_16k


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def rms(pcm: bytes) -> float:
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    return float(np.sqrt(np.mean(x**2))) if x.size else 0.0


def test_stt_recognises_known_words(client):
    audio = synth_16k("Please call me back tomorrow morning about the delivery.")
    header, payload = client.request({"id": 1, "op": "stt", "sample_rate": 16000, "language": "en"}, audio)
    assert payload == b""
    assert header["ok"] is True, header
    got = words(header["text"])
    assert {"call", "back", "tomorrow", "morning", "delivery"} <= got, header["text"]
    assert 0.0 <= header["no_speech_prob"] <= 1.0
    assert header["avg_logprob"] <= 0.0
    assert abs(header["audio_ms"] - len(audio) / 32) <= 1
    assert header["elapsed_ms"] >= 0


def test_stt_through_telephone_mulaw(client):
    audio = synth_16k("The meeting is on Friday at three o'clock.")
    with tempfile.NamedTemporaryFile(suffix=".raw") as src, tempfile.NamedTemporaryFile(suffix=".wav") as ulaw:
        src.write(audio)
        src.flush()
        import subprocess
        subprocess.run(["sox", "-D", "-t", "raw", "-r", "16000", "-e", "signed", "-b", "16", "-c", "1", src.name,
                        "-r", "8000", "-e", "u-law", "-t", "wav", ulaw.name], check=True)
        phone = resample(ulaw.name, 16000, "wav")
    header, _ = client.request({"id": 2, "op": "stt", "sample_rate": 16000}, phone)
    assert {"meeting", "friday"} <= words(header["text"]), header["text"]


def test_stt_long_audio_is_split_into_windows(client):
    sentence = "I would like to order two large pizzas with extra cheese."
    audio = synth_16k(sentence + " " + sentence + " " + sentence)
    assert len(audio) / 32000 > 8.0  # longer than one window
    header, _ = client.request({"id": 3, "op": "stt", "sample_rate": 16000}, audio)
    text = header["text"].lower()
    assert text.count("cheese") >= 3 and text.count("order") >= 3, header["text"]


def test_stt_prompt_conditions_on_previous_text(client):
    audio = synth_16k("Next Tuesday at ten.")
    plain, _ = client.request({"id": 30, "op": "stt", "sample_rate": 16000}, audio)
    prompted, _ = client.request(
        {"id": 31, "op": "stt", "sample_rate": 16000, "prompt": "What day and time would you like to come in?"}, audio)
    assert prompted["ok"] is True, prompted
    assert "tuesday" in words(prompted["text"]), prompted["text"]
    assert "tuesday" in words(plain["text"]), plain["text"]


@pytest.mark.parametrize("prompt,code", [(42, "bad_request"), ("x" * 1001, "too_large")])
def test_stt_bad_prompt(client, prompt, code):
    header, _ = client.request({"id": 32, "op": "stt", "sample_rate": 16000, "prompt": prompt}, b"\0\0" * 1600)
    assert header["error"]["code"] == code


def test_stt_empty_audio_gives_empty_text(client):
    header, _ = client.request({"id": 4, "op": "stt", "sample_rate": 16000}, b"")
    assert header["ok"] is True and header["text"] == "" and header["audio_ms"] == 0


@pytest.mark.parametrize("extra", [{"sample_rate": 8000}, {}, {"sample_rate": "16000"}])
def test_stt_requires_16k(client, extra):
    header, _ = client.request({"id": 5, "op": "stt", **extra}, b"\0\0" * 100)
    assert header == {"id": 5, "ok": False, "error": {"code": "bad_request", "message": header["error"]["message"]}}


def test_stt_odd_payload_is_bad_request(client):
    header, _ = client.request({"id": 6, "op": "stt", "sample_rate": 16000}, b"\0\0\0")
    assert header["error"]["code"] == "bad_request"


def test_stt_other_language_is_unsupported_on_english_model(client):
    header, _ = client.request({"id": 7, "op": "stt", "sample_rate": 16000, "language": "de"}, b"\0\0" * 1600)
    assert header["error"]["code"] == "unsupported"


def test_tts_produces_speech(client):
    text = "Thanks for calling. How can I help you today?"
    header, payload = client.request({"id": 10, "op": "tts", "text": text, "length_scale": 1.0})
    assert header["ok"] is True, header
    assert header["sample_rate"] == 22050
    seconds = len(payload) / 2 / 22050
    assert len(payload) % 2 == 0
    assert abs(header["audio_ms"] - seconds * 1000) <= 1
    assert 1.5 < seconds < 6.0
    assert rms(payload) > 500  # not silence


def test_tts_round_trips_through_stt(client):
    _, pcm = client.request({"id": 11, "op": "tts", "text": "Your appointment is confirmed for Monday morning."})
    with tempfile.NamedTemporaryFile(suffix=".raw") as f:
        f.write(pcm)
        f.flush()
        audio = resample(f.name, 16000, "raw", src_rate=22050)
    header, _ = client.request({"id": 12, "op": "stt", "sample_rate": 16000}, audio)
    assert {"appointment", "confirmed", "monday", "morning"} <= words(header["text"]), header["text"]


def test_tts_length_scale_slows_speech(client):
    _, normal = client.request({"id": 13, "op": "tts", "text": "One two three four five."})
    _, slow = client.request({"id": 14, "op": "tts", "text": "One two three four five.", "length_scale": 1.6})
    assert len(slow) > 1.3 * len(normal)


@pytest.mark.parametrize("text,code", [("", "bad_request"), ("   ", "bad_request"), ("a" * 1001, "too_large"), (None, "bad_request")])
def test_tts_text_limits(client, text, code):
    header, payload = client.request({"id": 15, "op": "tts", "text": text})
    assert header["ok"] is False and header["error"]["code"] == code and payload == b""


def test_tts_accepts_exactly_1000_characters(client):
    text = ("Hello there. " * 77)[:1000]
    header, payload = client.request({"id": 16, "op": "tts", "text": text})
    assert header["ok"] is True and len(payload) > 0


@pytest.mark.parametrize("scale", [0, -1, 10, "fast", True])
def test_tts_bad_length_scale(client, scale):
    header, _ = client.request({"id": 17, "op": "tts", "text": "Hi.", "length_scale": scale})
    assert header["error"]["code"] == "bad_request"


def test_turn_probability(client):
    audio = synth_16k("Could you tell me when my order will arrive?")
    complete = audio + b"\0\0" * 3200  # 200 ms of silence after the question
    header, _ = client.request({"id": 20, "op": "turn", "sample_rate": 16000}, complete)
    assert header["ok"] is True, header
    assert 0.0 <= header["probability"] <= 1.0
    assert header["elapsed_ms"] >= 0
    cut = audio[: (len(audio) // 2) & ~1]
    header2, _ = client.request({"id": 21, "op": "turn", "sample_rate": 16000}, cut)
    assert 0.0 <= header2["probability"] <= 1.0


def test_turn_uses_only_the_last_8_seconds(client):
    audio = synth_16k("Could you tell me when my order will arrive?")
    noise = (np.random.default_rng(1).normal(0, 3000, 16000 * 20)).astype("<i2").tobytes()
    a, _ = client.request({"id": 22, "op": "turn", "sample_rate": 16000}, audio)
    b, _ = client.request({"id": 23, "op": "turn", "sample_rate": 16000}, noise + audio)
    if len(audio) >= 16000 * 2 * 8:
        assert a["probability"] == b["probability"]
    assert 0.0 <= b["probability"] <= 1.0


@pytest.mark.parametrize("extra,payload", [({"sample_rate": 8000}, b"\0\0" * 10), ({"sample_rate": 16000}, b"")])
def test_turn_bad_requests(client, extra, payload):
    header, _ = client.request({"id": 24, "op": "turn", **extra}, payload)
    assert header["error"]["code"] == "bad_request"


def test_turn_scores_finished_real_utterances_above_their_first_half(client):
    """Real recordings (Debian's pocketsphinx-testdata): a finished utterance should usually
    score higher than the same audio cut halfway, i.e. mid-sentence and mostly mid-word."""
    import glob

    wavs = sorted(glob.glob("/usr/share/pocketsphinx/test/data/librivox/*.wav")
                  + glob.glob("/usr/share/pocketsphinx/test/data/cards/*.wav"))
    if not wavs:
        pytest.skip("pocketsphinx-testdata is not installed")
    higher = 0
    for wav in wavs:
        audio = resample(wav, 16000, "wav")
        full, _ = client.request({"id": 30, "op": "turn", "sample_rate": 16000}, audio)
        half, _ = client.request({"id": 31, "op": "turn", "sample_rate": 16000}, audio[: (len(audio) // 2) & ~1])
        higher += full["probability"] > half["probability"]
    assert higher >= 0.7 * len(wavs), f"{higher}/{len(wavs)}"
