import AsyncHTTPClient
import Foundation
import NIOCore
import ParleyVoice

/// ElevenLabs streaming speech synthesis (`POST /v1/text-to-speech/{voice_id}/stream`).
///
/// Asks for raw audio the call can use directly: `ulaw_8000` for 8 kHz (μ-law) calls, decoded
/// with G.711, else 16-bit PCM at the nearest offered rate (`pcm_16000`, `pcm_22050`,
/// `pcm_24000`). Chunks are yielded as they arrive.
public struct ElevenLabsTextToSpeech: TextToSpeech {
    public struct Configuration: Sendable {
        /// Default `https://api.elevenlabs.io`.
        public var baseURL = "https://api.elevenlabs.io"
        /// Sent as the `xi-api-key` header.
        public var apiKey: String?
        public var voiceID: String
        /// Default `eleven_flash_v2_5` (the low-latency model).
        public var modelID = "eleven_flash_v2_5"
        /// Longest wait for the first audio bytes. Default 3 s.
        public var firstAudioTimeout: Duration = .seconds(3)
        /// Longest gap once audio streams. Default 3 s.
        public var idleTimeout: Duration = .seconds(3)

        public init(apiKey: String?, voiceID: String) {
            self.apiKey = apiKey
            self.voiceID = voiceID
        }
    }

    /// An `output_format` value and what it decodes to.
    struct OutputFormat: Sendable, Equatable {
        var name: String
        var sampleRate: Int
        var encoding: StreamedAudioDecoder.Encoding

        static func best(for preferredSampleRate: Int) -> OutputFormat {
            if preferredSampleRate == 8_000 { return OutputFormat(name: "ulaw_8000", sampleRate: 8_000, encoding: .muLaw) }
            let rate = [16_000, 22_050, 24_000].first { $0 >= preferredSampleRate } ?? 24_000
            return OutputFormat(name: "pcm_\(rate)", sampleRate: rate, encoding: .pcm16LittleEndian)
        }
    }

    public let name: String
    private let configuration: Configuration
    private let client: HTTPClient

    public init(configuration: Configuration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
        name = "elevenlabs/\(configuration.voiceID)"
    }

    public func synthesize(_ text: String, preferredSampleRate: Int) -> AsyncThrowingStream<AudioBuffer, any Error> {
        let format = OutputFormat.best(for: preferredSampleRate)
        let voice = configuration.voiceID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? configuration.voiceID
        var request = HTTPClientRequest(
            url: configuration.baseURL.trimmingSuffix("/") + "/v1/text-to-speech/\(voice)/stream?output_format=\(format.name)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let key = configuration.apiKey { request.headers.add(name: "xi-api-key", value: key) }
        let body = ["text": text, "model_id": configuration.modelID]
        request.body = .bytes(ByteBuffer(bytes: (try? JSONEncoder().encode(body)) ?? Data()))
        return HTTPAudioStream.stream(
            request, client: client, provider: name, sampleRate: format.sampleRate, encoding: format.encoding,
            firstByte: configuration.firstAudioTimeout, idle: configuration.idleTimeout)
    }
}
