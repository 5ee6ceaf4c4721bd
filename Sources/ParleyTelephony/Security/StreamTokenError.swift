/// Why a stream token was refused (or could not be issued).
public struct StreamTokenError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// Missing, truncated or not in the token format.
        case malformed = "token_malformed"
        /// The MAC does not verify: forged, tampered with, or made with another key.
        case badSignature = "token_bad_signature"
        /// Past its expiry.
        case expired = "token_expired"
        /// Issued for another call than the stream's.
        case wrongCall = "token_wrong_call"
        /// Already used to open a stream.
        case replayed = "token_replayed"
        /// The replay guard is full of live tokens; refusing is the safe answer.
        case replayGuardFull = "token_replay_guard_full"
        /// A claim cannot be put in a token (empty, or holds a line break).
        case invalidClaims = "token_invalid_claims"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
