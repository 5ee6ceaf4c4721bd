import Foundation
import Logging
import NIOCore
import NIOPosix
import ParleyVoice

/// Supervises `parley-speech` worker processes and hands out one request at a
/// time per worker: bounded waiting (admission control), a deadline per
/// request, and a replacement for any worker that crashes or hangs.
public actor SpeechWorkerPool {
    public nonisolated let configuration: Configuration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let socketDirectory: String
    private var slots: [Slot] = []
    /// Requests waiting for a free worker, interactive ones first.
    private var waiters: [(priority: SpeechWorkPriority, continuation: CheckedContinuation<Int, any Error>)] = []
    private var requestCounter = 0
    private var shuttingDown = false
    /// Workers started so far, restarts included (for health reporting and tests).
    public private(set) var launches = 0

    private struct Slot {
        var generation = 0
        var process: SpeechWorkerProcess?
        var connection: SpeechWorkerConnection?
        var busy = false
        var ready: Bool { connection != nil }
    }

    public init(configuration: Configuration, group: any EventLoopGroup, logger: Logger) throws(ProviderError) {
        guard FileManager.default.isExecutableFile(atPath: configuration.executable) else {
            throw ProviderError(
                .unavailable, provider: "parley-speech",
                "the offline speech worker is not installed at \(configuration.executable); run `make speech` (or pass --speech-dir)")
        }
        self.configuration = configuration
        self.group = group
        self.logger = logger
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-speech-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        socketDirectory = directory
        slots = Array(repeating: Slot(), count: max(configuration.workers, 1))
    }

    /// Starts every worker and waits until all are ready.
    public func start() async throws {
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in slots.indices {
                group.addTask { try await self.launch(index) }
            }
            try await group.waitForAll()
        }
    }

    /// Stops all workers.
    public func shutdown() {
        shuttingDown = true
        for index in slots.indices {
            slots[index].connection?.close()
            slots[index].process?.stop()
            slots[index] = Slot(generation: slots[index].generation + 1)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: ProviderError(.unavailable, provider: "parley-speech", "shutting down")) }
        waiters.removeAll()
        try? FileManager.default.removeItem(atPath: socketDirectory)
    }

    /// Process ids of the running workers (tests kill them).
    public var workerProcessIdentifiers: [Int32] {
        slots.compactMap { $0.process?.processIdentifier }
    }

    /// Sends one request to a free worker and returns the answer.
    func perform(
        _ request: SpeechWorkerRequest, payload: ByteBuffer, priority: SpeechWorkPriority = SpeechWorkPriority.current
    ) async throws -> SpeechWorkerConnection.Reply {
        let index = try await acquire(priority: priority)
        guard let connection = slots[index].connection else {
            release(index, healthy: false)
            throw ProviderError(.unavailable, provider: "parley-speech", "worker not ready")
        }
        requestCounter += 1
        var numberedRequest = request
        numberedRequest.id = requestCounter
        let numbered = numberedRequest
        let generation = slots[index].generation
        let timeout = configuration.requestTimeout
        do {
            let reply = try await withThrowingTaskGroup(of: SpeechWorkerConnection.Reply?.self) { group in
                group.addTask { try await connection.request(numbered, payload: payload) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                while let next = try await group.next() {
                    if let reply = next { return reply }
                    // Killing the hung worker closes its socket, which ends the request task.
                    self.replaceHungWorker(index, generation: generation)
                    throw ProviderError(.timeout, provider: "parley-speech", "no answer within \(timeout)")
                }
                throw ProviderError(.unavailable, provider: "parley-speech", "no answer")
            }
            release(index, healthy: true, generation: generation)
            return reply
        } catch {
            release(index, healthy: false, generation: generation)
            throw ProviderError.wrapping(error, provider: "parley-speech")
        }
    }

    /// Asks an idle worker for `ping` (health check); a failure replaces the worker.
    public func checkHealth() async -> Bool {
        do {
            let reply = try await perform(SpeechWorkerRequest(id: 0, op: "ping"), payload: ByteBuffer())
            return reply.header.ok
        } catch {
            return false
        }
    }

    private func acquire(priority: SpeechWorkPriority) async throws -> Int {
        if shuttingDown { throw ProviderError(.unavailable, provider: "parley-speech", "shutting down") }
        if let index = slots.indices.first(where: { slots[$0].ready && !slots[$0].busy }) {
            slots[index].busy = true
            return index
        }
        guard waiters.count < configuration.maximumQueued else {
            throw ProviderError(.overloaded, provider: "parley-speech", "\(waiters.count) requests already waiting for a speech worker")
        }
        return try await withCheckedThrowingContinuation { continuation in
            // After the last waiter of the same or higher priority: FIFO within a class.
            let position = waiters.firstIndex { $0.priority < priority } ?? waiters.endIndex
            waiters.insert((priority, continuation), at: position)
        }
    }

    private func release(_ index: Int, healthy: Bool, generation: Int? = nil) {
        if let generation, slots[index].generation != generation { return }
        slots[index].busy = false
        if !healthy {
            restart(index)
            return
        }
        handOver(index)
    }

    private func handOver(_ index: Int) {
        guard slots[index].ready, !slots[index].busy, !waiters.isEmpty else { return }
        slots[index].busy = true
        waiters.removeFirst().continuation.resume(returning: index)
    }

    private func replaceHungWorker(_ index: Int, generation: Int) {
        guard slots[index].generation == generation else { return }
        logger.warning("speech worker hung; replacing it", metadata: ["worker": "\(index)"])
        slots[index].process?.kill()
        slots[index].connection?.close()
    }

    private func workerExited(_ index: Int, generation: Int, status: Int32) {
        guard slots[index].generation == generation, !shuttingDown else { return }
        logger.warning("speech worker exited; restarting it", metadata: ["worker": "\(index)", "status": "\(status)"])
        restart(index)
    }

    private func restart(_ index: Int) {
        guard !shuttingDown else { return }
        slots[index].connection?.close()
        slots[index].process?.kill()
        slots[index] = Slot(generation: slots[index].generation + 1)
        Task { try? await self.launch(index) }
    }

    private func launch(_ index: Int) async throws {
        let generation = slots[index].generation
        let socket = "\(socketDirectory)/worker-\(index)-\(generation).sock"
        launches += 1
        let process = try SpeechWorkerProcess(
            executable: configuration.executable, socketPath: socket,
            arguments: ["--stt-model", configuration.sttModel, "--threads", "1"],
            environment: configuration.environment, quiet: configuration.quiet,
            onExit: { status in Task { await self.workerExited(index, generation: generation, status: status) } })
        slots[index].process = process
        let startupTimeout = configuration.startupTimeout
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await process.waitUntilReady() }
                group.addTask {
                    try await Task.sleep(for: startupTimeout)
                    process.kill()  // ends waitUntilReady
                    throw ProviderError(.timeout, provider: "parley-speech", "worker not ready within \(startupTimeout)")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
            let connection = try await SpeechWorkerConnection.connect(path: socket, group: group, provider: "parley-speech")
            guard slots[index].generation == generation else {
                connection.close()
                return
            }
            slots[index].connection = connection
            Task { await connection.run() }
            handOver(index)
        } catch {
            process.kill()
            throw ProviderError.wrapping(error, provider: "parley-speech")
        }
    }
}
