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

    /// Starts the speech workers from `config.speechDir` (clear error when `make speech` was not run).
    public static func start(_ config: ParleyConfiguration, workers: Int? = nil, logger: Logger) async throws -> VoiceStack {
        let configuration = SpeechWorkerPool.Configuration(
            speechDirectory: config.speechDir, workers: workers ?? config.speechWorkers,
            quiet: logger.logLevel > .debug)
        let pool = try SpeechWorkerPool(configuration: configuration, group: MultiThreadedEventLoopGroup.singleton, logger: logger)
        try await pool.start()
        return VoiceStack(pool: pool, threadPool: NIOThreadPool.singleton)
    }

    /// Providers for one call with `agent`.
    public func providers(for agent: AgentConfiguration) throws -> CallEngine.Providers {
        let brain: any Brain
        switch agent.brain {
        case .flow:
            brain = FlowBrain(agent: agent)
        case .llm(let settings):
            guard let selection = agent.providers.llm.first else {
                throw ParleyError(.badRequest, "agent '\(agent.name)' has an llm brain but no providers.llm")
            }
            do {
                brain = try OpenAIChatBrain.configured(for: agent, settings: settings, selection: selection)
            } catch {
                throw ParleyError(.badRequest, error.description)
            }
        }
        var speech: [any TextToSpeech] = []
        for selection in agent.providers.tts {
            switch selection.provider {
            case "parley-speech": speech.append(WorkerTextToSpeech(pool: pool))
            case "flite": speech.append(try FliteTextToSpeech(voice: "slt", threadPool: threadPool))
            default: throw ParleyError(.badRequest, "unknown text-to-speech provider '\(selection.provider)'")
            }
        }
        // The call never goes silent: flite is always the last resort.
        if !speech.contains(where: { $0 is FliteTextToSpeech }) {
            speech.append(try FliteTextToSpeech(voice: "slt", threadPool: threadPool))
        }
        for selection in agent.providers.stt where selection.provider != "parley-speech" {
            throw ParleyError(.badRequest, "unknown speech-to-text provider '\(selection.provider)'")
        }
        let turn: (any TurnPredictor)? = agent.providers.turn.contains { $0.provider == "parley-speech" }
            ? WorkerTurnPredictor(pool: pool) : nil
        return CallEngine.Providers(
            speechToText: WorkerSpeechToText(pool: pool, model: pool.configuration.sttModel),
            textToSpeech: FallbackTextToSpeech(speech),
            turnPredictor: turn,
            brain: brain)
    }

    public func shutdown() async {
        await pool.shutdown()
    }
}
