import Foundation
import ParleyCore
import Synchronization

/// The server under test as a child process (`parley bench media-server`), so its CPU and
/// memory are read from `/proc` apart from the load generator's. Its log (JSON lines on
/// stderr) is read for the listening port and counted for warnings and errors.
public final class BenchServerProcess: Sendable {
    private let process: Process
    private let state = Mutex(State())

    struct State {
        var pending = ""
        var port: Int?
        var portWaiter: CheckedContinuation<Int?, Never>?
        var warnings = 0
        var errors = 0
        var lastProblem: String?
        var exited = false
    }

    public var pid: Int32 { process.processIdentifier }

    public init(executable: String, arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            let waiter: (CheckedContinuation<Int?, Never>, Int?)? = self.state.withLock { s in
                if data.isEmpty {
                    s.exited = true
                    handle.readabilityHandler = nil
                } else {
                    s.pending += String(decoding: data, as: UTF8.self)
                }
                while let newline = s.pending.firstIndex(of: "\n") {
                    Self.take(String(s.pending[..<newline]), into: &s)
                    s.pending.removeSubrange(...newline)
                }
                if let waiter = s.portWaiter, s.port != nil || s.exited {
                    s.portWaiter = nil
                    return (waiter, s.port)
                }
                return nil
            }
            if let (continuation, port) = waiter { continuation.resume(returning: port) }
        }
        try process.run()
    }

    private static func take(_ line: String, into state: inout State) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return }
        let level = object["level"] as? String ?? ""
        let message = object["message"] as? String ?? ""
        if message == "Parley is listening", let address = object["address"] as? String,
           let colon = address.lastIndex(of: ":") {
            state.port = Int(address[address.index(after: colon)...])
        }
        if level == "warning" { state.warnings += 1 }
        if ["error", "critical"].contains(level) { state.errors += 1 }
        if ["warning", "error", "critical"].contains(level), !message.contains("dev-allow-unsigned-streams") {
            state.lastProblem = message + ((object["error"] as? String).map { ": " + $0 } ?? "")
        }
    }

    /// The port once the server listens (nil if it exited first).
    public func waitForPort() async -> Int? {
        await withCheckedContinuation { continuation in
            let ready: Int?? = state.withLock { s in
                if s.port != nil || s.exited { return .some(s.port) }
                s.portWaiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Warnings and errors logged so far, and the latest problem (stream failures show up here).
    public var problems: (warnings: Int, errors: Int, last: String?) {
        state.withLock { ($0.warnings, $0.errors, $0.lastProblem) }
    }

    /// SIGTERM (graceful shutdown) and wait for the exit status.
    public func stop() async -> Int32 {
        if process.isRunning { process.terminate() }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [process] in
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
    }
}
