"""The repetition guard on Whisper output (the worker's own code, imported from source)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parley_speech.stt import collapse_repetition  # noqa: E402


def test_repeated_phrase_is_kept_once():
    assert collapse_repetition("3 in the afternoon. 3 in the after noon. 3") == "3 in the afternoon."
    assert collapse_repetition("Thank you. Thank you. Thank you.") == "Thank you."
    assert collapse_repetition("Yes, that's right. Yes, that") == "Yes, that's right."


def test_ordinary_text_is_untouched():
    for text in ["I'd like to book an appointment.", "Next Tuesday.", "no no", "", "bye",
                 "My name is Anna Anna Smith.", "Tuesday at ten, Tuesday at ten thirty please",
                 "bye bye", "I need a room, a room with a view", "ten ten"]:
        assert collapse_repetition(text) == text
