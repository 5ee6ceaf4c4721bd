/// Speech recognition for one caller utterance.
///
/// The session asks for a transcription at each candidate pause with all the
/// audio of the utterance so far, so utterance-level engines (Whisper) and
/// streaming services (which keep a socket open and finalize on request) fit the
/// same shape.
public protocol SpeechToText: Sendable {
    /// A short name for logs and telemetry (`parley-speech/whisper-tiny.en`).
    var name: String { get }
    /// Sample rates the provider takes without resampling, best first.
    var preferredSampleRates: [Int] { get }
    /// Transcribes `audio`; `context` is what the caller just heard (the
    /// agent's last words), which recognisers may use to expect likely words.
    func transcribe(_ audio: AudioBuffer, context: String) async throws -> Transcription
}

/// The recognised text of an utterance.
public struct Transcription: Sendable, Equatable {
    public var text: String
    /// Provider confidence in 0…1 when it reports one.
    public var confidence: Double?

    public init(text: String, confidence: Double? = nil) {
        self.text = text
        self.confidence = confidence
    }
}
