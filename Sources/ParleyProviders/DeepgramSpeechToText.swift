import Logging
import NIOCore
import NIOPosix
import ParleyAudio
import ParleyVoice
import Synchronization

/// Deepgram's streaming speech recognition over its live WebSocket API.
///
/// One socket per call stays open across utterances (kept alive while the caller is quiet);
/// each utterance is sent, flushed with `Finalize`, and answered with its final transcript.
/// A socket that failed is replaced at the next utterance.
public final class DeepgramSpeechToText: SpeechToText {
    public let name: String
    public let preferredSampleRates: [Int]
    private let configuration: Configuration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    /// The open (or last) socket, and whether `close()` ended the provider for good.
    private let socket = Mutex<(current: DeepgramSocket?, closed: Bool)>((nil, false))

    public init(
        configuration: Configuration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "parley.providers.deepgram")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        preferredSampleRates = [configuration.sampleRate]
        name = "deepgram/\(configuration.model ?? "default")"
    }

    deinit {
        socket.withLock { $0.current?.close() }
    }

    /// Opens the socket ahead of the first utterance so it does not wait for the handshake.
    public func connect() {
        _ = try? openSocket()
    }

    /// Ends the stream (`CloseStream`) and returns once the socket is closed. Later
    /// utterances fail as cancelled instead of reconnecting.
    public func close() async {
        let last = socket.withLock { socket -> DeepgramSocket? in
            socket.closed = true
            return socket.current
        }
        last?.close()
        await last?.closed()
    }

    public func transcribe(_ audio: AudioBuffer, context: String) async throws -> Transcription {
        let input = audio.resampled(to: configuration.sampleRate)
        guard !input.samples.isEmpty else { return Transcription(text: "") }
        let seconds = Double(input.samples.count) / Double(configuration.sampleRate)
        return try await openSocket().transcribe(encode(input.samples), seconds: seconds, deadline: configuration.answerTimeout)
    }

    private func openSocket() throws(ProviderError) -> DeepgramSocket {
        try socket.withLock { socket throws(ProviderError) -> DeepgramSocket in
            if socket.closed { throw ProviderError(.cancelled, provider: name, "the provider was closed") }
            if let open = socket.current, !open.isClosed { return open }
            let fresh = DeepgramSocket(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger, provider: name)
            socket.current = fresh
            return fresh
        }
    }

    /// The samples in the socket's encoding, cut into binary messages.
    private func encode(_ samples: [Int16]) -> [ByteBuffer] {
        let bytesPerSample = configuration.encoding == .mulaw ? 1 : 2
        let samplesPerChunk = max(1, configuration.audioChunkBytes / bytesPerSample)
        var chunks: [ByteBuffer] = []
        var start = 0
        while start < samples.count {
            let end = min(start + samplesPerChunk, samples.count)
            var buffer = ByteBuffer()
            buffer.reserveCapacity((end - start) * bytesPerSample)
            for sample in samples[start..<end] {
                switch configuration.encoding {
                case .linear16: buffer.writeInteger(sample, endianness: .little)
                case .mulaw: buffer.writeInteger(G711.muLaw.encode(sample))
                }
            }
            chunks.append(buffer)
            start = end
        }
        return chunks
    }
}
