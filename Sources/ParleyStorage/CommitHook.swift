import SQLKit

/// Work that must commit together with a change: it runs inside the task's write transaction,
/// just before COMMIT, so both are committed or neither is. The audit log uses it to put a
/// request's audit event into the same transaction as the change the request makes.
///
/// Bind one with `CommitHook.$current.withValue(hook) { … }`; every `Database.transaction` the
/// task (and its child tasks) runs calls `beforeCommit` and, after a successful COMMIT,
/// `didCommit`. Read-only transactions do not call it.
public protocol CommitHooking: AnyObject, Sendable {
    /// Runs inside the transaction; throwing rolls the whole transaction back.
    func beforeCommit(_ db: any SQLDatabase) async throws
    /// The transaction that ran `beforeCommit` is committed.
    func didCommit()
}

public enum CommitHook {
    @TaskLocal public static var current: (any CommitHooking)?
}

extension CommitHook {
    /// Runs `body` with no hook bound: for bookkeeping transactions (key creation, idempotency
    /// records, the audit log's own writes) that are not the change a request makes.
    public static func suspended<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        try await $current.withValue(nil) { try await body() }
    }
}
