import Foundation
import NIOCore
import NIOPosix
import ParleyVoice

/// One Unix-socket connection to a speech worker. Requests are answered in
/// order, one at a time; the pool makes sure only one caller uses a connection.
final class SpeechWorkerConnection: Sendable {
    typealias Reply = (header: SpeechWorkerResponse, payload: ByteBuffer)
    private typealias Pending = (frame: SpeechWorkerFrame, continuation: CheckedContinuation<Reply, any Error>)

    private let requests: AsyncStream<Pending>.Continuation
    private let stream: AsyncStream<Pending>
    private let channel: NIOAsyncChannel<SpeechWorkerFrame, SpeechWorkerFrame>
    let provider: String

    static func connect(path: String, group: any EventLoopGroup, provider: String) async throws -> SpeechWorkerConnection {
        let channel = try await ClientBootstrap(group: group)
            .connect(unixDomainSocketPath: path) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SpeechWorkerFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(SpeechWorkerFrameEncoder()))
                    return try NIOAsyncChannel<SpeechWorkerFrame, SpeechWorkerFrame>(wrappingChannelSynchronously: channel)
                }
            }
        return SpeechWorkerConnection(channel: channel, provider: provider)
    }

    private init(channel: NIOAsyncChannel<SpeechWorkerFrame, SpeechWorkerFrame>, provider: String) {
        self.channel = channel
        self.provider = provider
        (stream, requests) = AsyncStream<Pending>.makeStream()
    }

    /// Serves requests until the connection closes; run it in a task for the
    /// connection's lifetime. Every request gets an answer or an error.
    func run() async {
        let provider = self.provider
        var failure: ProviderError?
        var pendingRequests = stream.makeAsyncIterator()
        do {
            try await channel.executeThenClose { inbound, outbound in
                var responses = inbound.makeAsyncIterator()
                while let pending = await pendingRequests.next() {
                    do {
                        try await outbound.write(pending.frame)
                        guard let frame = try await responses.next() else {
                            throw ProviderError(.unavailable, provider: provider, "speech worker closed the connection")
                        }
                        let header = try JSONDecoder().decode(SpeechWorkerResponse.self, from: Data(frame.header))
                        pending.continuation.resume(returning: (header, frame.payload))
                    } catch {
                        pending.continuation.resume(throwing: Self.describe(error, provider: provider))
                        throw error
                    }
                }
            }
        } catch {
            failure = Self.describe(error, provider: provider)
        }
        requests.finish()
        let error = failure ?? ProviderError(.unavailable, provider: provider, "speech worker connection closed")
        while let pending = await pendingRequests.next() { pending.continuation.resume(throwing: error) }
    }

    /// Sends one request and waits for its answer.
    func request(_ header: SpeechWorkerRequest, payload: ByteBuffer = ByteBuffer()) async throws -> Reply {
        let encoded = try JSONEncoder().encode(header)
        let frame = SpeechWorkerFrame(header: Array(encoded), payload: payload)
        return try await withCheckedThrowingContinuation { continuation in
            if case .terminated = requests.yield((frame, continuation)) {
                continuation.resume(throwing: ProviderError(.unavailable, provider: provider, "speech worker connection closed"))
            }
        }
    }

    func close() {
        requests.finish()
        channel.channel.close(promise: nil)
    }

    private static func describe(_ error: any Error, provider: String) -> ProviderError {
        switch error {
        case let error as ProviderError: error
        case ProviderErrorBox.frameTooLarge(let header, let payload):
            ProviderError(.protocolViolation, provider: provider, "frame too large (header \(header), payload \(payload) bytes)")
        case is DecodingError: ProviderError(.protocolViolation, provider: provider, "unreadable response header: \(error)")
        default: ProviderError(.unavailable, provider: provider, "speech worker connection failed: \(error)")
        }
    }
}
