import Foundation
import ParleyAudio
@testable import ParleyProviders
import ParleyVoice
import Testing

@Suite struct ElevenLabsTextToSpeechTests {
    typealias Fake = FakeAudioAPIServer

    func provider(_ base: String, timeout: Duration = .seconds(5), idle: Duration? = nil) -> ElevenLabsTextToSpeech {
        var configuration = ElevenLabsTextToSpeech.Configuration(apiKey: "xi-test", voiceID: "voice42")
        configuration.baseURL = base
        configuration.firstAudioTimeout = timeout
        configuration.idleTimeout = idle ?? timeout
        return ElevenLabsTextToSpeech(configuration: configuration)
    }

    @Test func muLawCallsGetMuLawDecodedWithG711() async throws {
        let codes: [UInt8] = Array(0...255)
        let fake = Fake([.chunks([Array(codes[0..<100]), Array(codes[100...])], contentType: "audio/basic")])
        try await fake.run { base in
            let result = await collectAudio(provider(base).synthesize("Hello there.", preferredSampleRate: 8_000))
            #expect(result.error == nil)
            #expect(result.chunks.allSatisfy { $0.sampleRate == 8_000 })
            #expect(result.chunks.flatMap(\.samples) == codes.map { G711.muLaw.decode($0) })
        }
        let request = try #require(fake.requests.events.first)
        #expect(request.path == "/v1/text-to-speech/voice42/stream")
        #expect(request.query["output_format"] == "ulaw_8000")
        #expect(request.headers["xi-api-key"] == "xi-test")
        let body = try JSONDecoder().decode([String: String].self, from: Data(request.body))
        #expect(body == ["text": "Hello there.", "model_id": "eleven_flash_v2_5"])
    }

    @Test(arguments: [(16_000, "pcm_16000", 16_000), (24_000, "pcm_24000", 24_000), (48_000, "pcm_24000", 24_000), (22_050, "pcm_22050", 22_050)])
    func otherRatesGetPCM(preferred: Int, format: String, rate: Int) async throws {
        let samples = ramp(301)
        let bytes = samples.littleEndianBytes
        // Split at odd offsets: samples straddle chunks.
        let fake = Fake([.chunks([Array(bytes[0..<3]), Array(bytes[3..<200]), Array(bytes[200...])], contentType: "audio/pcm")])
        try await fake.run { base in
            let result = await collectAudio(provider(base).synthesize("Hi", preferredSampleRate: preferred))
            #expect(result.error == nil)
            #expect(result.chunks.allSatisfy { $0.sampleRate == rate })
            #expect(result.chunks.flatMap(\.samples) == samples)
        }
        #expect(fake.requests.events.first?.query["output_format"] == format)
    }

    @Test(arguments: [
        (429, ProviderError.Code.rateLimited), (500, .unavailable), (503, .unavailable), (401, .failed), (422, .failed),
    ])
    func errorStatusesAreTyped(status: Int, code: ProviderError.Code) async throws {
        let fake = Fake([.status(status, #"{"detail":{"status":"x","message":"scripted failure"}}"#)])
        try await fake.run { base in
            let result = await collectAudio(provider(base).synthesize("Hi", preferredSampleRate: 8_000))
            #expect(result.error?.code == code)
            #expect(result.error?.message.contains("scripted failure") == true)
        }
    }

    @Test func jsonInsteadOfAudioIsAProtocolViolation() async throws {
        let fake = Fake([.chunks([Array(#"{"detail":"oops"}"#.utf8)], contentType: "application/json")])
        try await fake.run { base in
            let result = await collectAudio(provider(base).synthesize("Hi", preferredSampleRate: 16_000))
            #expect(result.error?.code == .protocolViolation)
            #expect(result.chunks.isEmpty)
        }
    }

    @Test func emptyBodyFails() async throws {
        let fake = Fake([.chunks([], contentType: "audio/pcm")])
        try await fake.run { base in
            let result = await collectAudio(provider(base).synthesize("Hi", preferredSampleRate: 16_000))
            #expect(result.error?.code == .failed)
        }
    }

    @Test func midStreamDisconnectIsTyped() async throws {
        let fake = Fake([.drop([[1, 2, 3, 4]])])
        try await fake.run { base in
            let result = await collectAudio(provider(base).synthesize("Hi", preferredSampleRate: 16_000))
            #expect(result.error?.code == .unavailable)
        }
    }

    @Test func silentServerTimesOut() async throws {
        let fake = Fake([.hang])
        try await fake.run { base in
            let result = await collectAudio(provider(base, timeout: .milliseconds(300)).synthesize("Hi", preferredSampleRate: 16_000))
            #expect(result.error?.code == .timeout)
        }
    }

    @Test func stalledStreamTimesOutAfterItsAudio() async throws {
        let fake = Fake([.stall([[1, 0, 2, 0]])])
        try await fake.run { base in
            // The short idle deadline only runs once audio arrived, so a slow first chunk on a
            // loaded machine cannot turn this into a first-audio timeout; that one is generous
            // and only bounds a failing test.
            let tts = provider(base, timeout: .seconds(30), idle: .milliseconds(300))
            let result = await collectAudio(tts.synthesize("Hi", preferredSampleRate: 16_000))
            #expect(result.chunks.flatMap(\.samples) == [1, 2])
            #expect(result.error?.code == .timeout)
            #expect(result.error?.message.contains("stalled") == true)
        }
    }

    @Test func unreachableServerFailsWithinTheDeadline() async throws {
        // Port 9 (discard): nothing listens there on a test machine. The HTTP client retries
        // refused connections until the deadline, so this is a timeout or unavailability.
        let result = await collectAudio(provider("http://127.0.0.1:9", timeout: .milliseconds(300)).synthesize("Hi", preferredSampleRate: 16_000))
        #expect(result.error?.code == .timeout || result.error?.code == .unavailable)
        #expect(result.chunks.isEmpty)
    }
}
