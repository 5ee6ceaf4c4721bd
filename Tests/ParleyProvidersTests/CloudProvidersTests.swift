@testable import ParleyProviders
import ParleyVoice
import Testing

@Suite struct CloudProvidersTests {
    @Test func buildsTheNamedProvidersWithTheirOptions() throws {
        let credentials = ProviderCredentials(secrets: ["dg": "dg-key"], environment: ["ELEVENLABS_API_KEY": "xi-key"])
        let deepgram = try CloudProviders.speechToText(
            ProviderSelection("deepgram", options: ["apiKeySecret": "dg", "encoding": "mulaw", "model": "nova-2"]), credentials: credentials)
        #expect(deepgram?.name == "deepgram/nova-2")
        #expect(deepgram?.preferredSampleRates == [8_000])
        let openAI = try CloudProviders.speechToText(ProviderSelection("openai", options: ["model": "whisper-1"]), credentials: ProviderCredentials(environment: [:]))
        #expect(openAI?.name == "openai/whisper-1")
        let eleven = try CloudProviders.textToSpeech(ProviderSelection("elevenlabs", options: ["voiceId": "abc"]), credentials: credentials)
        #expect(eleven?.name == "elevenlabs/abc")
        let speech = try CloudProviders.textToSpeech(ProviderSelection("openai", options: ["voice": "nova"]), credentials: ProviderCredentials(environment: [:]))
        #expect(speech?.name == "openai/gpt-4o-mini-tts/nova")
        #expect(try CloudProviders.speechToText(ProviderSelection("parley-speech"), credentials: ProviderCredentials(environment: [:])) == nil)
        #expect(try CloudProviders.textToSpeech(ProviderSelection("flite"), credentials: ProviderCredentials(environment: [:])) == nil)
    }

    @Test(arguments: [
        ProviderSelection("deepgram", options: ["encoding": "opus"]),
        ProviderSelection("deepgram", options: ["baseURL": "https://api.deepgram.com/v1/listen"]),
        ProviderSelection("deepgram", options: ["sampleRate": 11_025]),
        ProviderSelection("deepgram", options: ["model": 3]),
        ProviderSelection("openai", options: ["baseURL": "ftp://example.com"]),
    ])
    func badSpeechToTextOptionsAreNamed(selection: ProviderSelection) {
        #expect(throws: ProviderError.self) { try CloudProviders.speechToText(selection, credentials: ProviderCredentials(environment: [:])) }
    }

    @Test func elevenLabsNeedsAVoice() {
        do {
            _ = try CloudProviders.textToSpeech(ProviderSelection("elevenlabs"), credentials: ProviderCredentials(environment: [:]))
            Issue.record("accepted a missing voiceId")
        } catch {
            #expect(error.code == .failed)
            #expect(error.message.contains("voiceId"))
        }
    }

    @Test func keysComeFromOrgSecretsAndTheOperatorsKeyNeverLeavesTheDefaultHost() throws {
        let operatorKey = ProviderCredentials(secrets: [:], environment: ["OPENAI_API_KEY": "sk-operator", "PARLEY_MASTER_KEY": "master"])
        func key(_ selection: ProviderSelection, _ credentials: ProviderCredentials) throws -> String? {
            try credentials.apiKey(selection, kind: "llm", defaultVariable: "OPENAI_API_KEY",
                                   usesDefaultBaseURL: selection.options?["baseURL"] == nil)
        }
        // The operator's key serves the default host only.
        #expect(try key(ProviderSelection("openai"), operatorKey) == "sk-operator")
        #expect(try key(ProviderSelection("openai", options: ["baseURL": "https://attacker.example/v1"]), operatorKey) == nil)
        // The org's own key goes wherever the agent says.
        let orgKey = ProviderCredentials(secrets: ["openai.api_key": "sk-org", "vendor.key": "sk-vendor"], environment: [:])
        #expect(try key(ProviderSelection("openai", options: ["baseURL": "https://vllm.example/v1"]), orgKey) == "sk-org")
        #expect(try key(ProviderSelection("openai", options: ["apiKeySecret": "vendor.key"]), orgKey) == "sk-vendor")
        // Naming a server environment variable is refused outright.
        #expect(throws: ProviderError.self) {
            try key(ProviderSelection("openai", options: ["apiKeyEnv": "PARLEY_MASTER_KEY"]), operatorKey)
        }
        #expect(throws: ProviderError.self) {
            try CloudProviders.speechToText(ProviderSelection("deepgram", options: ["apiKeyEnv": "PARLEY_MASTER_KEY"]), credentials: operatorKey)
        }
        let agent = try AgentConfiguration.load(json: #"""
            {"name": "A", "brain": {"type": "flow", "flow": {"start": "e", "nodes": [{"id": "e", "type": "end", "message": "Bye"}]}},
             "providers": {"stt": [{"provider": "deepgram"}, {"provider": "parley-speech"}],
                           "tts": [{"provider": "elevenlabs", "options": {"voiceId": "v", "apiKeySecret": "xi.prod"}}, {"provider": "flite"}]}}
            """#)
        #expect(ProviderCredentials.secretNames(for: agent) == ["deepgram.api_key", "xi.prod"])
    }
}
