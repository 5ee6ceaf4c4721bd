import AsyncHTTPClient
import Foundation
import NIOCore
import ParleyAudio
import ParleyVoice

/// Speech recognition over an OpenAI-compatible `POST /audio/transcriptions` API (OpenAI,
/// Groq, whisper.cpp or vLLM servers): each utterance is uploaded as a WAV file in a
/// multipart form and answered with `{"text": …}`.
public struct OpenAISpeechToText: SpeechToText {
    public struct Configuration: Sendable {
        /// API root, default `https://api.openai.com/v1`.
        public var baseURL = "https://api.openai.com/v1"
        public var apiKey: String?
        /// Default `gpt-4o-mini-transcribe`.
        public var model = "gpt-4o-mini-transcribe"
        /// ISO-639-1 language hint, default `en`; nil lets the model detect it.
        public var language: String? = "en"
        /// Rate of the uploaded WAV. Default 16 kHz (what Whisper-family models use).
        public var sampleRate = 16_000
        /// Longest wait for the answer. Default 1.5 s: under the session's 2 s, so a fallback
        /// recogniser can still answer.
        public var requestTimeout: Duration = .milliseconds(1_500)

        public init(apiKey: String?) {
            self.apiKey = apiKey
        }
    }

    private struct Answer: Decodable {
        var text: String
    }

    public let name: String
    public let preferredSampleRates: [Int]
    private let configuration: Configuration
    private let client: HTTPClient

    public init(configuration: Configuration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
        preferredSampleRates = [configuration.sampleRate]
        name = "openai/\(configuration.model)"
    }

    public func transcribe(_ audio: AudioBuffer, context: String) async throws -> Transcription {
        let input = audio.resampled(to: configuration.sampleRate)
        guard !input.samples.isEmpty else { return Transcription(text: "") }
        let provider = name
        let wav: [UInt8]
        do {
            wav = try WAVFile(sampleRate: input.sampleRate, channelCount: 1, samples: input.samples).encoded()
        } catch {
            throw ProviderError(.failed, provider: provider, "could not encode the audio: \(error)")
        }
        var form = MultipartFormData(boundary: "parley-\(UUID().uuidString)")
        form.addFile("file", filename: "utterance.wav", contentType: "audio/wav", data: wav)
        form.addField("model", configuration.model)
        form.addField("response_format", "json")
        if let language = configuration.language { form.addField("language", language) }
        // The agent's last words help the model expect the caller's (a documented `prompt` use).
        let prompt = context.trimmingWhitespace()
        if !prompt.isEmpty { form.addField("prompt", String(prompt.suffix(1_000))) }

        var request = HTTPClientRequest(url: configuration.baseURL.trimmingSuffix("/") + "/audio/transcriptions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: form.contentType)
        if let key = configuration.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        request.body = .bytes(ByteBuffer(bytes: form.finished()))
        let client = self.client
        let prepared = request
        let timeout = configuration.requestTimeout
        do {
            return try await ResponseWatchdog.watch(provider: provider, firstByte: timeout, idle: timeout) { progress in
                // Never touched: the whole exchange must fit in `timeout`.
                _ = progress
                let response = try await client.execute(prepared, timeout: .minutes(5))
                let body = try await response.body.collect(upTo: 1 << 20)
                guard response.status == .ok else {
                    throw HTTPProviderError.from(status: response.status, body: body, provider: provider)
                }
                guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(body.readableBytesView)) else {
                    throw ProviderError(
                        .protocolViolation, provider: provider,
                        "unreadable transcription: \(String(decoding: body.readableBytesView.prefix(200), as: UTF8.self))")
                }
                return Transcription(text: answer.text.trimmingWhitespace())
            }
        } catch {
            throw HTTPProviderError.transport(error, provider: provider)
        }
    }
}
