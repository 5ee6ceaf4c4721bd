/// One forward-only schema step owned by a domain module.
///
/// `statements` returns plain DDL for the flavor (no user input ever reaches it).
public struct Migration: Sendable {
    public let module: String
    public let version: Int
    public let name: String
    public let statements: @Sendable (DatabaseFlavor) -> [String]

    public init(module: String, version: Int, name: String, statements: @escaping @Sendable (DatabaseFlavor) -> [String]) {
        self.module = module
        self.version = version
        self.name = name
        self.statements = statements
    }

    /// The same DDL on both engines.
    public init(module: String, version: Int, name: String, sql: [String]) {
        self.init(module: module, version: version, name: name, statements: { _ in sql })
    }
}
