"""Properties of the numpy log-mel features (the worker's own code, imported from source)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parley_speech import mel  # noqa: E402


def test_slaney_mel_scale_anchor_points():
    assert mel._hz_to_mel(np.array(0.0)) == 0.0
    assert np.isclose(mel._hz_to_mel(np.array(1000.0)), 15.0)  # linear part ends at 1 kHz = 15 mel
    assert np.isclose(mel._hz_to_mel(np.array(6400.0)), 15.0 + 27.0)  # log part: 27 mel per factor 6.4
    hz = np.array([50.0, 700.0, 1000.0, 3000.0, 8000.0])
    assert np.allclose(mel._mel_to_hz(mel._hz_to_mel(hz)), hz)


def test_filterbank_shape_and_ordering():
    fb = mel.mel_filterbank()
    assert fb.shape == (80, 201)
    assert (fb >= 0).all()
    assert (fb.sum(axis=1) > 0).all()
    peaks = fb.argmax(axis=1)
    assert (np.diff(peaks) >= 0).all()
    # Slaney area normalisation: each triangle integrates (over Hz) to about 1.
    bin_hz = 8000.0 / 200
    areas = fb.sum(axis=1) * bin_hz
    assert np.allclose(areas[10:], 1.0, atol=0.1)


def test_features_shape_and_range():
    rng = np.random.default_rng(0)
    audio = (0.1 * rng.standard_normal(16000 * 3)).astype(np.float32)
    feats = mel.log_mel(audio, 16000 * 8)
    assert feats.shape == (80, 800)
    assert feats.dtype == np.float32
    assert feats.max() - feats.min() <= 2.0 + 1e-6  # 8 log10 units, divided by 4
    assert mel.log_mel(audio).shape == (80, 300)


def test_sine_energy_lands_in_the_matching_band():
    t = np.arange(16000) / 16000
    for freq in (300.0, 1000.0, 3000.0):
        feats = mel.log_mel((0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32))
        band = int(feats[:, 10:-10].mean(axis=1).argmax())
        centre = mel.mel_filterbank()[band].argmax() * 40.0
        assert abs(centre - freq) < 0.15 * freq + 40, (freq, band, centre)


def test_pcm16_conversion():
    pcm = np.array([0, 16384, -32768, 32767], dtype="<i2").tobytes()
    assert np.allclose(mel.pcm16_to_float(pcm), [0.0, 0.5, -1.0, 32767 / 32768])
