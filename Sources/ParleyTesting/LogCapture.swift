import Logging
import Synchronization

/// Collects every log line (at trace level) so tests can prove secrets never reach logs.
public final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    public var text: String { lines.withLock { $0.joined(separator: "\n") } }

    /// A logger at trace level writing into this capture.
    public func logger(label: String = "parley.test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    /// Token-shaped secrets (API keys, invitation tokens) found in the captured lines.
    public func leakedTokens() -> [String] {
        var found: [String] = []
        for prefix in ["pk_", "inv_"] {
            var rest = Substring(text)
            while let r = rest.range(of: prefix) {
                let token = rest[r.lowerBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                if token.count >= prefix.count + 40 { found.append(String(token)) }
                rest = rest[r.upperBound...]
            }
        }
        return found
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) [\(event.source)] \(event.message) \(all)")
        }
    }
}
