import Foundation
import ParleyAudio
@testable import ParleyProviders
import ParleyVoice
import Testing

@Suite struct OpenAISpeechToTextTests {
    typealias Fake = FakeAudioAPIServer

    func provider(_ base: String, timeout: Duration = .seconds(5)) -> OpenAISpeechToText {
        var configuration = OpenAISpeechToText.Configuration(apiKey: "sk-test")
        configuration.baseURL = base + "/v1"
        configuration.model = "whisper-1"
        configuration.requestTimeout = timeout
        return OpenAISpeechToText(configuration: configuration)
    }

    func outcome(_ work: () async throws -> Transcription) async -> (text: String?, error: ProviderError?) {
        do {
            return (try await work().text, nil)
        } catch {
            return (nil, error as? ProviderError)
        }
    }

    /// The parts of a multipart/form-data body by field name (a minimal reader for the test).
    func parts(_ body: [UInt8], contentType: String) throws -> [String: [UInt8]] {
        let boundary = try #require(contentType.components(separatedBy: "boundary=").last)
        let delimiter = Array("--\(boundary)".utf8)
        var result: [String: [UInt8]] = [:]
        var sections: [[UInt8]] = []
        var start = 0
        var index = 0
        while index + delimiter.count <= body.count {
            if Array(body[index..<index + delimiter.count]) == delimiter {
                sections.append(Array(body[start..<index]))
                index += delimiter.count
                start = index
            } else {
                index += 1
            }
        }
        for section in sections.dropFirst() {
            let separator = Array("\r\n\r\n".utf8)
            guard let split = (0...(section.count - separator.count)).first(where: { Array(section[$0..<$0 + separator.count]) == separator })
            else { continue }
            let header = String(decoding: section[..<split], as: UTF8.self)
            let afterName = header.components(separatedBy: "form-data; name=\"").dropFirst().first
            let name = try #require(afterName?.components(separatedBy: "\"").first)
            result[name] = Array(section[(split + 4)..<(section.count - 2)])  // drop the closing CRLF
        }
        return result
    }

    @Test func uploadsAWAVFormAndReadsTheText() async throws {
        let fake = Fake([.chunks([Array(#"{"text":" I'd like a table for two. "}"#.utf8)], contentType: "application/json")])
        let samples = ramp(8_000)
        try await fake.run { base in
            let result = await outcome { try await provider(base).transcribe(AudioBuffer(sampleRate: 16_000, samples: samples), context: "How many people?") }
            #expect(result.text == "I'd like a table for two.")
        }
        let request = try #require(fake.requests.events.first)
        #expect(request.path == "/v1/audio/transcriptions")
        #expect(request.headers["authorization"] == "Bearer sk-test")
        let form = try parts(request.body, contentType: try #require(request.headers["content-type"]))
        #expect(form["model"].map { String(decoding: $0, as: UTF8.self) } == "whisper-1")
        #expect(form["prompt"].map { String(decoding: $0, as: UTF8.self) } == "How many people?")
        #expect(form["response_format"].map { String(decoding: $0, as: UTF8.self) } == "json")
        let wav = try WAVFile(parsing: try #require(form["file"]))
        #expect(wav.sampleRate == 16_000)
        #expect(wav.samples == samples)
    }

    @Test func eightKilohertzAudioIsUpsampledAndSilenceSendsNothing() async throws {
        let fake = Fake([.chunks([Array(#"{"text":"yes"}"#.utf8)], contentType: "application/json")])
        try await fake.run { base in
            let stt = provider(base)
            let empty = await outcome { try await stt.transcribe(AudioBuffer(sampleRate: 8_000, samples: []), context: "") }
            #expect(empty.text == "")
            let result = await outcome { try await stt.transcribe(AudioBuffer(sampleRate: 8_000, samples: ramp(800)), context: "") }
            #expect(result.text == "yes")
        }
        #expect(fake.requests.events.count == 1)
        let request = try #require(fake.requests.events.first)
        let form = try parts(request.body, contentType: try #require(request.headers["content-type"]))
        #expect(form["prompt"] == nil)
        #expect(try WAVFile(parsing: try #require(form["file"])).frameCount == 1_600)
    }

    @Test(arguments: [(429, ProviderError.Code.rateLimited), (500, .unavailable), (401, .failed), (413, .failed)])
    func errorStatusesAreTyped(status: Int, code: ProviderError.Code) async throws {
        let fake = Fake([.status(status, #"{"error":{"message":"scripted failure"}}"#)])
        try await fake.run { base in
            let result = await outcome { try await provider(base).transcribe(AudioBuffer(sampleRate: 16_000, samples: ramp(160)), context: "") }
            #expect(result.error?.code == code)
            #expect(result.error?.message.contains("scripted failure") == true)
        }
    }

    @Test(arguments: [#"{"txt":"no"}"#, "<html>oops</html>", #"{"text":"#])
    func malformedAnswersAreProtocolViolations(body: String) async throws {
        let fake = Fake([.chunks([Array(body.utf8)], contentType: "application/json")])
        try await fake.run { base in
            let result = await outcome { try await provider(base).transcribe(AudioBuffer(sampleRate: 16_000, samples: ramp(160)), context: "") }
            #expect(result.error?.code == .protocolViolation)
        }
    }

    @Test func silentServerTimesOut() async throws {
        let fake = Fake([.hang])
        try await fake.run { base in
            let result = await outcome {
                try await provider(base, timeout: .milliseconds(300)).transcribe(AudioBuffer(sampleRate: 16_000, samples: ramp(160)), context: "")
            }
            #expect(result.error?.code == .timeout)
        }
    }

    @Test func midAnswerDisconnectIsTyped() async throws {
        let fake = Fake([.drop([Array(#"{"text":"par"#.utf8)])])
        try await fake.run { base in
            let result = await outcome { try await provider(base).transcribe(AudioBuffer(sampleRate: 16_000, samples: ramp(160)), context: "") }
            #expect(result.error?.code == .unavailable)
        }
    }
}
