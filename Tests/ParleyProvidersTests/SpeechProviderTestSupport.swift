@testable import ParleyProviders
import ParleyVoice

/// Collects a synthesis stream: the chunks, and the typed error it ended with.
func collectAudio(_ stream: AsyncThrowingStream<AudioBuffer, any Error>) async -> (chunks: [AudioBuffer], error: ProviderError?, untyped: (any Error)?) {
    var chunks: [AudioBuffer] = []
    do {
        for try await chunk in stream { chunks.append(chunk) }
        return (chunks, nil, nil)
    } catch let error as ProviderError {
        return (chunks, error, nil)
    } catch {
        return (chunks, nil, error)
    }
}

/// A recognisable test signal.
func ramp(_ count: Int, step: Int = 37) -> [Int16] {
    (0..<count).map { Int16(truncatingIfNeeded: ($0 * step) % 60_000 - 30_000) }
}
