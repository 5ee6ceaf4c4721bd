import HTTPTypes
import Logging
import NIOCore
import ParleyVoice
import Synchronization
import WSClient

/// One live-transcription WebSocket to Deepgram, kept open across utterances.
///
/// Protocol facts (developers.deepgram.com: "Live Audio" reference, "Audio Keep Alive",
/// "Finalize", "Close Stream"): audio goes up as binary messages; control messages are JSON
/// *text* frames — `{"type":"KeepAlive"}` (Deepgram closes the socket with NET-0001 when
/// neither audio nor a KeepAlive came for 10 s, and recommends one every 3–5 s),
/// `{"type":"Finalize"}` (flush: buffered audio is transcribed at once and answered with
/// final results, the last marked `from_finalize`), `{"type":"CloseStream"}` (finish and
/// close). Results come back as JSON text messages timed from the start of the stream.
///
/// Each utterance is sent whole and followed by `Finalize`; `DeepgramUtteranceQueue` routes
/// the results back by time, so utterances may overlap without a lock.
final class DeepgramSocket: Sendable {
    enum Command: Sendable {
        case audio(ByteBuffer)
        case control(String)
    }

    private enum Waiter {
        case waiting(CheckedContinuation<Transcription, any Error>)
        case finished(Result<Transcription, ProviderError>)
    }

    private struct State {
        var utterances = DeepgramUtteranceQueue()
        var waiters: [Int: Waiter] = [:]
        /// Utterances given up on before their caller started waiting.
        var abandoned: Set<Int> = []
        var failure: ProviderError?
        var lastSent = ContinuousClock.now
        /// `close()` was called: the socket must not connect any more.
        var released = false
    }

    static let keepAlive = #"{"type":"KeepAlive"}"#
    static let finalize = #"{"type":"Finalize"}"#
    static let closeStream = #"{"type":"CloseStream"}"#

    let provider: String
    private let state = Mutex(State())
    private let commands: AsyncStream<Command>.Continuation
    /// The task owning the connection, so `closed()` can wait for its end.
    private let connection = Mutex<Task<Void, Never>?>(nil)

    /// Starts connecting at once; commands sent meanwhile wait for the socket to open.
    init(configuration: DeepgramSpeechToText.Configuration, eventLoopGroup: any EventLoopGroup, logger: Logger, provider: String) {
        let (stream, continuation) = AsyncStream<Command>.makeStream()
        commands = continuation
        self.provider = provider
        // The task ends when the socket closes; `close()` (called when the provider goes away)
        // makes sure it does.
        let task = Task { await self.run(configuration, commands: stream, group: eventLoopGroup, logger: logger) }
        connection.withLock { $0 = task }
    }

    /// The socket failed or closed; a new one is needed.
    var isClosed: Bool { state.withLock { $0.failure != nil } }

    /// Sends an utterance, flushes it and waits up to `deadline` for its transcript.
    func transcribe(_ chunks: [ByteBuffer], seconds: Double, deadline: Duration) async throws -> Transcription {
        let id = try state.withLock { state throws(ProviderError) -> Int in
            if let failure = state.failure { throw failure }
            // Enqueued and sent under the lock so stream order is queue order.
            let id = state.utterances.enqueue(seconds: seconds)
            for chunk in chunks { commands.yield(.audio(chunk)) }
            commands.yield(.control(Self.finalize))
            return id
        }
        let provider = self.provider
        do {
            return try await withThrowingTaskGroup(of: Transcription?.self) { group in
                group.addTask { try await self.wait(for: id) }
                group.addTask {
                    try await Task.sleep(for: deadline)
                    return nil
                }
                defer { group.cancelAll() }
                if let answer = try await group.next(), let transcription = answer { return transcription }
                // Deepgram need not answer a Finalize of silence; what was heard by then is the answer.
                guard let heard = abandon(id) else {
                    throw ProviderError(.timeout, provider: provider, "no transcript within \(deadline)")
                }
                return heard
            }
        } catch let error as ProviderError {
            throw error
        } catch {
            _ = abandon(id)
            throw ProviderError(.cancelled, provider: provider, "cancelled")
        }
    }

    /// Ends the stream politely: `CloseStream`, then the socket closes. A socket still
    /// waiting to connect gives up instead of connecting only to close.
    func close() {
        state.withLock { $0.released = true }
        commands.yield(.control(Self.closeStream))
        commands.finish()
    }

    /// Returns once the connection is over: closed, failed, or never opened after `close()`.
    func closed() async {
        await connection.withLock { $0 }?.value
    }

    private func wait(for id: Int) async throws -> Transcription {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let early = state.withLock { state -> Result<Transcription, any Error>? in
                    if state.abandoned.remove(id) != nil { return .failure(CancellationError()) }
                    if case .finished(let result)? = state.waiters.removeValue(forKey: id) { return result.mapError { $0 } }
                    state.waiters[id] = .waiting(continuation)
                    return nil
                }
                if let early { continuation.resume(with: early) }
            }
        } onCancel: {
            _ = abandon(id)
        }
    }

    /// Stops waiting for utterance `id`: a waiting caller is resumed with cancellation.
    /// Returns what was heard of it, if anything.
    private func abandon(_ id: Int) -> Transcription? {
        state.withLock { state in
            let heard = state.utterances.remove(id)
            switch state.waiters.removeValue(forKey: id) {
            case .waiting(let continuation)?:
                continuation.resume(throwing: CancellationError())
            case .finished(.success(let transcription))?:
                return transcription
            case .finished(.failure)?:
                break
            case nil:
                state.abandoned.insert(id)
            }
            return heard
        }
    }

    private func settle(_ id: Int, _ result: Result<Transcription, ProviderError>, in state: inout State) {
        if case .waiting(let continuation)? = state.waiters.removeValue(forKey: id) {
            continuation.resume(with: result.mapError { $0 })
        } else {
            state.waiters[id] = .finished(result)
        }
    }

    private func receive(_ text: String) throws(ProviderError) {
        guard case .results(let result) = try DeepgramMessage.parse(text, provider: provider) else { return }
        state.withLock { state in
            for completed in state.utterances.receive(result) {
                settle(completed.id, .success(completed.transcription), in: &state)
            }
        }
    }

    private func fail(with error: ProviderError) {
        state.withLock { state in
            if state.failure == nil { state.failure = error }
            for id in state.utterances.removeAll() { settle(id, .failure(error), in: &state) }
        }
        commands.finish()
    }

    private func run(
        _ configuration: DeepgramSpeechToText.Configuration, commands: AsyncStream<Command>, group: any EventLoopGroup, logger: Logger
    ) async {
        var headers = HTTPFields()
        if let key = configuration.apiKey { headers[.authorization] = "Token \(key)" }
        let client = WebSocketClientConfiguration(
            maxFrameSize: max(1 << 16, configuration.audioChunkBytes), additionalHeaders: headers, closeTimeout: .seconds(2))
        if state.withLock({ $0.released }) {
            fail(with: ProviderError(.cancelled, provider: provider, "closed before connecting"))
            return
        }
        do {
            let closing = try await WebSocketClient.connect(url: configuration.url, configuration: client, eventLoopGroup: group, logger: logger) {
                inbound, outbound, _ in
                try await self.serve(inbound: inbound, outbound: outbound, commands: commands, keepAliveInterval: configuration.keepAliveInterval)
            }
            let detail = closing.map { frame in " (\(frame.closeCode)\(frame.reason.map { ": \($0)" } ?? ""))" } ?? ""
            fail(with: ProviderError(.unavailable, provider: provider, "the socket closed\(detail)"))
        } catch let error as ProviderError {
            fail(with: error)
        } catch let error as WebSocketClientError where error == .webSocketUpgradeFailed {
            fail(with: ProviderError(.failed, provider: provider, "Deepgram refused the connection (API key, plan, rate limit or parameters)"))
        } catch {
            fail(with: ProviderError(.unavailable, provider: provider, "could not reach Deepgram: \(error)"))
        }
    }

    /// Reads results, writes commands and keeps the socket alive until one side stops.
    private func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, commands: AsyncStream<Command>, keepAliveInterval: Duration
    ) async throws {
        // Waiters hear of the end at once, not after the close handshake.
        do {
            try await exchange(inbound: inbound, outbound: outbound, commands: commands, keepAliveInterval: keepAliveInterval)
        } catch {
            fail(with: error as? ProviderError ?? ProviderError(.unavailable, provider: provider, "the socket failed: \(error)"))
            throw error
        }
        fail(with: ProviderError(.unavailable, provider: provider, "the socket closed"))
    }

    private func exchange(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, commands: AsyncStream<Command>, keepAliveInterval: Duration
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }  // Deepgram sends only text
                    try self.receive(text)
                }
            }
            group.addTask {
                for await command in commands {
                    switch command {
                    case .audio(let buffer): try await outbound.write(.binary(buffer))
                    case .control(let text): try await outbound.write(.text(text))
                    }
                    self.state.withLock { $0.lastSent = .now }
                }
                try? await outbound.close(.normalClosure, reason: nil)
            }
            group.addTask {
                // Checked twice per interval, so the longest silence is 1.5 intervals.
                while true {
                    try await Task.sleep(for: keepAliveInterval / 2)
                    let idle = self.state.withLock { ContinuousClock.now - $0.lastSent }
                    if idle >= keepAliveInterval { self.commands.yield(.control(Self.keepAlive)) }
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }
}
