/// ParleyAudio: codecs, resampling, VAD, DTMF and WAV for 20 ms media frames.
public enum ParleyAudio {}
