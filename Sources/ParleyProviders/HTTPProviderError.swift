import Foundation
import NIOCore
import NIOHTTP1
import ParleyVoice

/// Maps an HTTP error answer of a provider API to a `ProviderError`.
enum HTTPProviderError {
    static func from(status: HTTPResponseStatus, body: ByteBuffer?, provider: String) -> ProviderError {
        var detail = ""
        if let body, let decoded = try? JSONDecoder().decode(OpenAIChat.ErrorBody.self, from: Data(body.readableBytesView)),
           let message = decoded.error?.message {
            detail = ": \(message.prefix(300))"
        }
        switch status.code {
        case 429: return ProviderError(.rateLimited, provider: provider, "rate limited (HTTP 429)\(detail)")
        case 401, 403: return ProviderError(.failed, provider: provider, "refused the API key (HTTP \(status.code))\(detail)")
        case 500...: return ProviderError(.unavailable, provider: provider, "server error (HTTP \(status.code))\(detail)")
        default: return ProviderError(.failed, provider: provider, "HTTP \(status.code)\(detail)")
        }
    }
}
