import ArgumentParser
import Foundation
import ParleyAudio
import ParleyCalls
import ParleyCore
import ParleyServer
import ParleyVoice

struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Run a whole call offline: a caller recording in, the stereo conversation out.",
        discussion: """
            Plays the caller WAV to the agent as a live call (real time, or faster with --fast), \
            writes the conversation as a stereo WAV (caller left, agent right), and prints the \
            transcript and each turn's latency: end of caller speech → endpoint → STT final → \
            first brain output → first TTS audio → first frame out.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "Agent: a stored agent's name or id (every data dir has 'demo').") var agent: String?
    @Option(help: "Organization id of a stored agent (default: the default organization).") var org: String?
    @Option(name: .customLong("agent-file"), help: "Agent configuration JSON (see docs/flows.md).") var agentFile: String?
    @Option(help: "Caller audio (WAV: PCM16, μ-law, A-law or float; any channel count).") var input: String
    @Option(help: "Where to write the conversation (stereo WAV).") var output: String
    @Flag(help: "Skip idle time instead of playing in real time (provider latency stays real).") var fast = false
    @Option(name: .customLong("sample-rate"), help: "Call audio rate: 8000 (phone, G.711 μ-law) or 16000 (wideband).")
    var sampleRate: Int = 8_000
    @Option(name: .customLong("var"), help: "A per-call variable, name=value (repeatable).") var variables: [String] = []

    func validate() throws {
        guard (agent == nil) != (agentFile == nil) else {
            throw ValidationError("give exactly one of --agent or --agent-file")
        }
        guard [8_000, 16_000].contains(sampleRate) else {
            throw ValidationError("--sample-rate must be 8000 or 16000")
        }
        for variable in variables where !variable.contains("=") {
            throw ValidationError("--var takes name=value (got '\(variable)')")
        }
    }

    func run() async throws {
        let config = try options.resolve()
        let logger = options.logger(config)
        let agentConfiguration: AgentConfiguration
        let caller: [Int16]
        do {
            let db = try await ParleyServer.openDatabase(config, logger: logger)
            let (agent, org) = (self.agent, self.org)
            let stored = try await db.withRunning { () async throws -> StoredAgent? in
                try await ParleyServer.prepare(db, config: config, clock: SystemWallClock(), logger: logger)
                guard let agent else { return nil }
                let orgID = try await AdminContext.organization(db, org: org)
                return try await AgentCommand.require(AgentRepository(database: db, clock: SystemWallClock()), agent, org: orgID)
            }
            agentConfiguration = try stored?.configuration ?? loadAgentFile()
            caller = try CallerRecording.load(path: input, callRate: sampleRate)
        } catch {
            throw fail(error)
        }

        let stack: VoiceStack
        do {
            stack = try await VoiceStack.start(config, workers: min(config.speechWorkers, 2), logger: logger)
        } catch {
            throw fail(error)
        }
        let report = CallReport(sampleRate: sampleRate)
        do {
            let engine = try CallEngine(
                session: CallSessionConfiguration(agent: agentConfiguration, sampleRate: sampleRate),
                providers: try stack.providers(for: agentConfiguration),
                detector: try VoiceActivityEstimator(sampleRate: sampleRate),
                variables: parsedVariables(),
                screen: { agentConfiguration.screen($0) })
            let runner = OfflineCallRunner(engine: engine, realTime: !fast)
            runner.onTranscript = { report.printLine($0) }
            report.printHeader(agent: agentConfiguration, stack: stack, fast: fast)
            let result = await runner.run(caller: caller)
            await stack.shutdown()
            report.printSummary(result)
            let wav = try WAVFile(sampleRate: sampleRate, channelCount: 2, samples: result.stereo)
            try Data(wav.encoded()).write(to: URL(fileURLWithPath: output))
            print("wrote \(output) (stereo \(sampleRate) Hz, caller left, agent right, \(String(format: "%.1f", Double(result.durationMilliseconds) / 1000)) s)")
        } catch {
            await stack.shutdown()
            throw fail(error)
        }
    }

    private func loadAgentFile() throws -> AgentConfiguration {
        guard let agentFile else { throw ParleyError(.badRequest, "give --agent or --agent-file") }
        guard let data = FileManager.default.contents(atPath: agentFile) else {
            throw ParleyError(.badRequest, "cannot read agent file \(agentFile)")
        }
        do {
            return try AgentConfiguration.load(json: String(decoding: data, as: UTF8.self))
        } catch {
            throw ParleyError(.validationFailed, "\(agentFile): \(error.description)")
        }
    }

    private func parsedVariables() -> [String: String] {
        var result: [String: String] = [:]
        for variable in variables {
            let parts = variable.split(separator: "=", maxSplits: 1)
            result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return result
    }
}
