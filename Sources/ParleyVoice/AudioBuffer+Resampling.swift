import ParleyAudio

extension AudioBuffer {
    /// This audio at `rate` (unchanged when already there).
    public func resampled(to rate: Int) -> AudioBuffer {
        guard rate != sampleRate, !samples.isEmpty else { return AudioBuffer(sampleRate: rate, samples: samples) }
        // TEMPORARY until ParleyAudio's band-limited resampler lands: linear interpolation.
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
