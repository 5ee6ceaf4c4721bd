import ParleyAudio
import Synchronization

extension AudioBuffer {
    /// This audio at `rate`: band-limited for the rates `Resampler` supports
    /// (8, 16, 22.05, 24, 48 kHz), with the filter delay removed so the result
    /// lines up with the input; linear interpolation for any other pair.
    public func resampled(to rate: Int) -> AudioBuffer {
        guard rate != sampleRate, !samples.isEmpty else { return AudioBuffer(sampleRate: rate, samples: samples) }
        guard let filter = ResamplerFilters.filter(from: sampleRate, to: rate) else { return interpolated(to: rate) }
        var resampler = Resampler(filter: filter)
        let capacity = resampler.maximumOutputCount(forInputCount: samples.count) + resampler.maximumFlushCount
        var output = [Int16](repeating: 0, count: capacity)
        let produced = samples.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                let count = resampler.process(input, into: out)
                let rest = UnsafeMutableBufferPointer(rebasing: out[count...])
                return count + resampler.flush(into: rest)
            }
        }
        let skip = min(Int(resampler.delay.rounded()), produced)
        let expected = samples.count * rate / sampleRate
        let end = min(skip + expected, produced)
        var result = Array(output[skip..<end])
        // The flushed tail can fall a sample or two short of the exact length.
        if result.count < expected { result.append(contentsOf: repeatElement(0, count: expected - result.count)) }
        return AudioBuffer(sampleRate: rate, samples: result)
    }

    private func interpolated(to rate: Int) -> AudioBuffer {
        let ratio = Double(sampleRate) / Double(rate)
        let count = Int(Double(samples.count) / ratio)
        var output = [Int16](repeating: 0, count: count)
        for index in 0..<count {
            let position = Double(index) * ratio
            let base = Int(position)
            let fraction = position - Double(base)
            let a = Double(samples[min(base, samples.count - 1)])
            let b = Double(samples[min(base + 1, samples.count - 1)])
            output[index] = Int16(clamping: Int((a + (b - a) * fraction).rounded()))
        }
        return AudioBuffer(sampleRate: rate, samples: output)
    }
}

/// Resampler filters designed once per rate pair and shared.
enum ResamplerFilters {
    private static let cache = Mutex<[Int: Resampler.Filter]>([:])

    static func filter(from input: Int, to output: Int) -> Resampler.Filter? {
        guard Resampler.supportedRates.contains(input), Resampler.supportedRates.contains(output) else { return nil }
        let key = input &* 1_000_003 &+ output
        if let filter = cache.withLock({ $0[key] }) { return filter }
        guard let resampler = try? Resampler(inputRate: input, outputRate: output) else { return nil }
        cache.withLock { $0[key] = resampler.filter }
        return resampler.filter
    }
}
