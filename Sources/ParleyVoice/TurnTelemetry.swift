/// Stage timestamps of one conversational turn, on the media clock.
///
/// The stages follow the caller's words through the engine: end of caller
/// speech → endpoint decision → STT final → first brain output → first TTS
/// audio → first agent frame sent.
public struct TurnTelemetry: Sendable, Equatable, Codable {
    public var turn: Int
    public var userSpeechEnd: MediaTime?
    public var endpoint: MediaTime?
    public var sttFinal: MediaTime?
    public var firstBrainOutput: MediaTime?
    public var firstTTSAudio: MediaTime?
    public var firstFrameOut: MediaTime?

    public init(turn: Int) {
        self.turn = turn
    }

    /// End of caller speech → first agent frame out (voice-to-voice latency).
    public var voiceToVoiceMilliseconds: Int64? {
        guard let start = userSpeechEnd, let end = firstFrameOut else { return nil }
        return end.since(start)
    }
}
