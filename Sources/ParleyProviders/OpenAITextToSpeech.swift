import AsyncHTTPClient
import Foundation
import NIOCore
import ParleyVoice

/// Speech synthesis over an OpenAI-compatible `POST /audio/speech` API, asking for raw PCM
/// (`response_format: "pcm"`: 24 kHz 16-bit little-endian mono) streamed as it is made.
public struct OpenAITextToSpeech: TextToSpeech {
    public struct Configuration: Sendable {
        /// API root, default `https://api.openai.com/v1`.
        public var baseURL = "https://api.openai.com/v1"
        public var apiKey: String?
        /// Default `gpt-4o-mini-tts`.
        public var model = "gpt-4o-mini-tts"
        /// Default `alloy`.
        public var voice = "alloy"
        /// The rate of the PCM the server sends: 24 kHz for OpenAI; compatible servers may differ.
        public var sampleRate = 24_000
        /// Longest wait for the first audio bytes. Default 3 s.
        public var firstAudioTimeout: Duration = .seconds(3)
        /// Longest gap once audio streams. Default 3 s.
        public var idleTimeout: Duration = .seconds(3)

        public init(apiKey: String?) {
            self.apiKey = apiKey
        }
    }

    private struct Body: Encodable {
        var model: String
        var input: String
        var voice: String
        var responseFormat = "pcm"

        enum CodingKeys: String, CodingKey {
            case model, input, voice
            case responseFormat = "response_format"
        }
    }

    public let name: String
    private let configuration: Configuration
    private let client: HTTPClient

    public init(configuration: Configuration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
        name = "openai/\(configuration.model)/\(configuration.voice)"
    }

    public func synthesize(_ text: String, preferredSampleRate: Int) -> AsyncThrowingStream<AudioBuffer, any Error> {
        var request = HTTPClientRequest(url: configuration.baseURL.trimmingSuffix("/") + "/audio/speech")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let key = configuration.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        let body = Body(model: configuration.model, input: text, voice: configuration.voice)
        request.body = .bytes(ByteBuffer(bytes: (try? JSONEncoder().encode(body)) ?? Data()))
        return HTTPAudioStream.stream(
            request, client: client, provider: name, sampleRate: configuration.sampleRate, encoding: .pcm16LittleEndian,
            firstByte: configuration.firstAudioTimeout, idle: configuration.idleTimeout)
    }
}
