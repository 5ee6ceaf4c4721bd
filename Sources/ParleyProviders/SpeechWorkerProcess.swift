import Foundation
import Synchronization

/// One `parley-speech` worker process: started with a private socket, ready
/// once it prints its `READY` line, and gone when its stdin closes (so it never
/// outlives the server, even after a `kill -9`).
final class SpeechWorkerProcess: Sendable {
    let socketPath: String
    private let process: Process
    private let stdin: Pipe
    private let ready = Readiness()

    /// The first stdout line and whoever waits for it.
    private final class Readiness: Sendable {
        struct State {
            var line: String?
            var buffer = Data()
            var waiter: CheckedContinuation<String, any Error>?
            var exited: Int32?
        }

        let state = Mutex(State())

        func withLock<T>(_ body: (inout State) -> T) -> T {
            state.withLock { body(&$0) }
        }
    }

    /// Starts the worker (does not wait for it to be ready).
    init(
        executable: String, socketPath: String, arguments: [String], environment: [String: String],
        quiet: Bool, onExit: @escaping @Sendable (Int32) -> Void
    ) throws {
        self.socketPath = socketPath
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--socket", socketPath] + arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = quiet ? FileHandle.nullDevice : FileHandle.standardError
        self.process = process
        self.stdin = stdin
        let ready = self.ready
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            SpeechWorkerProcess.consume(data, state: ready)
        }
        process.terminationHandler = { finished in
            let status = finished.terminationStatus
            let waiter = ready.withLock { state -> CheckedContinuation<String, any Error>? in
                state.exited = status
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(throwing: SpeechWorkerExit(status: status))
            onExit(status)
        }
        try process.run()
    }

    private static func consume(_ data: Data, state: Readiness) {
        let resumed = state.withLock { state -> (CheckedContinuation<String, any Error>, String)? in
            guard state.line == nil else { return nil }
            state.buffer.append(data)
            guard let newline = state.buffer.firstIndex(of: 0x0A) else { return nil }
            let line = String(decoding: state.buffer[state.buffer.startIndex..<newline], as: UTF8.self)
            state.line = line
            state.buffer = Data()
            guard let waiter = state.waiter else { return nil }
            state.waiter = nil
            return (waiter, line)
        }
        if let (waiter, line) = resumed { waiter.resume(returning: line) }
    }

    /// Waits for the `READY {json}` line and returns the JSON part.
    func waitUntilReady() async throws -> String {
        let line: String = try await withCheckedThrowingContinuation { continuation in
            let immediate: Result<String, any Error>? = ready.withLock { state in
                if let line = state.line { return .success(line) }
                if let status = state.exited { return .failure(SpeechWorkerExit(status: status)) }
                state.waiter = continuation
                return nil
            }
            if let immediate { continuation.resume(with: immediate) }
        }
        guard line.hasPrefix("READY") else { throw SpeechWorkerExit(status: -1, output: line) }
        return String(line.dropFirst("READY".count)).trimmingCharacters(in: .whitespaces)
    }

    var processIdentifier: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Stops the worker: closes its stdin (it exits on EOF) and sends SIGTERM.
    func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
    }

    /// Kills a hung worker at once.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        try? stdin.fileHandleForWriting.close()
    }
}

/// The worker exited (or said something other than READY) before it was ready.
struct SpeechWorkerExit: Error, CustomStringConvertible {
    var status: Int32
    var output: String?

    var description: String {
        if let output { return "speech worker did not start: \(output)" }
        return "speech worker exited with status \(status)"
    }
}
