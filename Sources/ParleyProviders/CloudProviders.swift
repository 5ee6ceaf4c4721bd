import Foundation
import ParleyVoice

/// Builds the cloud speech providers an agent's chains name, from their options; API keys come
/// from org secrets named by `apiKeySecret`, or the operator's environment variable with the
/// default base URL only (see `ProviderCredentials`).
///
/// - `stt` `openai`: `baseURL` (default `https://api.openai.com/v1`), `apiKeySecret` (default
///   `openai.api_key`; operator variable `OPENAI_API_KEY`), `model` (default `gpt-4o-mini-transcribe`),
///   `language` (default `en`).
/// - `stt` `deepgram`: `baseURL` (default `wss://api.deepgram.com/v1/listen`), `apiKeySecret`
///   (default `deepgram.api_key`; `DEEPGRAM_API_KEY`), `model` (default `nova-3`), `language`
///   (default `en`), `encoding` (`linear16`, default, or `mulaw`), `sampleRate` (default 16000, 8000 with mulaw).
/// - `tts` `openai`: `baseURL`, `apiKeySecret` (default `openai.api_key`; `OPENAI_API_KEY`), `model`
///   (default `gpt-4o-mini-tts`), `voice` (default `alloy`).
/// - `tts` `elevenlabs`: `voiceId` (required), `baseURL` (default `https://api.elevenlabs.io`),
///   `apiKeySecret` (default `elevenlabs.api_key`; `ELEVENLABS_API_KEY`), `modelId` (default `eleven_flash_v2_5`).
public enum CloudProviders {
    /// The speech-to-text provider `selection` names, or nil when it is not a cloud provider.
    public static func speechToText(
        _ selection: ProviderSelection, credentials: ProviderCredentials = ProviderCredentials()
    ) throws(ProviderError) -> (any SpeechToText)? {
        let options = ProviderOptions(selection, kind: "stt")
        switch selection.provider {
        case "openai":
            var configuration = OpenAISpeechToText.Configuration(apiKey: nil)
            let defaultBaseURL = configuration.baseURL
            configuration.baseURL = try options.baseURL(default: defaultBaseURL, schemes: ["http", "https"])
            configuration.apiKey = try options.apiKey(defaultVariable: "OPENAI_API_KEY", defaultBaseURL: defaultBaseURL, credentials: credentials)
            if let model = try options.string("model") { configuration.model = model }
            if let language = try options.string("language") { configuration.language = language }
            return OpenAISpeechToText(configuration: configuration)
        case "deepgram":
            var configuration = DeepgramSpeechToText.Configuration(apiKey: nil)
            let defaultBaseURL = configuration.baseURL
            configuration.baseURL = try options.baseURL(default: defaultBaseURL, schemes: ["ws", "wss"])
            configuration.apiKey = try options.apiKey(defaultVariable: "DEEPGRAM_API_KEY", defaultBaseURL: defaultBaseURL, credentials: credentials)
            if let model = try options.string("model") { configuration.model = model }
            if let language = try options.string("language") { configuration.language = language }
            if let encoding = try options.string("encoding") {
                guard let value = DeepgramSpeechToText.Configuration.Encoding(rawValue: encoding) else {
                    throw options.problem("encoding must be linear16 or mulaw (got '\(encoding)')")
                }
                configuration.encoding = value
                if value == .mulaw { configuration.sampleRate = 8_000 }
            }
            if let rate = try options.integer("sampleRate") {
                guard [8_000, 16_000, 24_000, 48_000].contains(rate) else {
                    throw options.problem("sampleRate must be 8000, 16000, 24000 or 48000")
                }
                configuration.sampleRate = rate
            }
            return DeepgramSpeechToText(configuration: configuration)
        default:
            return nil
        }
    }

    /// The text-to-speech provider `selection` names, or nil when it is not a cloud provider.
    public static func textToSpeech(
        _ selection: ProviderSelection, credentials: ProviderCredentials = ProviderCredentials()
    ) throws(ProviderError) -> (any TextToSpeech)? {
        let options = ProviderOptions(selection, kind: "tts")
        switch selection.provider {
        case "openai":
            var configuration = OpenAITextToSpeech.Configuration(apiKey: nil)
            let defaultBaseURL = configuration.baseURL
            configuration.baseURL = try options.baseURL(default: defaultBaseURL, schemes: ["http", "https"])
            configuration.apiKey = try options.apiKey(defaultVariable: "OPENAI_API_KEY", defaultBaseURL: defaultBaseURL, credentials: credentials)
            if let model = try options.string("model") { configuration.model = model }
            if let voice = try options.string("voice") { configuration.voice = voice }
            return OpenAITextToSpeech(configuration: configuration)
        case "elevenlabs":
            guard let voice = try options.string("voiceId"), !voice.isEmpty else {
                throw options.problem("voiceId is required (an ElevenLabs voice ID)")
            }
            var configuration = ElevenLabsTextToSpeech.Configuration(apiKey: nil, voiceID: voice)
            let defaultBaseURL = configuration.baseURL
            configuration.baseURL = try options.baseURL(default: defaultBaseURL, schemes: ["http", "https"])
            configuration.apiKey = try options.apiKey(defaultVariable: "ELEVENLABS_API_KEY", defaultBaseURL: defaultBaseURL, credentials: credentials)
            if let model = try options.string("modelId") { configuration.modelID = model }
            return ElevenLabsTextToSpeech(configuration: configuration)
        default:
            return nil
        }
    }
}
