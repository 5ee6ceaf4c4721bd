@testable import ParleyProviders
import ParleyVoice
import Testing

@Suite struct CloudProvidersTests {
    @Test func buildsTheNamedProvidersWithTheirOptions() throws {
        let environment = ["DG": "dg-key", "ELEVENLABS_API_KEY": "xi-key"]
        let deepgram = try CloudProviders.speechToText(
            ProviderSelection("deepgram", options: ["apiKeyEnv": "DG", "encoding": "mulaw", "model": "nova-2"]), environment: environment)
        #expect(deepgram?.name == "deepgram/nova-2")
        #expect(deepgram?.preferredSampleRates == [8_000])
        let openAI = try CloudProviders.speechToText(ProviderSelection("openai", options: ["model": "whisper-1"]), environment: [:])
        #expect(openAI?.name == "openai/whisper-1")
        let eleven = try CloudProviders.textToSpeech(ProviderSelection("elevenlabs", options: ["voiceId": "abc"]), environment: environment)
        #expect(eleven?.name == "elevenlabs/abc")
        let speech = try CloudProviders.textToSpeech(ProviderSelection("openai", options: ["voice": "nova"]), environment: [:])
        #expect(speech?.name == "openai/gpt-4o-mini-tts/nova")
        #expect(try CloudProviders.speechToText(ProviderSelection("parley-speech"), environment: [:]) == nil)
        #expect(try CloudProviders.textToSpeech(ProviderSelection("flite"), environment: [:]) == nil)
    }

    @Test(arguments: [
        ProviderSelection("deepgram", options: ["encoding": "opus"]),
        ProviderSelection("deepgram", options: ["baseURL": "https://api.deepgram.com/v1/listen"]),
        ProviderSelection("deepgram", options: ["sampleRate": 11_025]),
        ProviderSelection("deepgram", options: ["model": 3]),
        ProviderSelection("openai", options: ["baseURL": "ftp://example.com"]),
    ])
    func badSpeechToTextOptionsAreNamed(selection: ProviderSelection) {
        #expect(throws: ProviderError.self) { try CloudProviders.speechToText(selection, environment: [:]) }
    }

    @Test func elevenLabsNeedsAVoice() {
        do {
            _ = try CloudProviders.textToSpeech(ProviderSelection("elevenlabs"), environment: [:])
            Issue.record("accepted a missing voiceId")
        } catch {
            #expect(error.code == .failed)
            #expect(error.message.contains("voiceId"))
        }
    }
}
