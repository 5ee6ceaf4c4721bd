#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A minimal complex number for the tone filters (Goertzel outputs and phase rotations).
struct Complex: Sendable, Hashable {
    var real: Double
    var imaginary: Double

    static let zero = Complex(real: 0, imaginary: 0)

    /// e^(iθ).
    init(phase: Double) {
        real = cos(phase)
        imaginary = sin(phase)
    }

    init(real: Double, imaginary: Double) {
        self.real = real
        self.imaginary = imaginary
    }

    var magnitudeSquared: Double { real * real + imaginary * imaginary }
    var magnitude: Double { magnitudeSquared.squareRoot() }
    var phase: Double { atan2(imaginary, real) }
    var conjugate: Complex { Complex(real: real, imaginary: -imaginary) }

    static func + (lhs: Complex, rhs: Complex) -> Complex {
        Complex(real: lhs.real + rhs.real, imaginary: lhs.imaginary + rhs.imaginary)
    }

    static func * (lhs: Complex, rhs: Complex) -> Complex {
        Complex(
            real: lhs.real * rhs.real - lhs.imaginary * rhs.imaginary,
            imaginary: lhs.real * rhs.imaginary + lhs.imaginary * rhs.real
        )
    }
}
