import Foundation
import ParleyVoice

/// Reads a provider selection's `options` with clear errors for wrong values.
struct ProviderOptions: Sendable {
    let provider: String
    let kind: String
    let selection: ProviderSelection
    private let values: [String: JSONValue]

    init(_ selection: ProviderSelection, kind: String) {
        self.selection = selection
        provider = selection.provider
        self.kind = kind
        values = selection.options ?? [:]
    }

    func string(_ key: String) throws(ProviderError) -> String? {
        guard let value = values[key] else { return nil }
        guard let text = value.stringValue else { throw problem("\(key) must be a string") }
        return text
    }

    func integer(_ key: String) throws(ProviderError) -> Int? {
        guard let value = values[key] else { return nil }
        guard let number = value.numberValue, number == number.rounded(), let integer = Int(exactly: number) else {
            throw problem("\(key) must be a whole number")
        }
        return integer
    }

    /// The `baseURL` option (or `fallback`), which must use one of `schemes`.
    func baseURL(default fallback: String, schemes: Set<String>) throws(ProviderError) -> String {
        let text = try string("baseURL") ?? fallback
        guard let url = URL(string: text), let scheme = url.scheme, schemes.contains(scheme), url.host != nil else {
            throw problem("baseURL must be a \(schemes.sorted().joined(separator: "/")) URL (got '\(text)')")
        }
        return text
    }

    /// The API key (see `ProviderCredentials`): the org secret, or the operator's
    /// `defaultVariable` when `baseURL` is the provider's default.
    func apiKey(defaultVariable: String, defaultBaseURL: String, credentials: ProviderCredentials) throws(ProviderError) -> String? {
        let usesDefault = (try string("baseURL")).map { $0 == defaultBaseURL } ?? true
        return try credentials.apiKey(selection, kind: kind, defaultVariable: defaultVariable, usesDefaultBaseURL: usesDefault)
    }

    func problem(_ message: String) -> ProviderError {
        ProviderError(.failed, provider: provider, "providers.\(kind) \(provider): \(message)")
    }
}
