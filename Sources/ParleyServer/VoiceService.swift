import AsyncHTTPClient
import Logging
import ParleyCore
import ParleyProviders
import ParleyVoice
import ServiceLifecycle
import Synchronization

/// Starts the offline speech workers in the background (so the server answers at once)
/// and stops them at shutdown. Calls that arrive before the workers are ready, or when
/// `make speech` was never run, are refused with a message saying so.
public final class VoiceService: Service, Sendable {
    private let config: ParleyConfiguration
    private let logger: Logger
    private let toolClient: HTTPClient
    private let state = Mutex<State>(.starting)

    enum State {
        case starting
        case ready(VoiceStack)
        case unavailable(String)
    }

    /// `toolClient` sends agent tool calls (the server's does not follow redirects).
    public init(config: ParleyConfiguration, toolClient: HTTPClient = .shared, logger: Logger) {
        self.config = config
        self.toolClient = toolClient
        self.logger = logger
    }

    /// Providers for a call with `agent`.
    public func providers(for agent: AgentConfiguration, tools: CallContext = CallContext()) throws -> CallEngine.Providers {
        switch state.withLock({ $0 }) {
        case .ready(let stack): return try stack.providers(for: agent, tools: tools)
        case .starting: throw ParleyError(.unavailable, "the speech workers are still starting; try again in a few seconds")
        case .unavailable(let reason): throw ParleyError(.unavailable, reason)
        }
    }

    public func run() async throws {
        do {
            let stack = try await VoiceStack.start(config, toolClient: toolClient, logger: logger)
            state.withLock { $0 = .ready(stack) }
            logger.notice("speech workers ready", metadata: ["workers": .stringConvertible(config.speechWorkers)])
        } catch {
            let reason = "offline speech is not available: \(error)"
            state.withLock { $0 = .unavailable(reason) }
            logger.warning("calls cannot run: offline speech is not available", metadata: ["error": .string("\(error)")])
        }
        try? await gracefulShutdown()
        if case .ready(let stack) = state.withLock({ $0 }) { await stack.shutdown() }
    }
}
