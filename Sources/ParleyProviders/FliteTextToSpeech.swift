import NIOPosix
import ParleyVoice

/// In-process text-to-speech with flite: robotic but always there, so a call
/// never goes silent when the speech worker is down.
public struct FliteTextToSpeech: TextToSpeech {
    public let name: String
    private let voice: FliteVoice.Name
    private let threadPool: NIOThreadPool

    /// - Parameters:
    ///   - voice: `slt` (16 kHz, default) or `kal` (8 kHz).
    ///   - threadPool: where the blocking synthesis runs (never an event loop).
    public init(voice: String = "slt", threadPool: NIOThreadPool) throws(ProviderError) {
        guard let voice = FliteVoice.Name(rawValue: voice) else {
            throw ProviderError(.failed, provider: "flite", "unknown flite voice '\(voice)'; use slt or kal")
        }
        self.voice = voice
        self.threadPool = threadPool
        name = "flite/\(voice.rawValue)"
    }

    public func synthesize(_ text: String, preferredSampleRate: Int) -> AsyncThrowingStream<AudioBuffer, any Error> {
        let voiceName = voice
        let pool = threadPool
        let name = self.name
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let result = try await pool.runIfActive { () throws -> AudioBuffer in
                        guard let voice = FliteVoice.shared(voiceName), let wave = voice.synthesize(text) else {
                            throw ProviderError(.unavailable, provider: name, "flite could not load voice \(voiceName.rawValue)")
                        }
                        return AudioBuffer(sampleRate: wave.sampleRate, samples: wave.samples)
                    }
                    continuation.yield(result)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: ProviderError.wrapping(error, provider: name))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
