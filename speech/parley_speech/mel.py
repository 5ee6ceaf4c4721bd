"""Whisper-style log-mel features in numpy.

Written from the published definition of Whisper's input features: 16 kHz audio,
a 400-point STFT with a periodic Hann window and hop 160 (centered, reflect padding,
last frame dropped), power spectrum, 80 Slaney-scale mel filters with Slaney area
normalisation, log10 clamped at 1e-10, dynamic range limited to 8 (log10 units) below
the maximum, then scaled as (x + 4) / 4.
"""

from __future__ import annotations

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 80
FRAMES_PER_SECOND = SAMPLE_RATE // HOP  # 100


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    """Slaney mel scale: linear below 1 kHz, logarithmic above."""
    hz = np.asarray(hz, dtype=np.float64)
    f_sp = 200.0 / 3.0
    mel = hz / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    above = hz >= min_log_hz
    mel = np.where(above, min_log_mel + np.log(np.maximum(hz, 1e-12) / min_log_hz) / logstep, mel)
    return mel


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    mel = np.asarray(mel, dtype=np.float64)
    f_sp = 200.0 / 3.0
    hz = mel * f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    above = mel >= min_log_mel
    return np.where(above, min_log_hz * np.exp(logstep * (mel - min_log_mel)), hz)


def mel_filterbank(sr: int = SAMPLE_RATE, n_fft: int = N_FFT, n_mels: int = N_MELS) -> np.ndarray:
    """Triangular filters evenly spaced on the Slaney mel scale from 0 Hz to sr/2, area-normalised."""
    fft_freqs = np.linspace(0.0, sr / 2.0, n_fft // 2 + 1)
    mel_points = np.linspace(_hz_to_mel(0.0), _hz_to_mel(sr / 2.0), n_mels + 2)
    hz_points = _mel_to_hz(mel_points)
    widths = np.diff(hz_points)
    ramps = hz_points[:, None] - fft_freqs[None, :]
    weights = np.zeros((n_mels, len(fft_freqs)))
    for i in range(n_mels):
        lower = -ramps[i] / widths[i]
        upper = ramps[i + 2] / widths[i + 1]
        weights[i] = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (hz_points[2 : n_mels + 2] - hz_points[:n_mels]))[:, None]
    return weights.astype(np.float32)


_FILTERS = mel_filterbank()
# Periodic Hann window (as used for spectral analysis), length N_FFT.
_WINDOW = (0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)


def log_mel(audio: np.ndarray, n_samples: int | None = None) -> np.ndarray:
    """Log-mel features [80, n_samples // 160] of float32 audio in [-1, 1] at 16 kHz.

    The audio is zero-padded at the end (or truncated) to n_samples when given.
    """
    audio = np.asarray(audio, dtype=np.float32)
    if n_samples is not None:
        if len(audio) >= n_samples:
            audio = audio[:n_samples]
        else:
            audio = np.concatenate([audio, np.zeros(n_samples - len(audio), dtype=np.float32)])
    if len(audio) < 2:
        audio = np.zeros(N_FFT, dtype=np.float32) if n_samples is None else audio
    pad = N_FFT // 2
    if len(audio) > pad:
        padded = np.pad(audio, pad, mode="reflect")
    else:  # too short for reflection
        padded = np.pad(audio, pad, mode="constant")
    n_frames = 1 + (len(padded) - N_FFT) // HOP
    frames = np.lib.stride_tricks.as_strided(
        padded, shape=(n_frames, N_FFT), strides=(padded.strides[0] * HOP, padded.strides[0])
    )
    spectrum = np.fft.rfft(frames * _WINDOW, axis=1)
    power = (spectrum.real**2 + spectrum.imag**2).astype(np.float32)[:-1]  # drop the last frame
    mel = _FILTERS @ power.T
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).astype(np.float32)


def pcm16_to_float(payload: bytes) -> np.ndarray:
    """PCM16 little-endian mono bytes to float32 in [-1, 1)."""
    return np.frombuffer(payload, dtype="<i2").astype(np.float32) / 32768.0
