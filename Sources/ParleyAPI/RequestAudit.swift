import ParleyAudit
import ParleyStorage
import SQLKit
import Synchronization

/// The audit event of one mutating request. Bound as the request's commit hook, it is written
/// inside the transaction that commits the request's change, so the change and its audit entry
/// are committed together or not at all (outcome `success:committed`). A request that commits
/// nothing (refused, invalid, replayed) is recorded after the response with its status.
final class RequestAudit: CommitHooking {
    enum Phase { case open, writing, committed, closed }

    struct State {
        var event: AuditEvent
        var phase = Phase.open
    }

    /// The outcome of an event written with the change it records.
    static let committedOutcome = "success:committed"

    /// The audit of the request the current task serves, if it is a mutating one.
    static var current: RequestAudit? { CommitHook.current as? RequestAudit }

    let log: AuditLog
    private let state: Mutex<State>

    init(log: AuditLog, event: AuditEvent) {
        self.log = log
        state = Mutex(State(event: event))
    }

    /// Names who acts, for requests identified inside the handler (dashboard sessions).
    func identify(orgID: String?, actor: String) {
        state.withLock { state in
            state.event.orgID = orgID
            state.event.actor = actor
        }
    }

    func beforeCommit(_ db: any SQLDatabase) async throws {
        let event = state.withLock { state -> AuditEvent? in
            guard state.phase == .open else { return nil }
            state.phase = .writing
            var event = state.event
            event.outcome = Self.committedOutcome
            return event
        }
        guard let event else { return }
        do {
            try await log.record(event, in: db)
        } catch {
            state.withLock { $0.phase = .open }
            throw error
        }
    }

    func didCommit() {
        state.withLock { state in
            if state.phase == .writing { state.phase = .committed }
        }
    }

    /// Ends the request: returns the event still to be recorded (with `outcome`), or nil when it
    /// was committed with the change. Later transactions of tasks the request started no longer
    /// carry it.
    func close(outcome: String) -> AuditEvent? {
        state.withLock { state in
            defer { state.phase = .closed }
            guard state.phase != .committed else { return nil }
            var event = state.event
            event.outcome = outcome
            return event
        }
    }
}
