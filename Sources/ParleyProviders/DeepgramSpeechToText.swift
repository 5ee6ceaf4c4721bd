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
    private let socket = Mutex<DeepgramSocket?>(nil)

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
        socket.withLock { $0?.close() }
    }

    /// Opens the socket ahead of the first utterance so it does not wait for the handshake.
    public func connect() {
        _ = openSocket()
    }

    public func transcribe(_ audio: AudioBuffer, context: String) async throws -> Transcription {
        let input = audio.resampled(to: configuration.sampleRate)
        guard !input.samples.isEmpty else { return Transcription(text: "") }
        let seconds = Double(input.samples.count) / Double(configuration.sampleRate)
        return try await openSocket().transcribe(encode(input.samples), seconds: seconds, deadline: configuration.answerTimeout)
    }

    private func openSocket() -> DeepgramSocket {
        socket.withLock { socket in
            if let open = socket, !open.isClosed { return open }
            let fresh = DeepgramSocket(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger, provider: name)
            socket = fresh
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
