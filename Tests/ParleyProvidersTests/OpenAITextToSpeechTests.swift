import Foundation
@testable import ParleyProviders
import ParleyVoice
import Testing

@Suite struct OpenAITextToSpeechTests {
    typealias Fake = FakeAudioAPIServer

    func provider(_ base: String, timeout: Duration = .seconds(5)) -> OpenAITextToSpeech {
        var configuration = OpenAITextToSpeech.Configuration(apiKey: "sk-test")
        configuration.baseURL = base + "/v1"
        configuration.voice = "nova"
        configuration.firstAudioTimeout = timeout
        configuration.idleTimeout = timeout
        return OpenAITextToSpeech(configuration: configuration)
    }

    @Test func streamsPCMChunksAsTheyArriveAcrossOddSplits() async throws {
        let samples = ramp(1_001, step: 91)
        let bytes = samples.littleEndianBytes
        let fake = Fake([.chunks([[bytes[0]], Array(bytes[1..<1_001]), Array(bytes[1_001...])], contentType: "application/octet-stream")])
        try await fake.run { base in
            let result = await collectAudio(provider(base).synthesize("Good morning.", preferredSampleRate: 8_000))
            #expect(result.error == nil)
            #expect(result.chunks.count >= 2)
            #expect(result.chunks.allSatisfy { $0.sampleRate == 24_000 })
            #expect(result.chunks.flatMap(\.samples) == samples)
        }
        let request = try #require(fake.requests.events.first)
        #expect(request.path == "/v1/audio/speech")
        #expect(request.headers["authorization"] == "Bearer sk-test")
        let body = try JSONDecoder().decode([String: String].self, from: Data(request.body))
        #expect(body == ["model": "gpt-4o-mini-tts", "input": "Good morning.", "voice": "nova", "response_format": "pcm"])
    }

    @Test(arguments: [(429, ProviderError.Code.rateLimited), (502, .unavailable), (400, .failed)])
    func errorStatusesAreTyped(status: Int, code: ProviderError.Code) async throws {
        let fake = Fake([.status(status, #"{"error":{"message":"scripted failure"}}"#)])
        try await fake.run { base in
            let result = await collectAudio(provider(base).synthesize("Hi", preferredSampleRate: 24_000))
            #expect(result.error?.code == code)
            #expect(result.error?.message.contains("scripted failure") == true)
        }
    }

    @Test func truncatedSampleIsAProtocolViolation() async throws {
        let fake = Fake([.chunks([[1, 0, 2]], contentType: "application/octet-stream")])
        try await fake.run { base in
            let result = await collectAudio(provider(base).synthesize("Hi", preferredSampleRate: 24_000))
            #expect(result.error?.code == .protocolViolation)
        }
    }

    @Test func midStreamDisconnectIsTyped() async throws {
        let fake = Fake([.drop([ramp(500).littleEndianBytes])])
        try await fake.run { base in
            let result = await collectAudio(provider(base).synthesize("Hi", preferredSampleRate: 24_000))
            #expect(result.error?.code == .unavailable)
        }
    }

    @Test func silentServerTimesOut() async throws {
        let fake = Fake([.hang])
        try await fake.run { base in
            let result = await collectAudio(provider(base, timeout: .milliseconds(300)).synthesize("Hi", preferredSampleRate: 24_000))
            #expect(result.error?.code == .timeout)
        }
    }
}
