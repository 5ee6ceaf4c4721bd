import ParleyCore

extension MediaSettings {
    /// Takes a call slot for `org`, or refuses with `unavailable` (the transport answers busy).
    func admitCall(org: String) throws {
        guard admission.admit(org: org) else {
            metrics?.callRefused()
            throw ParleyError(.unavailable, "busy: the node or the organization is at its call limit")
        }
        metrics?.callStarted(active: admission.activeCalls)
    }

    /// Gives back the slot `admitCall` took.
    func releaseCall(org: String) {
        admission.release(org: org)
        metrics?.callEnded(active: admission.activeCalls)
    }
}
