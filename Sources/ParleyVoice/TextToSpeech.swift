/// Speech synthesis, streamed in chunks so the first audio can play early.
public protocol TextToSpeech: Sendable {
    var name: String { get }
    /// Synthesises `text` (usually one sentence). Chunks may come at any sample
    /// rate; the engine resamples to the call's rate.
    func synthesize(_ text: String, preferredSampleRate: Int) -> AsyncThrowingStream<AudioBuffer, any Error>
}
