import ParleyCore

/// Streaming band-limited sample-rate conversion between 8, 16, 22.05, 24 and 48 kHz.
///
/// A rational polyphase FIR (see `Resampler.Filter` for the design and its sources): passband to
/// 0.9 × the lower rate's Nyquist frequency with ≈ 0.01 dB ripple, ≥ 60 dB rejection of anything
/// that would alias or image, linear phase with `delay` of at most 4.9 ms.
///
/// State carries across calls, so a stream can be fed in chunks of any size and the output is
/// identical (bit for bit) whatever the chunking. `process` never allocates: the caller provides
/// the output buffer, sized with `maximumOutputCount(forInputCount:)`. `flush` emits the filter's
/// tail and resets. Int16 samples map to Float as value / 32768; one stream may mix both.
public struct Resampler: Sendable {
    /// Sample rates the resampler converts between (any pair, either direction, or equal).
    public static let supportedRates: [Int] = [8000, 16000, 22050, 24000, 48000]

    /// The filter in use (shareable with other resamplers for the same rate pair).
    public let filter: Filter
    /// Input samples per second.
    public var inputRate: Int { filter.inputRate }
    /// Output samples per second.
    public var outputRate: Int { filter.outputRate }
    /// Group delay in output samples: an input sample at time t comes out at t + delay.
    public var delay: Double { filter.delay }
    /// Group delay in seconds.
    public var delaySeconds: Double { filter.delay / Double(filter.outputRate) }

    // Input samples buffered per refill: histories are shifted once per block, not once per call.
    private static let blockLength = 1024

    /// Filter history: `tapsPerPhase − 1` older samples, then up to `blockLength` new ones.
    private var history: [Float]
    /// Valid samples in `history`.
    private var filled: Int
    /// Index in `history` of the newest input the next output needs.
    private var position: Int
    /// Polyphase branch of the next output.
    private var phase = 0
    /// Input samples taken and output samples written since creation or `reset()`.
    private var inputsSeen = 0
    private var outputsWritten = 0

    /// A resampler from `inputRate` to `outputRate` Hz (each one of `supportedRates`).
    public init(inputRate: Int, outputRate: Int) throws(ParleyError) {
        for (rate, field) in [(inputRate, "inputRate"), (outputRate, "outputRate")] where !Self.supportedRates.contains(rate) {
            throw ParleyError.validation("resampling supports 8000, 16000, 22050, 24000 and 48000 Hz, not \(rate)", field: field)
        }
        self.init(filter: Filter(inputRate: inputRate, outputRate: outputRate))
    }

    /// A resampler using an existing `filter` (for example another resampler's), skipping the design step.
    public init(filter: Filter) {
        self.filter = filter
        history = [Float](repeating: 0, count: filter.tapsPerPhase - 1 + Self.blockLength)
        filled = filter.tapsPerPhase - 1
        position = filled
    }

    /// The most samples `process` can write for `inputCount` input samples, whatever the state.
    public func maximumOutputCount(forInputCount inputCount: Int) -> Int {
        // Outputs n with T·L ≤ n·M < (T + count)·L: at most ⌊count·L / M⌋ + 1 of them.
        inputCount * filter.upFactor / filter.downFactor + 1
    }

    /// The most samples `flush` can write.
    public var maximumFlushCount: Int { maximumOutputCount(forInputCount: flushInputCount) }

    /// Resamples `input`, writing to the start of `output`; returns how many samples were written.
    ///
    /// `output.count` must be at least `maximumOutputCount(forInputCount: input.count)` (a
    /// programming error otherwise). Allocation-free.
    public mutating func process(_ input: UnsafeBufferPointer<Int16>, into output: UnsafeMutableBufferPointer<Int16>) -> Int {
        precondition(output.count >= maximumOutputCount(forInputCount: input.count), "Resampler.process: output buffer too small")
        return run(count: input.count, limit: .max, input: { input[$0].unitValue }, output: { output[$0] = Int16(unitValue: $1) })
    }

    /// Resamples Float samples (nominally −1…1); otherwise as the Int16 variant.
    public mutating func process(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>) -> Int {
        precondition(output.count >= maximumOutputCount(forInputCount: input.count), "Resampler.process: output buffer too small")
        return run(count: input.count, limit: .max, input: { input[$0] }, output: { output[$0] = $1 })
    }

    /// Emits the tail still inside the filter (the last `delay` samples' worth), then resets.
    ///
    /// `output.count` must be at least `maximumFlushCount`.
    public mutating func flush(into output: UnsafeMutableBufferPointer<Int16>) -> Int {
        precondition(output.count >= maximumFlushCount, "Resampler.flush: output buffer too small")
        defer { reset() }
        return run(count: flushInputCount, limit: flushOutputCount, input: { _ in 0 }, output: { output[$0] = Int16(unitValue: $1) })
    }

    /// Emits the tail still inside the filter as Float samples, then resets.
    public mutating func flush(into output: UnsafeMutableBufferPointer<Float>) -> Int {
        precondition(output.count >= maximumFlushCount, "Resampler.flush: output buffer too small")
        defer { reset() }
        return run(count: flushInputCount, limit: flushOutputCount, input: { _ in 0 }, output: { output[$0] = $1 })
    }

    /// Forgets all input, as if newly created.
    public mutating func reset() {
        filled = filter.tapsPerPhase - 1
        position = filled
        phase = 0
        inputsSeen = 0
        outputsWritten = 0
        history.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Zero inputs that push the last real sample past the filter's centre.
    private var flushInputCount: Int {
        Int((filter.delay * Double(filter.downFactor) / Double(filter.upFactor)).rounded(.up)) + 1
    }

    /// Outputs still due at a flush: up to and including the one centred on the last input sample,
    /// i.e. ⌊(T − 1)·L/M + delay⌋ + 1 outputs in all for T inputs.
    private var flushOutputCount: Int {
        guard inputsSeen > 0 else { return 0 }
        let lastCentre = Double(inputsSeen - 1) * Double(filter.upFactor) / Double(filter.downFactor) + filter.delay
        return max(0, Int(lastCentre.rounded(.down)) + 1 - outputsWritten)
    }

    /// The filter loop shared by every entry point (`input` and `output` are inlined closures);
    /// stops writing after `limit` outputs.
    @inline(__always)
    private mutating func run(count: Int, limit: Int, input: (Int) -> Float, output: (Int, Float) -> Void) -> Int {
        let taps = filter.tapsPerPhase
        let up = filter.upFactor
        let wholeStep = filter.downFactor / up
        let phaseStep = filter.downFactor % up
        var (filled, position, phase) = (self.filled, self.position, self.phase)
        var consumed = 0
        var produced = 0
        let coefficients = filter.coefficients
        history.withUnsafeMutableBufferPointer { history in
            coefficients.withUnsafeBufferPointer { coefficients in
                guard let buffer = history.baseAddress, let bank = coefficients.baseAddress else { return }
                while consumed < count {
                    let chunk = min(history.count - filled, count - consumed)
                    for index in 0..<chunk { buffer[filled + index] = input(consumed + index) }
                    filled += chunk
                    consumed += chunk
                    while position < filled && produced < limit {
                        output(produced, Self.dot(buffer + (position - taps + 1), bank + phase * taps, taps))
                        produced += 1
                        position += wholeStep
                        phase += phaseStep
                        if phase >= up {
                            phase -= up
                            position += 1
                        }
                    }
                    if filled == history.count {
                        let drop = filled - (taps - 1)
                        buffer.update(from: buffer + drop, count: taps - 1)
                        filled = taps - 1
                        position -= drop
                    }
                }
            }
        }
        (self.filled, self.position, self.phase) = (filled, position, phase)
        inputsSeen += count
        outputsWritten += produced
        return produced
    }

    /// Dot product of `count` (a multiple of 16) samples with taps, in a fixed summation order
    /// (16 running sums, folded pairwise) so that results do not depend on where the data sits in
    /// memory (chunking invariance). Release builds use two SIMD8 accumulators; debug builds, where
    /// generic SIMD code is not specialised and runs ~100× slower, the same arithmetic in scalars,
    /// giving bit-identical results (no fused multiply-add in either).
    @inline(__always)
    private static func dot(_ samples: UnsafePointer<Float>, _ taps: UnsafePointer<Float>, _ count: Int) -> Float {
        #if DEBUG
        var sums = (Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0))
        var highs = (Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0))
        var index = 0
        while index < count {
            sums.0 += samples[index] * taps[index]
            sums.1 += samples[index + 1] * taps[index + 1]
            sums.2 += samples[index + 2] * taps[index + 2]
            sums.3 += samples[index + 3] * taps[index + 3]
            sums.4 += samples[index + 4] * taps[index + 4]
            sums.5 += samples[index + 5] * taps[index + 5]
            sums.6 += samples[index + 6] * taps[index + 6]
            sums.7 += samples[index + 7] * taps[index + 7]
            highs.0 += samples[index + 8] * taps[index + 8]
            highs.1 += samples[index + 9] * taps[index + 9]
            highs.2 += samples[index + 10] * taps[index + 10]
            highs.3 += samples[index + 11] * taps[index + 11]
            highs.4 += samples[index + 12] * taps[index + 12]
            highs.5 += samples[index + 13] * taps[index + 13]
            highs.6 += samples[index + 14] * taps[index + 14]
            highs.7 += samples[index + 15] * taps[index + 15]
            index += 16
        }
        let (l0, l1, l2, l3) = (sums.0 + highs.0, sums.1 + highs.1, sums.2 + highs.2, sums.3 + highs.3)
        let (l4, l5, l6, l7) = (sums.4 + highs.4, sums.5 + highs.5, sums.6 + highs.6, sums.7 + highs.7)
        return ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7))
        #else
        let x = UnsafeRawPointer(samples)
        let c = UnsafeRawPointer(taps)
        var low = SIMD8<Float>()
        var high = SIMD8<Float>()
        var offset = 0
        let end = count * MemoryLayout<Float>.stride
        while offset < end {
            low += x.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) * c.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            high += x.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self)
                * c.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self)
            offset += 64
        }
        let l = low + high
        return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))
        #endif
    }
}
