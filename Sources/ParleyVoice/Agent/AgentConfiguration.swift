import Foundation

/// Everything that defines a voice agent. Decoded from JSON with documented defaults for
/// every field but `name` and `brain`; see docs/flows.md.
public struct AgentConfiguration: Sendable, Equatable, Codable {
    /// Name the agent introduces itself with.
    public var name: String
    /// The business the agent answers for, used in the AI disclosure (optional).
    public var organisation: String?
    /// BCP-47 language tag (default "en-US").
    public var language: String
    /// TTS voice name understood by the TTS providers (provider default when nil).
    public var voice: String?
    /// Said when the call connects, before the brain runs (flows usually greet themselves).
    public var firstMessage: String?
    public var brain: AgentBrain
    public var providers: ProviderChains
    /// Caller phrases that end the call politely (matched as whole normalised phrases).
    public var endCallPhrases: [String]
    public var silence: SilenceSettings
    /// Hard limit on call length (default 1800 s).
    public var maxDurationSeconds: Int
    public var interruptions: InterruptionSettings
    public var endpointing: EndpointingSettings
    /// Per-call variables with defaults, available to flow templates.
    public var variables: [String: JSONValue]
    /// The answer to "are you an AI?"; may use {{agent_name}} and {{organisation}}.
    /// It can be reworded but never disabled, and must say the agent is an AI.
    public var aiDisclosure: String
    /// Whether calls are recorded (default false).
    public var recordingEnabled: Bool
    /// HTTP webhook tools an LLM brain may call (default none).
    public var tools: [AgentTool]
    /// Named transfer destinations (default none).
    public var transferTargets: [TransferTarget]
    /// Redaction of stored transcripts and recordings (default off; stored, not yet applied).
    public var piiRedaction: PIIRedactionSettings
    /// Said first on every outbound call; may use {{agent_name}}, {{organisation}} and
    /// {{organisation_suffix}}. Can be reworded, never disabled, and must say it is an AI.
    public var outboundDisclosure: String
    /// Said at the start of every recorded call (after the outbound disclosure).
    public var recordingDisclosure: String

    public static let defaultAIDisclosure =
        "Yes, I'm {{agent_name}}, an AI voice assistant{{organisation_suffix}}. I can help you right here, or connect you with a person if you prefer."
    public static let defaultOutboundDisclosure = "Hi, this is {{agent_name}}, an AI assistant calling{{organisation_suffix}}."
    public static let defaultRecordingDisclosure = "This call is recorded."

    public init(name: String, brain: AgentBrain) {
        self.name = name
        self.organisation = nil
        self.language = "en-US"
        self.voice = nil
        self.firstMessage = nil
        self.brain = brain
        self.providers = .default
        self.endCallPhrases = []
        self.silence = .default
        self.maxDurationSeconds = 1800
        self.interruptions = .default
        self.endpointing = .default
        self.variables = [:]
        self.aiDisclosure = AgentConfiguration.defaultAIDisclosure
        self.recordingEnabled = false
        self.tools = []
        self.transferTargets = []
        self.piiRedaction = .default
        self.outboundDisclosure = AgentConfiguration.defaultOutboundDisclosure
        self.recordingDisclosure = AgentConfiguration.defaultRecordingDisclosure
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decode(String.self, forKey: .name),
                  brain: try container.decode(AgentBrain.self, forKey: .brain))
        organisation = try container.decodeIfPresent(String.self, forKey: .organisation)
        language = try container.decodeIfPresent(String.self, forKey: .language) ?? language
        voice = try container.decodeIfPresent(String.self, forKey: .voice)
        firstMessage = try container.decodeIfPresent(String.self, forKey: .firstMessage)
        providers = try container.decodeIfPresent(ProviderChains.self, forKey: .providers) ?? providers
        endCallPhrases = try container.decodeIfPresent([String].self, forKey: .endCallPhrases) ?? endCallPhrases
        silence = try container.decodeIfPresent(SilenceSettings.self, forKey: .silence) ?? silence
        maxDurationSeconds = try container.decodeIfPresent(Int.self, forKey: .maxDurationSeconds) ?? maxDurationSeconds
        interruptions = try container.decodeIfPresent(InterruptionSettings.self, forKey: .interruptions) ?? interruptions
        endpointing = try container.decodeIfPresent(EndpointingSettings.self, forKey: .endpointing) ?? endpointing
        variables = try container.decodeIfPresent([String: JSONValue].self, forKey: .variables) ?? variables
        aiDisclosure = try container.decodeIfPresent(String.self, forKey: .aiDisclosure) ?? aiDisclosure
        recordingEnabled = try container.decodeIfPresent(Bool.self, forKey: .recordingEnabled) ?? recordingEnabled
        tools = try container.decodeIfPresent([AgentTool].self, forKey: .tools) ?? tools
        transferTargets = try container.decodeIfPresent([TransferTarget].self, forKey: .transferTargets) ?? transferTargets
        piiRedaction = try container.decodeIfPresent(PIIRedactionSettings.self, forKey: .piiRedaction) ?? piiRedaction
        outboundDisclosure = try container.decodeIfPresent(String.self, forKey: .outboundDisclosure) ?? outboundDisclosure
        recordingDisclosure = try container.decodeIfPresent(String.self, forKey: .recordingDisclosure) ?? recordingDisclosure
    }

    /// Decodes and validates an agent from JSON; throws with every problem found.
    public static func load(json: String) throws(AgentConfigurationError) -> AgentConfiguration {
        let configuration: AgentConfiguration
        do {
            configuration = try JSONDecoder().decode(AgentConfiguration.self, from: Data(json.utf8))
        } catch {
            let problem = DecodingProblem(error, json: Data(json.utf8))
            throw AgentConfigurationError(
                code: .malformedJSON, message: "agent configuration JSON is malformed: \(problem.message)",
                problems: [AgentConfigurationProblem(field: problem.path, problem.message)])
        }
        try configuration.validate()
        return configuration
    }

    /// Names of the agents that ship with Parley (`demo`).
    public static var builtInNames: [String] { BuiltInAgents.json.keys.sorted() }

    /// A built-in agent by name (`demo`), decoded and validated.
    public static func builtIn(named name: String) throws(AgentConfigurationError) -> AgentConfiguration {
        guard let json = BuiltInAgents.json[name] else {
            throw AgentConfigurationError(
                code: .unknownBuiltIn,
                message: "no built-in agent named '\(name)'; available: \(BuiltInAgents.json.keys.sorted().joined(separator: ", "))",
                problems: [])
        }
        return try load(json: json)
    }

    /// The truthful answer to "are you an AI?", with the agent's name and organisation.
    public var aiDisclosureAnswer: String {
        TemplateRenderer.render(aiDisclosure, variables: disclosureVariables)
    }

    /// Variables of the disclosure texts: `agent_name`, `organisation` and
    /// `organisation_suffix` (" for <organisation>" or nothing).
    var disclosureVariables: [String: JSONValue] {
        let suffix = organisation.map { $0.isEmpty ? "" : " for \($0)" } ?? ""
        return [
            "agent_name": .string(name), "organisation": .string(organisation ?? ""),
            "organisation_suffix": .string(suffix),
        ]
    }

    /// Variables every flow of this agent can use: `agent_name` and `organisation`.
    public var builtInVariables: [String: JSONValue] {
        ["agent_name": .string(name), "organisation": .string(organisation ?? "")]
    }

    /// A runner for this agent's flow brain (nil for an LLM brain). Variables: built-ins,
    /// then the agent's defaults, then the flow's defaults, then `callVariables`.
    public func makeFlowRunner(callVariables: [String: JSONValue] = [:], now: Date,
                               timeZone: TimeZone = .gmt) -> FlowRunner? {
        guard case .flow(let flow) = brain else { return nil }
        let base = builtInVariables.merging(variables) { _, agent in agent }
            .merging(flow.variables ?? [:]) { _, flowDefault in flowDefault }
            .merging(callVariables) { _, call in call }
        return FlowRunner(flow: flow, variables: base, now: now, timeZone: timeZone)
    }

    /// Whether the caller's utterance is one of `endCallPhrases`, or contains one.
    public func isEndCallPhrase(_ utterance: String) -> Bool {
        let tokens = TextNormalizer.tokens(utterance)
        return endCallPhrases.contains { phrase in
            let phraseTokens = TextNormalizer.tokens(phrase)
            return !phraseTokens.isEmpty && IntentMatcher.contains(tokens, phraseTokens)
        }
    }
}
