#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Per-band noise power by minimum statistics, simplified from R. Martin, "Noise power spectral
/// density estimation based on optimal smoothing and minimum statistics" (IEEE Trans. Speech and
/// Audio Processing 9(5), 2001): the noise floor is the minimum of the recursively smoothed band
/// power over a sliding window, found as the minimum of per-subwindow minima (so the window
/// slides without storing every frame). Speech rarely fills a whole window without a pause, so
/// the minimum follows the noise and not the speech. Martin's adaptive smoothing and bias
/// compensation are left out: the constant bias of the minimum is absorbed by the detector's
/// logistic offset.
struct NoiseFloorTracker: Sendable {
    /// Smoothing factor per frame for the band powers.
    private let smoothing: Float
    private let framesPerSubwindow: Int
    private let floor: SIMD4<Float>

    private var smoothed = SIMD4<Float>()
    private var subwindowMinimum = SIMD4<Float>(repeating: .greatestFiniteMagnitude)
    /// Minima of the previous subwindows (a ring); +∞ lanes until filled.
    private var minima: [SIMD4<Float>]
    private var ringHead = 0
    private var framesInSubwindow = 0
    private var started = false

    /// - Parameters:
    ///   - frameMilliseconds: frame duration.
    ///   - windowMilliseconds: span of the minimum search (subwindows × subwindow length).
    ///   - subwindowCount: subwindows in the window.
    ///   - smoothingMilliseconds: time constant of the power smoothing.
    ///   - floor: lowest noise power reported, per band.
    init(frameMilliseconds: Int, windowMilliseconds: Int, subwindowCount: Int, smoothingMilliseconds: Double, floor: Float) {
        smoothing = Float(exp(-Double(frameMilliseconds) / smoothingMilliseconds))
        framesPerSubwindow = max(1, windowMilliseconds / subwindowCount / frameMilliseconds)
        self.floor = SIMD4(repeating: floor)
        minima = Array(repeating: SIMD4(repeating: .greatestFiniteMagnitude), count: max(1, subwindowCount - 1))
    }

    /// Takes one frame's band powers and returns the noise floor to compare them with.
    mutating func update(_ power: SIMD4<Float>) -> SIMD4<Float> {
        if started {
            smoothed = smoothing * smoothed + (1 - smoothing) * power
        } else {
            smoothed = power
            started = true
        }
        subwindowMinimum = pointwiseMin(subwindowMinimum, smoothed)
        var noise = subwindowMinimum
        for minimum in minima { noise = pointwiseMin(noise, minimum) }
        framesInSubwindow += 1
        if framesInSubwindow == framesPerSubwindow {
            minima[ringHead] = subwindowMinimum
            ringHead = ringHead + 1 == minima.count ? 0 : ringHead + 1
            subwindowMinimum = SIMD4(repeating: .greatestFiniteMagnitude)
            framesInSubwindow = 0
        }
        return pointwiseMax(noise, floor)
    }

    mutating func reset() {
        smoothed = SIMD4()
        subwindowMinimum = SIMD4(repeating: .greatestFiniteMagnitude)
        for index in minima.indices { minima[index] = SIMD4(repeating: .greatestFiniteMagnitude) }
        (ringHead, framesInSubwindow, started) = (0, 0, false)
    }
}
