import Foundation
import ParleyCore
import Synchronization
import Testing

/// Drives the real `parley` binary as separate processes.
@Suite(.serialized) struct ServerProcessTests {
    static var binary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/parley")
    }

    /// A running child process whose stderr/stdout is collected; `waitFor` blocks until a line appears.
    final class Child: Sendable {
        let process: Process
        private let output = Mutex("")
        private let waiters = Mutex<[(String, CheckedContinuation<Bool, Never>)]>([])

        init(_ args: [String]) throws {
            process = Process()
            process.executableURL = ServerProcessTests.binary
            process.arguments = args
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                let text = self.output.withLock { $0 += String(decoding: data, as: UTF8.self); return $0 }
                let ready = self.waiters.withLock { w -> [CheckedContinuation<Bool, Never>] in
                    let hits = w.filter { text.contains($0.0) }.map(\.1)
                    w.removeAll { text.contains($0.0) }
                    return hits
                }
                for c in ready { c.resume(returning: true) }
            }
            try process.run()
        }

        var text: String { output.withLock { $0 } }

        /// True once `needle` has been printed; false after `timeout`.
        func waitFor(_ needle: String, timeout: Duration = .seconds(60)) async -> Bool {
            await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    await withCheckedContinuation { c in
                        let already = self.output.withLock { $0.contains(needle) }
                        if already { c.resume(returning: true) } else { self.waiters.withLock { $0.append((needle, c)) } }
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: timeout)  // a deadline, not synchronisation
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                if !first {
                    // Release the pending waiter so the group can finish.
                    let pending = self.waiters.withLock { w in defer { w.removeAll { $0.0 == needle } }; return w.filter { $0.0 == needle }.map(\.1) }
                    for c in pending { c.resume(returning: false) }
                }
                return first
            }
        }

        func exitStatus() async -> Int32 {
            await withCheckedContinuation { c in
                DispatchQueue.global().async {
                    self.process.waitUntilExit()
                    c.resume(returning: self.process.terminationStatus)
                }
            }
        }
    }

    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-proc-\(SecureToken.random(bytes: 6))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aSecondServerOnTheSameSQLiteFileRefusesToStartAndTheFirstStopsGracefully() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the parley binary first")
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try Child(["serve", "--data-dir", dir, "--port", "0", "--bcrypt-cost", "4", "--log-level", "notice"])
        #expect(await first.waitFor("Parley is listening"), "first server did not start: \(first.text)")
        #expect(await first.waitFor("password:", timeout: .seconds(10)), "a fresh data dir prints the one-time password")
        let second = try Child(["serve", "--data-dir", dir, "--port", "0", "--bcrypt-cost", "4"])
        let status = await second.exitStatus()
        #expect(status != 0)
        #expect(await second.waitFor("already in use by another Parley process", timeout: .seconds(5)), "\(second.text)")
        first.process.terminate()  // SIGTERM
        #expect(await first.exitStatus() == 0, "graceful shutdown exits 0: \(first.text)")
        #expect(await first.waitFor("Parley stopped", timeout: .seconds(10)))
        // Data survives a restart; no second owner banner.
        let third = try Child(["migrate", "--data-dir", dir])
        #expect(await third.exitStatus() == 0)
        #expect(!third.text.contains("password:"))
    }

    @Test func invalidConfigurationStopsStartUpNamingTheKey() async throws {
        let bad = try Child(["serve", "--port", "not-a-port"])
        #expect(await bad.exitStatus() == 2)
        #expect(await bad.waitFor("port must be an integer", timeout: .seconds(5)), "\(bad.text)")
    }
}
