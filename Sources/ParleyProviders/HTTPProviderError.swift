import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ParleyVoice

/// Maps HTTP failures of a provider API to `ProviderError`s.
enum HTTPProviderError {
    /// An error answer: 429 is rate limiting, 5xx unavailability, the rest a failure.
    static func from(status: HTTPResponseStatus, body: ByteBuffer?, provider: String) -> ProviderError {
        let detail = body.map(describe) ?? ""
        switch status.code {
        case 429: return ProviderError(.rateLimited, provider: provider, "rate limited (HTTP 429)\(detail)")
        case 401, 403: return ProviderError(.failed, provider: provider, "refused the API key (HTTP \(status.code))\(detail)")
        case 500...: return ProviderError(.unavailable, provider: provider, "server error (HTTP \(status.code))\(detail)")
        default: return ProviderError(.failed, provider: provider, "HTTP \(status.code)\(detail)")
        }
    }

    /// Transport failures: timeouts stay timeouts, cancellation stays cancellation, the rest
    /// means the provider could not be reached.
    static func transport(_ error: any Error, provider: String) -> ProviderError {
        if let error = error as? ProviderError { return error }
        if error is CancellationError { return ProviderError(.cancelled, provider: provider, "cancelled") }
        if let error = error as? HTTPClientError {
            if error == .cancelled { return ProviderError(.cancelled, provider: provider, "cancelled") }
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
                return ProviderError(.timeout, provider: provider, "no answer in time (\(error))")
            }
            return ProviderError(.unavailable, provider: provider, "HTTP failure: \(error)")
        }
        return ProviderError(.unavailable, provider: provider, "could not reach the API: \(error)")
    }

    /// The provider's own words: OpenAI's `error.message`, ElevenLabs' `detail.message` or
    /// `detail`, else the start of the body.
    private static func describe(_ body: ByteBuffer) -> String {
        let data = Data(body.readableBytesView)
        if let decoded = try? JSONDecoder().decode(ErrorBody.self, from: data), let message = decoded.message {
            return ": \(message.prefix(300))"
        }
        let text = String(decoding: data.prefix(300), as: UTF8.self).trimmingWhitespace()
        return text.isEmpty ? "" : ": \(text)"
    }

    private struct ErrorBody: Decodable {
        struct Inner: Decodable {
            var message: String?
        }
        enum Detail: Decodable {
            case text(String)
            case object(Inner)

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) {
                    self = .text(text)
                } else {
                    self = .object(try container.decode(Inner.self))
                }
            }
        }
        var error: Inner?
        var detail: Detail?

        var message: String? {
            if let message = error?.message { return message }
            switch detail {
            case .text(let text)?: return text
            case .object(let inner)?: return inner.message
            case nil: return nil
            }
        }
    }
}
