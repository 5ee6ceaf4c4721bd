import Foundation
import Logging
import NIOPosix
import ParleyAudio
import ParleyCore
import ParleyProviders
import ParleyServer
import ParleyStorage
import ParleyVoice

/// Providers and audio for media-stream tests.
enum MediaTestSupport {
    /// Recognises every utterance as `text` (no model needed).
    struct FixedSpeechToText: SpeechToText {
        var text: String
        var name: String { "test/fixed" }
        var preferredSampleRates: [Int] { [8_000] }
        func transcribe(_ audio: AudioBuffer, context: String) async throws -> Transcription { Transcription(text: text) }
    }

    /// Speaks a 440 Hz tone, 10 ms per character (at most 1 s per sentence).
    struct ToneTextToSpeech: TextToSpeech {
        var name: String { "test/tone" }
        func synthesize(_ text: String, preferredSampleRate: Int) -> AsyncThrowingStream<AudioBuffer, any Error> {
            let count = min(text.count * 80, 8_000)
            let samples = (0..<count).map { Int16(6_000 * sin(2 * Double.pi * 440 * Double($0) / 8_000)) }
            return AsyncThrowingStream { continuation in
                continuation.yield(AudioBuffer(sampleRate: 8_000, samples: samples))
                continuation.finish()
            }
        }
    }

    static func stubProviders(hearing text: String) -> @Sendable (AgentConfiguration) throws -> CallEngine.Providers {
        { agent in
            CallEngine.Providers(speechToText: FixedSpeechToText(text: text), textToSpeech: ToneTextToSpeech(),
                                 turnPredictor: nil, brain: FlowBrain(agent: agent))
        }
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static var speechDirectory: String {
        ProcessInfo.processInfo.environment["PARLEY_SPEECH_DIR"] ?? packageRoot.appendingPathComponent(".speech").path
    }

    /// The worker runs when installed, and always in CI (where a missing worker fails).
    static var workerAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: speechDirectory + "/bin/parley-speech")
            || ProcessInfo.processInfo.environment["CI"] != nil
    }

    /// A caller line spoken by flite's slt voice, at `rate` (8 kHz by default).
    static func callerLine(_ text: String, rate target: Int = 8_000) async throws -> [Int16] {
        let tts = try FliteTextToSpeech(voice: "slt", threadPool: NIOThreadPool.singleton)
        var samples: [Int16] = []
        var rate = 16_000
        for try await chunk in tts.synthesize(text, preferredSampleRate: 16_000) {
            samples += chunk.samples
            rate = chunk.sampleRate
        }
        return AudioBuffer(sampleRate: rate, samples: samples).resampled(to: target).samples
    }

    /// `seconds` of silence at `rate` (8 kHz by default).
    static func silence(_ seconds: Double, rate: Int = 8_000) -> [Int16] { [Int16](repeating: 0, count: Int(seconds * Double(rate))) }

    static func blobStore() throws -> (LocalBlobStore, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-media-\(UUID().uuidString)").path
        return (try LocalBlobStore(root: dir), dir)
    }

    static let logger = Logger(label: "test.twilio")
}
