import Crypto
import ParleyCore

/// Short-lived server-issued tokens that let a Media Stream reach an agent.
///
/// The inbound-call webhook (whose Twilio signature was checked) issues a token bound to the
/// call SID, org and agent, and puts it in a `<Parameter>` of the `<Stream>`; Twilio hands it
/// back in `start.customParameters`. Nothing else in `customParameters` is trusted.
///
/// Format: `v1.` + base64url(claims) + `.` + base64url(HMAC-SHA256(key, domain ‖ claims)),
/// where claims are the call SID, org id, agent id, expiry and nonce joined by line breaks.
public struct StreamToken: Sendable {
    /// The `<Parameter>` name that carries the token.
    public static let parameterName = "token"
    private static let prefix = "v1."
    private static let domain = Array("parley.stream-token.v1\n".utf8)

    private let key: SymmetricKey
    private let previousKeys: [SymmetricKey]
    private let lifetimeSeconds: Int64
    private let clock: any WallClock

    /// Tokens are signed with `key`; ones signed with `previousKeys` still verify (key rotation).
    public init(key: SymmetricKey, previousKeys: [SymmetricKey] = [], lifetime: Duration = .seconds(60), clock: any WallClock) {
        self.key = key
        self.previousKeys = previousKeys
        lifetimeSeconds = max(1, lifetime.components.seconds)
        self.clock = clock
    }

    /// A new token for `callSid` to stream to `agentID` of `orgID`, valid for the lifetime.
    public func issue(callSid: String, orgID: String, agentID: String) throws(StreamTokenError) -> String {
        let claims = StreamTokenClaims(
            callSid: callSid, orgID: orgID, agentID: agentID,
            expiresAt: clock.nowSeconds() + lifetimeSeconds, nonce: SecureToken.random(bytes: 16))
        return try issue(claims)
    }

    /// A token carrying exactly `claims`.
    public func issue(_ claims: StreamTokenClaims) throws(StreamTokenError) -> String {
        for (name, value) in [("call SID", claims.callSid), ("org id", claims.orgID), ("agent id", claims.agentID), ("nonce", claims.nonce)] {
            guard !value.isEmpty, !value.utf8.contains(0x0A) else {
                throw StreamTokenError(.invalidClaims, "the \(name) must be non-empty and on one line")
            }
        }
        let payload = Array([claims.callSid, claims.orgID, claims.agentID, String(claims.expiresAt), claims.nonce].joined(separator: "\n").utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: Self.domain + payload, using: key)
        return Self.prefix + Base64.encode(payload, alphabet: .url) + "." + Base64.encode(mac, alphabet: .url)
    }

    /// The claims of `token` when it is authentic, unexpired and issued for `callSid`.
    ///
    /// Does not remember the token: pass the claims to a `StreamTokenReplayGuard` so it opens
    /// one stream only.
    public func verify(_ token: String, callSid: String) throws(StreamTokenError) -> StreamTokenClaims {
        let claims = try authenticate(token)
        guard clock.nowSeconds() < claims.expiresAt else {
            throw StreamTokenError(.expired, "the stream token expired at \(claims.expiresAt) (Unix time)")
        }
        guard claims.callSid == callSid else {
            throw StreamTokenError(.wrongCall, "the stream token was issued for another call than \(callSid.prefix(40))")
        }
        return claims
    }

    /// Checks the MAC (against every key, in constant time) before reading any claim.
    private func authenticate(_ token: String) throws(StreamTokenError) -> StreamTokenClaims {
        guard token.utf8.count < 2_048, token.hasPrefix(Self.prefix) else {
            throw StreamTokenError(.malformed, "not a Parley stream token")
        }
        let parts = token.dropFirst(Self.prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64.decode(String(parts[0]), alphabet: .url),
              let mac = Base64.decode(String(parts[1]), alphabet: .url), mac.count == SHA256.byteCount
        else {
            throw StreamTokenError(.malformed, "the stream token is not two base64url parts")
        }
        let signed = Self.domain + payload
        var valid = false
        for candidate in [key] + previousKeys {
            valid = HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: signed, using: candidate) || valid
        }
        guard valid else { throw StreamTokenError(.badSignature, "the stream token's signature does not verify") }
        let fields = payload.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard fields.count == 5, let expiresAt = Int64(fields[3]) else {
            throw StreamTokenError(.malformed, "the stream token's claims are incomplete")
        }
        return StreamTokenClaims(callSid: fields[0], orgID: fields[1], agentID: fields[2], expiresAt: expiresAt, nonce: fields[4])
    }
}
