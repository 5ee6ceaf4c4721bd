/// ParleyVoice: the call session (turn-taking, barge-in), provider protocols
/// (speech-to-text, text-to-speech, turn prediction, brain), the flow engine
/// and per-turn telemetry. Depends on ParleyAudio only; implementations of the
/// providers live in ParleyProviders.
public enum ParleyVoice {}
