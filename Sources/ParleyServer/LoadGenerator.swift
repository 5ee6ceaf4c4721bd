import Foundation
import ParleyCore

/// Runs `wrk` (Debian package `wrk`) against a URL and parses throughput and latency percentiles.
public struct LoadGenerator: Sendable {
    public var threads = 2
    public var connections = 64
    public var seconds = 20

    public init(threads: Int = 2, connections: Int = 64, seconds: Int = 20) {
        self.threads = threads
        self.connections = connections
        self.seconds = seconds
    }

    public struct Result: Sendable {
        public var requestsPerSecond: Double
        public var p50Millis: Double
        public var p99Millis: Double
        public var non2xx: Int
        public var errors: Int
    }

    public var parameters: String { "wrk -t\(threads) -c\(connections) -d\(seconds)s --latency" }

    public func run(url: String, headers: [String] = []) async throws -> Result {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ParleyError(.configuration, "wrk is not installed: apt-get install wrk")
        }
        var args = ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency"]
        for h in headers { args += ["-H", h] }
        args.append(url)
        let output = try await Self.capture(wrk, args)
        return try Self.parse(output)
    }

    static func capture(_ path: String, _ args: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        return try await withCheckedThrowingContinuation { c in
            process.terminationHandler = { p in
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                let text = String(decoding: data, as: UTF8.self)
                if p.terminationStatus == 0 { c.resume(returning: text) } else {
                    c.resume(throwing: ParleyError(.internal, "wrk failed (\(p.terminationStatus)): \(text)"))
                }
            }
            do { try process.run() } catch { c.resume(throwing: error) }
        }
    }

    /// Parses wrk's `--latency` report.
    static func parse(_ text: String) throws -> Result {
        func number(after label: String) -> String? {
            for line in text.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix(label) {
                    return trimmed.dropFirst(label.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
                }
            }
            return nil
        }
        func millis(_ s: String?) -> Double {
            guard let s else { return .nan }
            if s.hasSuffix("us") { return (Double(s.dropLast(2)) ?? .nan) / 1000 }
            if s.hasSuffix("ms") { return Double(s.dropLast(2)) ?? .nan }
            if s.hasSuffix("s") { return (Double(s.dropLast(1)) ?? .nan) * 1000 }
            return .nan
        }
        guard let rps = number(after: "Requests/sec:").flatMap(Double.init) else {
            throw ParleyError(.internal, "could not parse wrk output: \(text)")
        }
        let non2xx = number(after: "Non-2xx or 3xx responses:").flatMap(Int.init) ?? 0
        var errors = 0
        if let line = text.split(separator: "\n").first(where: { $0.contains("Socket errors:") }) {
            errors = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.reduce(0, +)
        }
        return Result(requestsPerSecond: rps, p50Millis: millis(number(after: "50%")), p99Millis: millis(number(after: "99%")),
                      non2xx: non2xx, errors: errors)
    }
}
