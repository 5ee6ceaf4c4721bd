@testable import ParleyProviders
import ParleyVoice
import Synchronization
import Testing

@Suite struct FallbackTextToSpeechTests {
    /// A synthesiser that yields scripted chunks; with `hold`, it waits after the first chunk
    /// until the test releases it.
    final class Stub: TextToSpeech {
        enum Script: Sendable {
            case chunks([[Int16]], then: ProviderError?)
            case silent
        }

        let name: String
        let script: Script
        let hold: AsyncStream<Void>?
        let calls = Mutex(0)

        init(_ name: String, _ script: Script, hold: AsyncStream<Void>? = nil) {
            self.name = name
            self.script = script
            self.hold = hold
        }

        func synthesize(_ text: String, preferredSampleRate: Int) -> AsyncThrowingStream<AudioBuffer, any Error> {
            calls.withLock { $0 += 1 }
            let script = self.script
            let hold = self.hold
            return AsyncThrowingStream { continuation in
                let task = Task {
                    switch script {
                    case .chunks(let chunks, let error):
                        for (index, chunk) in chunks.enumerated() {
                            continuation.yield(AudioBuffer(sampleRate: 16_000, samples: chunk))
                            if index == 0, let hold {
                                for await _ in hold { break }
                            }
                        }
                        continuation.finish(throwing: error)
                    case .silent:
                        // Like a server that never answers: ends only when cancelled.
                        try? await Task.sleep(for: .seconds(3_600))
                        continuation.finish(throwing: CancellationError())
                    }
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }
    }

    func collect(_ stream: AsyncThrowingStream<AudioBuffer, any Error>) async -> (samples: [[Int16]], error: ProviderError?) {
        var samples: [[Int16]] = []
        do {
            for try await chunk in stream { samples.append(chunk.samples) }
            return (samples, nil)
        } catch {
            return (samples, error as? ProviderError)
        }
    }

    @Test(arguments: [ProviderError.Code.unavailable, .failed, .rateLimited, .timeout, .protocolViolation])
    func firstFailsSecondSpeaks(code: ProviderError.Code) async {
        let first = Stub("elevenlabs", .chunks([], then: ProviderError(code, provider: "elevenlabs", "scripted")))
        let second = Stub("flite", .chunks([[1, 2], [3]], then: nil))
        let result = await collect(FallbackTextToSpeech([first, second]).synthesize("Hello.", preferredSampleRate: 8_000))
        #expect(result.error == nil)
        #expect(result.samples == [[1, 2], [3]])
    }

    @Test func audioStreamsBeforeTheProviderFinishes() async {
        let (hold, release) = AsyncStream<Void>.makeStream()
        let first = Stub("elevenlabs", .chunks([[1], [2]], then: nil), hold: hold)
        var chunks = FallbackTextToSpeech([first, Stub("flite", .chunks([[9]], then: nil))])
            .synthesize("Hello.", preferredSampleRate: 8_000).makeAsyncIterator()
        // The provider is held after its first chunk: the chain must pass that chunk on already.
        let firstChunk = try? await chunks.next()
        #expect(firstChunk?.samples == [1])
        release.yield()
        let secondChunk = try? await chunks.next()
        #expect(secondChunk?.samples == [2])
        let end = try? await chunks.next()
        #expect(end == nil)
    }

    @Test func neverSwitchesMidSentence() async {
        let first = Stub("a", .chunks([[1]], then: ProviderError(.unavailable, provider: "a", "dropped")))
        let second = Stub("b", .chunks([[9]], then: nil))
        let result = await collect(FallbackTextToSpeech([first, second]).synthesize("Hello.", preferredSampleRate: 8_000))
        #expect(result.samples == [[1]])
        #expect(result.error?.code == .unavailable)
        #expect(second.calls.withLock { $0 } == 0)
    }

    @Test func silenceAndEmptyChunksPassToTheNextProvider() async {
        let silent = Stub("a", .silent)
        let empty = Stub("b", .chunks([[], []], then: nil))
        let last = Stub("c", .chunks([[7]], then: nil))
        let chain = FallbackTextToSpeech([silent, empty, last], firstAudioDeadline: .milliseconds(200))
        let result = await collect(chain.synthesize("Hello.", preferredSampleRate: 8_000))
        #expect(result.samples == [[7]])
        #expect(result.error == nil)
    }

    @Test func cancellationDoesNotFallBack() async {
        let first = Stub("a", .chunks([], then: ProviderError(.cancelled, provider: "a", "cancelled")))
        let second = Stub("b", .chunks([[9]], then: nil))
        let result = await collect(FallbackTextToSpeech([first, second]).synthesize("Hello.", preferredSampleRate: 8_000))
        #expect(result.error?.code == .cancelled)
        #expect(second.calls.withLock { $0 } == 0)
    }

    @Test func realClientsFallBackFromAFailingServer() async throws {
        let eleven = FakeAudioAPIServer([.status(503, #"{"detail":"busy"}"#)])
        let openAI = FakeAudioAPIServer([.chunks([[1, 0, 2, 0]], contentType: "application/octet-stream")])
        try await eleven.run { elevenBase in
            try await openAI.run { openAIBase in
                var first = ElevenLabsTextToSpeech.Configuration(apiKey: "k", voiceID: "v")
                first.baseURL = elevenBase
                var second = OpenAITextToSpeech.Configuration(apiKey: "k")
                second.baseURL = openAIBase + "/v1"
                // Only bound a failing test; the 3 s defaults are tight on a loaded machine.
                second.firstAudioTimeout = .seconds(30)
                second.idleTimeout = .seconds(30)
                let chain = FallbackTextToSpeech([ElevenLabsTextToSpeech(configuration: first), OpenAITextToSpeech(configuration: second)])
                let result = await collect(chain.synthesize("Hi", preferredSampleRate: 8_000))
                #expect(result.error == nil)
                #expect(result.samples.flatMap { $0 } == [1, 2])
            }
        }
    }
}
