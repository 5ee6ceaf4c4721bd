import Foundation
import ParleyAudio
import Testing

@Suite struct SilenceGeneratorTests {
    static func frames(_ generator: inout SilenceGenerator, count: Int, length: Int = 160) -> [Int16] {
        var output = [Int16](repeating: 0x55, count: count * length)
        output.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<count {
                generator.fill(UnsafeMutableBufferPointer(rebasing: buffer[(index * length)..<((index + 1) * length)]))
            }
        }
        return output
    }

    @Test func silenceIsZero() throws {
        var generator = try SilenceGenerator()
        #expect(Self.frames(&generator, count: 3).allSatisfy { $0 == 0 })
    }

    @Test(arguments: [-70.0, -50, -30])
    func comfortNoiseHasTheRequestedLevel(level: Double) throws {
        var generator = try SilenceGenerator(.comfortNoise(level: level), seed: 11)
        let samples = Self.frames(&generator, count: 250).map(Double.init)  // 5 s at 8 kHz
        let fullScaleSinePower = 32767.0 * 32767 / 2
        let measured = 10 * log10(Signal.power(samples) / fullScaleSinePower)
        #expect(abs(measured - level) < 0.75, "measured \(measured) dB")
    }

    @Test func comfortNoiseIsDeterministicPerSeedAndPinkish() throws {
        var first = try SilenceGenerator(.comfortNoise(level: -40), seed: 1)
        var second = try SilenceGenerator(.comfortNoise(level: -40), seed: 1)
        var other = try SilenceGenerator(.comfortNoise(level: -40), seed: 2)
        let a = Self.frames(&first, count: 100)
        #expect(a == Self.frames(&second, count: 100))
        #expect(a != Self.frames(&other, count: 100))
        // Pink-ish: first differences (a high-pass) carry much less power than for white noise,
        // whose difference power is twice its power.
        let values = a.map(Double.init)
        let differences = zip(values.dropFirst(), values).map { $0 - $1 }
        #expect(Signal.power(differences) < 0.8 * Signal.power(values))
    }

    @Test func rejectsLoudOrInvalidLevels() {
        expectParleyError("validation_failed", containing: "between −100 and −20") {
            _ = try SilenceGenerator(.comfortNoise(level: -6))
        }
        expectParleyError("validation_failed", containing: "between −100 and −20") {
            _ = try SilenceGenerator(.comfortNoise(level: .infinity))
        }
    }
}
