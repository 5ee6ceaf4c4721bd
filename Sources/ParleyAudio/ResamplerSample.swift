/// A sample type the resampler reads and writes: the filter works on Float in the −1…1 range.
protocol ResamplerSample {
    /// The sample on the −1…1 scale.
    var unitValue: Float { get }
    /// A sample from a value on the −1…1 scale (rounded and clipped for integers).
    init(unitValue: Float)
}

extension Float: ResamplerSample {
    @inline(__always) var unitValue: Float { self }
    @inline(__always) init(unitValue: Float) { self = unitValue }
}

extension Int16: ResamplerSample {
    @inline(__always) var unitValue: Float { Float(self) * (1 / 32768) }

    @inline(__always) init(unitValue: Float) {
        // Offset into positive range, clamp and truncate: branch-free round-half-up without a libm call.
        let offset = Swift.max(0, Swift.min(65535, unitValue * 32768 + 32768.5))
        self = Int16(Int32(offset) - 32768)
    }
}
