import AsyncHTTPClient
import NIOCore
import ParleyVoice

/// Streams the audio body of a speech-synthesis HTTP request as it arrives.
enum HTTPAudioStream {
    /// Sends `request` and yields the samples of each body chunk as soon as it comes.
    ///
    /// Error answers, a body that is not audio (JSON, text), a truncated sample, no audio at
    /// all, a dropped connection or a stall become `ProviderError`s.
    static func stream(
        _ request: HTTPClientRequest, client: HTTPClient, provider: String,
        sampleRate: Int, encoding: StreamedAudioDecoder.Encoding, firstByte: Duration, idle: Duration
    ) -> AsyncThrowingStream<AudioBuffer, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await ResponseWatchdog.watch(provider: provider, firstByte: firstByte, idle: idle) { progress in
                        // The watchdog bounds the wait; this only stops a request that somehow outlives it.
                        let response = try await client.execute(request, timeout: .minutes(5))
                        guard response.status == .ok else {
                            let body = try? await response.body.collect(upTo: 64 * 1024)
                            throw HTTPProviderError.from(status: response.status, body: body, provider: provider)
                        }
                        if let type = response.headers.first(name: "content-type")?.lowercased(),
                           type.contains("json") || type.hasPrefix("text/") {
                            throw ProviderError(.protocolViolation, provider: provider, "answered \(type) instead of audio")
                        }
                        var decoder = StreamedAudioDecoder(encoding)
                        var received = 0
                        for try await buffer in response.body {
                            progress.touch()
                            let samples = decoder.decode(buffer.readableBytesView)
                            guard !samples.isEmpty else { continue }
                            received += samples.count
                            continuation.yield(AudioBuffer(sampleRate: sampleRate, samples: samples))
                        }
                        if decoder.isMidSample {
                            throw ProviderError(.protocolViolation, provider: provider, "the audio ended in the middle of a sample")
                        }
                        if received == 0 { throw ProviderError(.failed, provider: provider, "no audio") }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: HTTPProviderError.transport(error, provider: provider))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
