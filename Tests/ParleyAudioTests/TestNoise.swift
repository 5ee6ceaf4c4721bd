import Foundation

/// Seeded noise for voice-activity tests, returned at unit power (mean square 1).
enum TestNoise: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Gaussian white noise.
    case white
    /// −3 dB/octave (Paul Kellet's economy pinking filter on white noise).
    case pink
    /// −6 dB/octave (leaky integral of white noise).
    case brown
    /// Canteen babble: speech-shaped noise whose level follows 32 independent talkers' syllable
    /// envelopes (100–300 ms raised-cosine syllables, loudness σ 3 dB, 15 % pauses of 200–700 ms).
    /// A sum of independently modulated Gaussian noises is Gaussian noise modulated by the root
    /// sum of squares of the envelopes, which is what this computes.
    case babble
    /// Small-group babble: as `babble` with 8 talkers and loudness σ 5 dB, so the level swings
    /// by several dB from syllable to syllable (the hard case for an energy-based detector).
    case smallGroupBabble
    /// Mains hum: 50 Hz and its harmonics to 600 Hz (amplitudes 1/k), plus white noise 30 dB down.
    case hum

    var description: String { rawValue }

    func samples(count: Int, sampleRate: Int, seed: UInt64) -> [Double] {
        var random = GaussianSource(random: SeededRandom(seed: seed ^ rawValue.stableHash))
        var output = [Double](repeating: 0, count: count)
        switch self {
        case .white:
            for index in 0..<count { output[index] = random.gaussian() }
        case .pink:
            var (b0, b1, b2) = (0.0, 0.0, 0.0)
            for index in 0..<count {
                let white = random.gaussian()
                b0 = 0.99765 * b0 + white * 0.0990460
                b1 = 0.96300 * b1 + white * 0.2965164
                b2 = 0.57000 * b2 + white * 1.0526913
                output[index] = b0 + b1 + b2 + white * 0.1848
            }
        case .brown:
            var level = 0.0
            let leak = 1 - 20.0 / Double(sampleRate)  // integrator with a ≈ 3 Hz corner, so it stays bounded
            for index in 0..<count {
                level = leak * level + random.gaussian()
                output[index] = level
            }
        case .babble:
            output = Self.babble(count: count, sampleRate: sampleRate, talkers: 32, loudnessDeviation: 3, random: &random)
        case .smallGroupBabble:
            output = Self.babble(count: count, sampleRate: sampleRate, talkers: 8, loudnessDeviation: 5, random: &random)
        case .hum:
            // 50 Hz divides the sample rate: compute one period and repeat it.
            let phases = (1...12).map { _ in Double.random(in: 0..<(2 * .pi), using: &random.random) }
            let period = (0..<(sampleRate / 50)).map { index in
                (1...12).reduce(0.0) { sum, harmonic in
                    sum + sin(2 * .pi * 50 * Double(harmonic) * Double(index) / Double(sampleRate) + phases[harmonic - 1]) / Double(harmonic)
                }
            }
            for index in 0..<count { output[index] = period[index % period.count] + 0.03 * random.gaussian() }
        }
        let power = output.reduce(0) { $0 + $1 * $1 } / Double(max(count, 1))
        let scale = power > 0 ? 1 / power.squareRoot() : 0
        for index in 0..<count { output[index] *= scale }
        return output
    }

    private static func babble(count: Int, sampleRate: Int, talkers: Int, loudnessDeviation: Double, random: inout GaussianSource) -> [Double] {
        // Speech-shaped carrier: pink noise through a one-pole low-pass at 1 kHz and a one-pole high-pass at 150 Hz.
        let lowPole = exp(-2 * .pi * 1000 / Double(sampleRate))
        let highPole = exp(-2 * .pi * 150 / Double(sampleRate))
        var (b0, b1, b2, low, high, previous) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        // Envelopes per millisecond.
        var segmentEnd = [Int](repeating: 0, count: talkers)
        var segmentStart = [Int](repeating: 0, count: talkers)
        var loudness = [Double](repeating: 0, count: talkers)
        let samplesPerMillisecond = Double(sampleRate) / 1000
        var gain = 0.0
        var millisecond = -1
        var output = [Double](repeating: 0, count: count)
        for index in 0..<count {
            let now = Int(Double(index) / samplesPerMillisecond)
            if now != millisecond {
                millisecond = now
                var sum = 0.0
                for talker in 0..<talkers {
                    if now >= segmentEnd[talker] {
                        segmentStart[talker] = now
                        if Double.random(in: 0..<1, using: &random.random) < 0.15 {
                            segmentEnd[talker] = now + Int.random(in: 200...700, using: &random.random)
                            loudness[talker] = 0
                        } else {
                            segmentEnd[talker] = now + Int.random(in: 100...300, using: &random.random)
                            loudness[talker] = pow(10, loudnessDeviation * random.gaussian() / 20)
                        }
                    }
                    let shape = sin(Double.pi * Double(now - segmentStart[talker]) / Double(segmentEnd[talker] - segmentStart[talker]))
                    let envelope = loudness[talker] * shape * shape
                    sum += envelope * envelope
                }
                gain = sum.squareRoot()
            }
            let white = random.gaussian()
            b0 = 0.99765 * b0 + white * 0.0990460
            b1 = 0.96300 * b1 + white * 0.2965164
            b2 = 0.57000 * b2 + white * 1.0526913
            let pink = b0 + b1 + b2 + white * 0.1848
            low = (1 - lowPole) * pink + lowPole * low
            high = highPole * (high + low - previous)
            previous = low
            output[index] = high * gain
        }
        return output
    }
}

/// Standard normal deviates, two per Box–Muller step, from a seeded generator (fast in debug builds).
struct GaussianSource {
    var random: SeededRandom
    private var spare: Double?

    init(random: SeededRandom) { self.random = random }

    mutating func gaussian() -> Double {
        if let value = spare {
            spare = nil
            return value
        }
        let u1 = Double((random.next() >> 11) + 1) * 0x1p-53
        let u2 = Double(random.next() >> 11) * 0x1p-53
        let radius = (-2 * log(u1)).squareRoot()
        spare = radius * sin(2 * .pi * u2)
        return radius * cos(2 * .pi * u2)
    }
}

extension String {
    /// A hash stable across runs (FNV-1a), unlike `hashValue`.
    fileprivate var stableHash: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}
