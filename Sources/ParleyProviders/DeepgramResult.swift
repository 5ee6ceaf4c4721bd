/// One `Results` message: a transcript for the audio between `start` and `start + duration`
/// seconds of the stream.
struct DeepgramResult: Sendable, Equatable {
    var start: Double
    var duration: Double
    var transcript: String
    var confidence: Double?
    /// The words of this span will not change any more.
    var isFinal: Bool
    /// Deepgram's endpointing heard the speaker stop.
    var speechFinal: Bool
    /// Sent in answer to a `Finalize` message.
    var fromFinalize: Bool

    var end: Double { start + duration }
}
