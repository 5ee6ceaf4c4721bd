import Foundation
import Synchronization
@testable import ParleyVoice

/// Instant providers for engine tests.
final class ScriptedSpeechToText: SpeechToText, Sendable {
    let name = "stub-stt"
    let preferredSampleRates = [8_000]
    private let lines: Mutex<[String]>
    private let calls = Mutex(0)

    init(_ lines: [String]) {
        self.lines = Mutex(lines)
    }

    /// Each transcription answers with the current line; `advance()` moves on.
    func transcribe(_ audio: AudioBuffer, context: String) async throws -> Transcription {
        calls.withLock { $0 += 1 }
        return Transcription(text: lines.withLock { $0.first ?? "" })
    }

    func advance() { lines.withLock { if !$0.isEmpty { $0.removeFirst() } } }
    var callCount: Int { calls.withLock { $0 } }
}

struct ToneTextToSpeech: TextToSpeech {
    let name = "stub-tts"
    var millisecondsPerWord = 200
    var rate = 16_000

    func synthesize(_ text: String, preferredSampleRate: Int) -> AsyncThrowingStream<AudioBuffer, any Error> {
        let count = max(TextNormalizer.tokens(text).count, 1) * millisecondsPerWord * rate / 1000
        let samples = (0..<count).map { Int16(8_000 * sin(Double($0) * 2 * .pi * 300 / Double(rate))) }
        let buffer = AudioBuffer(sampleRate: rate, samples: samples)
        return AsyncThrowingStream { continuation in
            continuation.yield(buffer)
            continuation.finish()
        }
    }
}

/// Answers every utterance with "You said: …".
struct EchoBrain: Brain {
    let name = "echo"

    func makeConversation(variables: [String: String]) -> any BrainConversation {
        Conversation()
    }

    final class Conversation: BrainConversation {
        let interruptions = Mutex<[String]>([])

        func respond(to input: BrainInput) -> AsyncThrowingStream<BrainOutput, any Error> {
            let text: String = switch input {
            case .callStarted: "Hello, echo here."
            case .utterance(let words): "You said: \(words)"
            case .dtmf(let digits): "You pressed \(digits)."
            case .noInput: "Are you there?"
            }
            return AsyncThrowingStream { continuation in
                continuation.yield(.text(text))
                continuation.finish()
            }
        }

        func replyWasInterrupted(playedText: String) {
            interruptions.withLock { $0.append(playedText) }
        }
    }
}

/// Loud frames are speech (good enough for synthetic test audio).
struct LevelSpeechEstimator: SpeechProbabilityEstimator {
    mutating func speechProbability(_ frame: UnsafeBufferPointer<Int16>) -> Float {
        FrameLevel.decibels(frame) > -35 ? 0.95 : 0.02
    }
}

