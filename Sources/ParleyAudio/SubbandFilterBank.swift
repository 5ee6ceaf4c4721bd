#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Four band-pass biquads run side by side, returning each band's mean power per frame.
///
/// Band edges (Hz): 200–700, 700–1500, 1500–2600, 2600–3800 at 8 kHz and 200–700, 700–1500,
/// 1500–3400, 3400–7000 at 16 kHz: the first holds voiced speech's low harmonics and first
/// formant, the middle ones the second formant, the top one fricatives. Starting at 200 Hz keeps
/// mains hum and DC out. Each filter is the constant-0-dB-peak band-pass of R. Bristow-Johnson's
/// "Cookbook formulae for audio EQ biquad filter coefficients", in transposed direct form II.
struct SubbandFilterBank: Sendable {
    static let bandCount = 4

    private let b0: SIMD4<Float>  // b1 is 0 and b2 = −b0 for this band-pass
    private let a1: SIMD4<Float>
    private let a2: SIMD4<Float>
    // Filter state, one lane per band; kept as scalars in the loop (SIMD is slow in debug builds).
    private var state1 = SIMD4<Float>()
    private var state2 = SIMD4<Float>()

    init(sampleRate: Int) {
        let edges: [(Double, Double)] = sampleRate >= 16000
            ? [(200, 700), (700, 1500), (1500, 3400), (3400, 7000)]
            : [(200, 700), (700, 1500), (1500, 2600), (2600, 3800)]
        var (b0, a1, a2) = (SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>())
        for (band, (low, high)) in edges.enumerated() {
            let center = (low * high).squareRoot()
            let octaves = log2(high / low)
            let omega = 2 * Double.pi * center / Double(sampleRate)
            let alpha = sin(omega) * sinh(log(2) / 2 * octaves * omega / sin(omega))
            let a0 = 1 + alpha
            b0[band] = Float(alpha / a0)
            a1[band] = Float(-2 * cos(omega) / a0)
            a2[band] = Float((1 - alpha) / a0)
        }
        (self.b0, self.a1, self.a2) = (b0, a1, a2)
    }

    /// Filters `frame` (Int16 samples scaled to ±1) and returns the mean power in each band.
    mutating func bandPowers(_ frame: UnsafeBufferPointer<Int16>) -> SIMD4<Float> {
        let (g0, g1, g2, g3) = (b0[0], b0[1], b0[2], b0[3])
        let (p0, p1, p2, p3) = (a1[0], a1[1], a1[2], a1[3])
        let (q0, q1, q2, q3) = (a2[0], a2[1], a2[2], a2[3])
        var (s0, s1, s2, s3) = (state1[0], state1[1], state1[2], state1[3])
        var (t0, t1, t2, t3) = (state2[0], state2[1], state2[2], state2[3])
        var (e0, e1, e2, e3): (Float, Float, Float, Float) = (0, 0, 0, 0)
        for sample in frame {
            let x = Float(sample) * (1 / 32768)
            let y0 = g0 * x + s0
            s0 = t0 - p0 * y0
            t0 = -g0 * x - q0 * y0
            let y1 = g1 * x + s1
            s1 = t1 - p1 * y1
            t1 = -g1 * x - q1 * y1
            let y2 = g2 * x + s2
            s2 = t2 - p2 * y2
            t2 = -g2 * x - q2 * y2
            let y3 = g3 * x + s3
            s3 = t3 - p3 * y3
            t3 = -g3 * x - q3 * y3
            e0 += y0 * y0
            e1 += y1 * y1
            e2 += y2 * y2
            e3 += y3 * y3
        }
        state1 = SIMD4(s0, s1, s2, s3)
        state2 = SIMD4(t0, t1, t2, t3)
        let scale = 1 / Float(max(frame.count, 1))
        return SIMD4(e0 * scale, e1 * scale, e2 * scale, e3 * scale)
    }

    mutating func reset() {
        state1 = SIMD4()
        state2 = SIMD4()
    }
}
