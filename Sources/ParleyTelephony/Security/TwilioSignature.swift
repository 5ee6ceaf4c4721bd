import Crypto

/// Twilio's request signature (`X-Twilio-Signature`): base64 of HMAC-SHA1, keyed with the
/// account's auth token, over the full URL Twilio requested followed by every POST parameter's
/// name and value, sorted by name. WebSocket upgrades of Media Streams sign the URL alone.
public struct TwilioSignature: Sendable {
    /// The header Twilio puts the signature in.
    public static let headerName = "X-Twilio-Signature"

    private let key: SymmetricKey

    /// `authToken` is the Twilio account's auth token (one org's secret).
    public init(authToken: String) {
        key = SymmetricKey(data: Array(authToken.utf8))
    }

    /// The signature Twilio would send for a POST of `parameters` (decoded form fields) to `url`.
    public func signature(url: String, parameters: [(name: String, value: String)] = []) -> String {
        Base64.encode(mac(url: url, parameters: parameters))
    }

    /// True when `signature` matches; compared in constant time. Also accepts Twilio's known
    /// variants of the same URL with the scheme's default port written out or left off.
    public func isValid(_ signature: String?, url: String, parameters: [(name: String, value: String)] = []) -> Bool {
        guard let signature, let provided = Base64.decode(signature), provided.count == Insecure.SHA1.byteCount else {
            return false
        }
        var valid = false
        for candidate in Self.urlVariants(url) {
            // No early exit: every variant costs the same whatever matched.
            let data = Self.signedBytes(url: candidate, parameters: parameters)
            valid = HMAC<Insecure.SHA1>.isValidAuthenticationCode(provided, authenticating: data, using: key) || valid
        }
        return valid
    }

    /// Throws unless `signature` is a valid signature of the request.
    public func verify(_ signature: String?, url: String, parameters: [(name: String, value: String)] = []) throws(TwilioSignatureError) {
        guard let signature, !signature.isEmpty else {
            throw TwilioSignatureError(.missing, "the request has no \(Self.headerName) header")
        }
        guard isValid(signature, url: url, parameters: parameters) else {
            throw TwilioSignatureError(.mismatch, "\(Self.headerName) does not match the request to \(url)")
        }
    }

    /// Checks a Media Streams WebSocket upgrade, which Twilio signs over the wss URL only.
    public func verifyWebSocketUpgrade(_ signature: String?, url: String) throws(TwilioSignatureError) {
        try verify(signature, url: url, parameters: [])
    }

    private func mac(url: String, parameters: [(name: String, value: String)]) -> [UInt8] {
        Array(HMAC<Insecure.SHA1>.authenticationCode(for: Self.signedBytes(url: url, parameters: parameters), using: key))
    }

    /// URL, then name+value of each parameter, sorted by name (bytewise; equal names by value).
    static func signedBytes(url: String, parameters: [(name: String, value: String)]) -> [UInt8] {
        let sorted = parameters.sorted { lhs, rhs in
            if lhs.name != rhs.name { return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) }
            return lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        var bytes = Array(url.utf8)
        for parameter in sorted {
            bytes.append(contentsOf: parameter.name.utf8)
            bytes.append(contentsOf: parameter.value.utf8)
        }
        return bytes
    }

    /// `url` and the same URL with its scheme's default port toggled (Twilio signs either form).
    static func urlVariants(_ url: String) -> [String] {
        let defaults = [("https://", "443"), ("wss://", "443"), ("http://", "80"), ("ws://", "80")]
        guard let (scheme, port) = defaults.first(where: { url.lowercased().hasPrefix($0.0) }) else { return [url] }
        let rest = url.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let tail = rest[authorityEnd...]
        guard !authority.contains("@") else { return [url] }
        let prefix = url.prefix(scheme.count)
        if authority.hasSuffix(":\(port)") {
            return [url, String(prefix) + authority.dropLast(port.count + 1) + tail]
        }
        // An explicit non-default port (or an IPv6 literal ending in one) is left alone.
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") { return [url] }
        return [url, String(prefix) + authority + ":\(port)" + tail]
    }
}
