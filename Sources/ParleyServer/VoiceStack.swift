import AsyncHTTPClient
import Logging
import NIOPosix
import ParleyCore
import ParleyProviders
import ParleyVoice

/// The speech and brain providers for calls, chosen from an agent's provider
/// chains. Offline by default: Whisper, Piper and smart-turn in the speech
/// worker, flite in process when the worker can't speak.
public struct VoiceStack: Sendable {
    public let pool: SpeechWorkerPool
    public let threadPool: NIOThreadPool
    /// Which hosts agent tools may reach (`--allow-private-network-targets`).
    public let targetGuard: OutboundTargetGuard
    /// Sends agent tool calls; the server's does not follow redirects.
    public let toolClient: HTTPClient

    /// Starts the speech workers from `config.speechDir` (clear error when `make speech` was not run).
    public static func start(_ config: ParleyConfiguration, workers: Int? = nil, toolClient: HTTPClient = .shared,
                             logger: Logger) async throws -> VoiceStack {
        let configuration = SpeechWorkerPool.Configuration(
            speechDirectory: config.speechDir, workers: workers ?? config.speechWorkers,
            quiet: logger.logLevel > .debug)
        let pool = try SpeechWorkerPool(configuration: configuration, group: MultiThreadedEventLoopGroup.singleton, logger: logger)
        try await pool.start()
        return VoiceStack(pool: pool, threadPool: NIOThreadPool.singleton, targetGuard: OutboundTargetGuard(policy: config.outboundPolicy),
                          toolClient: toolClient)
    }

    /// Providers for one call with `agent`; `tools` carries what the agent's webhook tools
    /// need (without a signing secret they answer `not_configured`).
    public func providers(for agent: AgentConfiguration, tools: CallContext = CallContext()) throws -> CallEngine.Providers {
        let credentials = ProviderCredentials(secrets: tools.providerSecrets)
        let brain: any Brain
        let executor = agent.tools.isEmpty ? nil : HTTPToolExecutor(tools: agent.tools, context: tools, targetGuard: targetGuard, client: toolClient)
        switch agent.brain {
        case .flow:
            brain = FlowBrain(agent: agent, tools: executor?.flowToolRunner)
        case .llm(let settings):
            guard !agent.providers.llm.isEmpty else {
                throw ParleyError(.badRequest, "agent '\(agent.name)' has an llm brain but no providers.llm")
            }
            var brains: [any Brain] = []
            for selection in agent.providers.llm {
                do {
                    brains.append(try OpenAIChatBrain.configured(for: agent, settings: settings, selection: selection, credentials: credentials,
                                                                 tools: executor))
                } catch {
                    throw ParleyError(.badRequest, error.description)
                }
            }
            brain = brains.count == 1 ? brains[0] : FallbackBrain(brains)
        }
        var speech: [any TextToSpeech] = []
        for selection in agent.providers.tts {
            switch selection.provider {
            case "parley-speech": speech.append(WorkerTextToSpeech(pool: pool))
            case "flite": speech.append(try FliteTextToSpeech(voice: "slt", threadPool: threadPool))
            default:
                guard let cloud = try Self.cloudSynthesiser(selection, credentials: credentials) else {
                    throw ParleyError(.badRequest, "unknown text-to-speech provider '\(selection.provider)'")
                }
                speech.append(cloud)
            }
        }
        // The call never goes silent: flite is always the last resort.
        if !speech.contains(where: { $0 is FliteTextToSpeech }) {
            speech.append(try FliteTextToSpeech(voice: "slt", threadPool: threadPool))
        }
        var recognisers: [any SpeechToText] = []
        for selection in agent.providers.stt {
            if selection.provider == "parley-speech" {
                recognisers.append(WorkerSpeechToText(pool: pool, model: pool.configuration.sttModel))
            } else if let cloud = try Self.cloudRecogniser(selection, credentials: credentials) {
                // The socket opens while the greeting plays, so the first answer skips the handshake.
                (cloud as? DeepgramSpeechToText)?.connect()
                recognisers.append(cloud)
            } else {
                throw ParleyError(.badRequest, "unknown speech-to-text provider '\(selection.provider)'")
            }
        }
        if recognisers.isEmpty { recognisers.append(WorkerSpeechToText(pool: pool, model: pool.configuration.sttModel)) }
        let turn: (any TurnPredictor)? = agent.providers.turn.contains { $0.provider == "parley-speech" }
            ? WorkerTurnPredictor(pool: pool) : nil
        return CallEngine.Providers(
            speechToText: recognisers.count == 1 ? recognisers[0] : FallbackSpeechToText(recognisers),
            textToSpeech: FallbackTextToSpeech(speech),
            turnPredictor: turn,
            brain: brain)
    }

    /// A cloud speech-to-text provider; its configuration problems are bad requests.
    private static func cloudRecogniser(_ selection: ProviderSelection, credentials: ProviderCredentials) throws -> (any SpeechToText)? {
        do {
            return try CloudProviders.speechToText(selection, credentials: credentials)
        } catch {
            throw ParleyError(.badRequest, "\(error)")
        }
    }

    /// A cloud text-to-speech provider; its configuration problems are bad requests.
    private static func cloudSynthesiser(_ selection: ProviderSelection, credentials: ProviderCredentials) throws -> (any TextToSpeech)? {
        do {
            return try CloudProviders.textToSpeech(selection, credentials: credentials)
        } catch {
            throw ParleyError(.badRequest, "\(error)")
        }
    }

    public func shutdown() async {
        await pool.shutdown()
    }
}
