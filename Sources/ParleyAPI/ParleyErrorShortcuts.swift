import ParleyCore

enum ParleyErrorShortcuts {
    static let unauthenticated = ParleyError(.unauthorized, "authentication required: send 'Authorization: Bearer <API key>'")
}
