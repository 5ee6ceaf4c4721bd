/// Eight Goertzel filters, one per SIMD lane, evaluating the DFT at fixed frequencies over
/// consecutive blocks.
///
/// Algorithm: G. Goertzel, "An Algorithm for the Evaluation of Finite Trigonometric Series",
/// American Mathematical Monthly 65 (1958). The eight recurrences run side by side, so the
/// per-sample cost is a few vector operations rather than eight serial dependency chains.
/// No heap storage at all.
struct GoertzelBank: Sendable {
    /// Eight complex values, one per lane.
    struct Output: Sendable {
        var real: SIMD8<Double>
        var imaginary: SIMD8<Double>

        static let zero = Output(real: .zero, imaginary: .zero)

        @inline(__always)
        static func + (lhs: Output, rhs: Output) -> Output {
            Output(real: lhs.real + rhs.real, imaginary: lhs.imaginary + rhs.imaginary)
        }

        @inline(__always)
        static func * (lhs: Output, rhs: Output) -> Output {
            Output(
                real: lhs.real * rhs.real - lhs.imaginary * rhs.imaginary,
                imaginary: lhs.real * rhs.imaginary + lhs.imaginary * rhs.real
            )
        }

        @inline(__always)
        var magnitudeSquared: SIMD8<Double> { real * real + imaginary * imaginary }

        /// e^(iθ) for each lane's θ.
        init(phases: [Double]) {
            real = SIMD8(phases.map { Complex(phase: $0).real })
            imaginary = SIMD8(phases.map { Complex(phase: $0).imaginary })
        }

        init(real: SIMD8<Double>, imaginary: SIMD8<Double>) {
            self.real = real
            self.imaginary = imaginary
        }
    }

    /// 2·cos ω per lane.
    private let coefficients: SIMD8<Double>
    /// e^(−iω) per lane, for the final step.
    private let unitRotation: Output
    /// e^(−iω(L−1)) per lane: refers a block's output to the block's first sample.
    private let blockStartRotation: Output
    /// s[n−1] and s[n−2] per lane.
    private var s1 = SIMD8<Double>.zero
    private var s2 = SIMD8<Double>.zero

    /// Filters for eight `frequencies` (Hz) over blocks of `blockLength` samples.
    init(frequencies: [Double], sampleRate: Int, blockLength: Int) {
        precondition(frequencies.count == 8, "GoertzelBank runs exactly eight filters")
        let omegas = frequencies.map { 2 * Double.pi * $0 / Double(sampleRate) }
        coefficients = 2 * Output(phases: omegas).real
        unitRotation = Output(phases: omegas.map { -$0 })
        blockStartRotation = Output(phases: omegas.map { -$0 * Double(blockLength - 1) })
    }

    /// Runs the filters over `chunk`, which continues the current block; returns Σx² of `chunk`.
    ///
    /// Two samples per step: s[n] = x[n] − s[n−2] + c·s[n−1] and, substituting it,
    /// s[n+1] = x[n+1] + c·x[n] − c·s[n−2] + (c² − 1)·s[n−1]. Both depend only on the previous
    /// pair, which halves the length of the floating-point dependency chain.
    mutating func feed(_ chunk: UnsafeBufferPointer<Int16>) -> Double {
        let c = coefficients
        let cSquaredMinusOne = c * c - 1
        var s1 = self.s1
        var s2 = self.s2
        var energy = (0.0, 0.0)
        var index = chunk.startIndex
        while index + 1 < chunk.endIndex {
            let x0 = Double(chunk[index])
            let x1 = Double(chunk[index + 1])
            energy.0 += x0 * x0
            energy.1 += x1 * x1
            let first = (SIMD8(repeating: x0) - s2) + c * s1
            let second = (SIMD8(repeating: x1) + c * (SIMD8(repeating: x0) - s2)) + cSquaredMinusOne * s1
            s2 = first
            s1 = second
            index += 2
        }
        if index < chunk.endIndex {
            let x = Double(chunk[index])
            energy.0 += x * x
            let next = (SIMD8(repeating: x) - s2) + c * s1
            s2 = s1
            s1 = next
        }
        self.s1 = s1
        self.s2 = s2
        return energy.0 + energy.1
    }

    /// Clears the filters, discarding the current block.
    mutating func reset() {
        s1 = .zero
        s2 = .zero
    }

    /// Σ x[m]·e^(−iωm) over the block just completed (m from the block's first sample) per lane;
    /// resets the filters for the next block.
    mutating func finishBlock() -> Output {
        let ending = Output(real: s1, imaginary: .zero) + unitRotation * Output(real: -s2, imaginary: .zero)
        reset()
        return ending * blockStartRotation
    }
}
