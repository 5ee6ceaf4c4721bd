@testable import ParleyProviders
import ParleyVoice
import Synchronization
import Testing

@Suite struct FallbackSpeechToTextTests {
    final class Stub: SpeechToText {
        let name: String
        let preferredSampleRates: [Int]
        let answer: Result<String, ProviderError>
        let calls = Mutex<[AudioBuffer]>([])

        init(_ name: String, rate: Int = 16_000, _ answer: Result<String, ProviderError>) {
            self.name = name
            preferredSampleRates = [rate]
            self.answer = answer
        }

        func transcribe(_ audio: AudioBuffer, context: String) async throws -> Transcription {
            calls.withLock { $0.append(audio) }
            return Transcription(text: try answer.get())
        }
    }

    let audio = AudioBuffer(sampleRate: 16_000, samples: ramp(1_600))

    @Test(arguments: [ProviderError.Code.unavailable, .failed, .rateLimited, .timeout, .protocolViolation, .overloaded])
    func firstFailsSecondAnswers(code: ProviderError.Code) async throws {
        let first = Stub("deepgram", .failure(ProviderError(code, provider: "deepgram", "scripted")))
        let second = Stub("parley-speech", rate: 8_000, .success("opening hours"))
        let chain = FallbackSpeechToText([first, second])
        #expect(chain.name == "deepgram > parley-speech")
        #expect(chain.preferredSampleRates == [16_000])
        let result = try await chain.transcribe(audio, context: "")
        #expect(result.text == "opening hours")
        #expect(first.calls.withLock { $0.count } == 1)
        // Each provider gets the audio at its own rate.
        #expect(second.calls.withLock { $0.first?.sampleRate } == 8_000)
    }

    @Test func firstAnswerWins() async throws {
        let first = Stub("a", .success("yes"))
        let second = Stub("b", .success("no"))
        #expect(try await FallbackSpeechToText([first, second]).transcribe(audio, context: "").text == "yes")
        #expect(second.calls.withLock { $0.isEmpty })
    }

    @Test func cancellationDoesNotFallBack() async throws {
        let first = Stub("a", .failure(ProviderError(.cancelled, provider: "a", "cancelled")))
        let second = Stub("b", .success("no"))
        await #expect(throws: ProviderError(.cancelled, provider: "a", "cancelled")) {
            try await FallbackSpeechToText([first, second]).transcribe(audio, context: "")
        }
        #expect(second.calls.withLock { $0.isEmpty })
    }

    @Test func allFailingReportsTheLastError() async throws {
        let first = Stub("a", .failure(ProviderError(.timeout, provider: "a", "slow")))
        let second = Stub("b", .failure(ProviderError(.unavailable, provider: "b", "down")))
        await #expect(throws: ProviderError(.unavailable, provider: "b", "down")) {
            try await FallbackSpeechToText([first, second]).transcribe(audio, context: "")
        }
    }

    @Test func realClientsFallBackFromARefusingServer() async throws {
        // Deepgram refuses the handshake; the OpenAI-compatible server answers.
        let deepgram = FakeDeepgramServer([], refuse: true)
        let openAI = FakeAudioAPIServer([.chunks([Array(#"{"text":"a table for two"}"#.utf8)], contentType: "application/json")])
        try await deepgram.run { socketURL in
            try await openAI.run { httpBase in
                var first = DeepgramSpeechToText.Configuration(apiKey: "k")
                first.baseURL = socketURL
                var second = OpenAISpeechToText.Configuration(apiKey: "k")
                second.baseURL = httpBase + "/v1"
                second.requestTimeout = .seconds(30)  // only bounds a failing test; the default 1.5 s fails on a loaded machine
                let deepgramClient = DeepgramSpeechToText(configuration: first)
                let chain = FallbackSpeechToText([deepgramClient, OpenAISpeechToText(configuration: second)])
                let result = try await chain.transcribe(audio, context: "")
                #expect(result.text == "a table for two")
                await deepgramClient.close()
            }
        }
    }
}
