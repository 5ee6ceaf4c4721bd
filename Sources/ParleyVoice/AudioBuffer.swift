/// Mono PCM16 audio with its sample rate; what speech providers exchange.
public struct AudioBuffer: Sendable, Equatable {
    public var sampleRate: Int
    public var samples: [Int16]

    public init(sampleRate: Int, samples: [Int16]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    public var durationMilliseconds: Int64 {
        sampleRate > 0 ? Int64(samples.count) * 1000 / Int64(sampleRate) : 0
    }
}
