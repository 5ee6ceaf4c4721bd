import ParleyVoice

/// An agent as stored for an org: a unique handle (`name`, e.g. `demo`), the current
/// version number and its configuration. Versions start at 1 and grow with each update.
public struct StoredAgent: Sendable, Equatable {
    public var id: String
    public var orgID: String
    /// Handle used to find the agent (`parley call --agent demo`); the persona's own
    /// name is `configuration.name`.
    public var name: String
    public var version: Int
    public var configuration: AgentConfiguration
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: String, orgID: String, name: String, version: Int, configuration: AgentConfiguration,
                createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.name = name
        self.version = version
        self.configuration = configuration
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
