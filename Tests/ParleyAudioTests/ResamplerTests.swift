import Foundation
import ParleyAudio
import Testing

/// Measured filter behaviour of every rate pair: passband ripple, stop-band rejection, group delay.
@Suite struct ResamplerTests {
    static let pairs: [(Int, Int)] = Resampler.supportedRates.flatMap { input in
        Resampler.supportedRates.filter { $0 != input }.map { (input, $0) }
    }

    /// Passband tones from 50 Hz to exactly 0.9 × the lower Nyquist frequency.
    static func passbandGrid(lowerRate: Int) -> [Double] {
        let edge = 0.45 * Double(lowerRate)
        return (0..<24).map { 50 + (edge - 50) * Double($0) / 23 }
    }

    @Test(arguments: pairs)
    func passbandRippleIsAtMostATenthOfADecibel(inputRate: Int, outputRate: Int) throws {
        let resampler = try Resampler(inputRate: inputRate, outputRate: outputRate)
        var gains: [Double] = []
        for frequency in Self.passbandGrid(lowerRate: min(inputRate, outputRate)) {
            let fit = ToneAnalysis.resampleTone(frequency, with: resampler)
            gains.append(20 * log10(fit.amplitude / ToneAnalysis.amplitude))
        }
        let ripple = gains.max()! - gains.min()!
        #expect(ripple <= 0.1, "\(inputRate)→\(outputRate): ripple \(ripple) dB, gains \(gains)")
        #expect(gains.allSatisfy { abs($0) <= 0.05 }, "\(inputRate)→\(outputRate): gains \(gains)")
        print("resampler \(inputRate)→\(outputRate): passband ripple \(String(format: "%.4f", ripple)) dB")
    }

    @Test(arguments: pairs)
    func groupDelayIsMeasuredByPhaseSlopeAndStaysUnderFiveMilliseconds(inputRate: Int, outputRate: Int) throws {
        let resampler = try Resampler(inputRate: inputRate, outputRate: outputRate)
        var delays: [Double] = []
        for frequency in Self.passbandGrid(lowerRate: min(inputRate, outputRate)).dropLast().enumerated().filter({ $0.offset % 4 == 1 }).map(\.element) {
            let step = 5.0
            let first = ToneAnalysis.resampleTone(frequency, with: resampler)
            let second = ToneAnalysis.resampleTone(frequency + step, with: resampler)
            var difference = second.phase - first.phase
            while difference > .pi { difference -= 2 * .pi }
            while difference <= -.pi { difference += 2 * .pi }
            delays.append(-difference / (2 * .pi * step))
        }
        let largest = delays.max()!
        #expect(largest <= 0.005, "\(inputRate)→\(outputRate): group delays \(delays)")
        // Linear phase: the same delay at every frequency, equal to the one the resampler reports.
        #expect(delays.allSatisfy { abs($0 - resampler.delaySeconds) < 2e-6 }, "\(delays) vs \(resampler.delaySeconds)")
        print("resampler \(inputRate)→\(outputRate): group delay \(String(format: "%.3f", largest * 1000)) ms")
    }

    /// Downsampling: tones between the output's Nyquist frequency and the input's would alias;
    /// upsampling: passband tones must leave no images. Either way, what is left beside the
    /// wanted tone must be 60 dB down.
    @Test(arguments: pairs)
    func stopBandRejectionIsAtLeastSixtyDecibels(inputRate: Int, outputRate: Int) throws {
        let resampler = try Resampler(inputRate: inputRate, outputRate: outputRate)
        var worst = -Double.infinity
        if inputRate > outputRate {
            let low = 0.5 * Double(outputRate)
            let high = 0.5 * Double(inputRate) * 0.995
            for step in 0..<32 {
                let frequency = low + (high - low) * Double(step) / 31
                let output = ToneAnalysis.resampleToneSamples(frequency, with: resampler)
                let power = output.reduce(0) { $0 + $1 * $1 } / Double(output.count)
                worst = max(worst, 10 * log10(power / ToneAnalysis.power + 1e-30))
            }
        } else {
            for frequency in Self.passbandGrid(lowerRate: inputRate) {
                let fit = ToneAnalysis.resampleTone(frequency, with: resampler)
                worst = max(worst, 10 * log10(fit.residualPower / ToneAnalysis.power + 1e-30))
            }
        }
        #expect(worst <= -60, "\(inputRate)→\(outputRate): worst \(worst) dB")
        print("resampler \(inputRate)→\(outputRate): stop-band rejection \(String(format: "%.1f", -worst)) dB")
    }

    @Test(arguments: pairs)
    func outputIsIdenticalWhateverTheChunking(inputRate: Int, outputRate: Int) throws {
        var random = SeededRandom(seed: UInt64(inputRate &* 31 &+ outputRate))
        let samples = (0..<(inputRate / 4)).map { _ in Int16.random(in: -20000...20000, using: &random) }
        let floats = samples.map { Float($0) / 32768 }
        let resampler = try Resampler(inputRate: inputRate, outputRate: outputRate)
        let whole = Chunked.run(samples, resampler, chunkSizes: [samples.count])
        let wholeFloat = Chunked.run(floats, resampler, chunkSizes: [floats.count])
        for trial in 0..<3 {
            let sizes = (0..<400).map { _ in trial == 0 ? 1 : Int.random(in: 0...(trial == 1 ? 37 : 900), using: &random) }
            #expect(Chunked.run(samples, resampler, chunkSizes: sizes) == whole)
            #expect(Chunked.run(floats, resampler, chunkSizes: sizes) == wholeFloat)
        }
        // Output length: up to the output centred on the last input sample, after the filter delay.
        let lastCentre = Double(samples.count - 1) * Double(outputRate) / Double(inputRate) + resampler.delay
        #expect(whole.count == Int(lastCentre.rounded(.down)) + 1)
    }

    @Test(arguments: pairs)
    func silenceInIsSilenceOut(inputRate: Int, outputRate: Int) throws {
        let resampler = try Resampler(inputRate: inputRate, outputRate: outputRate)
        let output = Chunked.run([Int16](repeating: 0, count: 3000), resampler, chunkSizes: [160, 441, 7, 1000])
        #expect(!output.isEmpty && output.allSatisfy { $0 == 0 })
        let floats = Chunked.run([Float](repeating: 0, count: 3000), resampler, chunkSizes: [3000])
        #expect(floats.allSatisfy { $0 == 0 })
    }

    /// 8 kHz → r → 8 kHz reproduces a band-limited signal, delayed by the two filters' delays.
    @Test(arguments: [16000, 22050, 24000, 48000])
    func roundTripFromEightKilohertzReproducesTheSignal(rate: Int) throws {
        let tones: [(Double, Double, Double)] = [(0.2, 300, 0.1), (0.15, 1130, 2.0), (0.1, 2200, 1.0), (0.1, 3500, 0.4)]
        func signal(_ time: Double) -> Double { tones.reduce(0) { $0 + $1.0 * sin(2 * .pi * $1.1 * time + $1.2) } }
        let input = (0..<8000).map { Float(signal(Double($0) / 8000)) }
        let up = try Resampler(inputRate: 8000, outputRate: rate)
        let down = try Resampler(inputRate: rate, outputRate: 8000)
        let output = Chunked.run(Chunked.run(input, up, chunkSizes: [160]), down, chunkSizes: [333])
        let delay = up.delaySeconds + down.delaySeconds
        var (error, power) = (0.0, 0.0)
        for index in 200..<7800 {
            let expected = signal(Double(index) / 8000 - delay)
            error += pow(Double(output[index]) - expected, 2)
            power += expected * expected
        }
        let snr = 10 * log10(power / error)
        #expect(snr >= 50, "8000→\(rate)→8000: SNR \(snr) dB")
        print("resampler 8000→\(rate)→8000 round trip: SNR \(String(format: "%.1f", snr)) dB, delay \(String(format: "%.2f", delay * 1000)) ms")
    }

    @Test func sameRateIsACopy() throws {
        let samples: [Int16] = [1, -2, 3, 32767, -32768, 0]
        #expect(Chunked.run(samples, try Resampler(inputRate: 16000, outputRate: 16000), chunkSizes: [4]) == samples)
    }

    @Test func fullScaleInt16IsClippedNotWrapped() throws {
        // A full-scale square wave overshoots (Gibbs); the Int16 output must saturate.
        let square = (0..<4000).map { ($0 / 20) % 2 == 0 ? Int16.max : Int16.min }
        let output = Chunked.run(square, try Resampler(inputRate: 8000, outputRate: 16000), chunkSizes: [160])
        let reference = Chunked.run(square.map { Float($0) / 32768 }, try Resampler(inputRate: 8000, outputRate: 16000), chunkSizes: [160])
        for (value, exact) in zip(output, reference) {
            #expect(abs(Double(value) - max(-32768, min(32767, Double(exact) * 32768))) <= 1)
        }
        #expect(output.contains(Int16.max) && output.contains(Int16.min))
    }

    @Test func rejectsUnsupportedRates() {
        expectParleyError("validation_failed", containing: "44100") { _ = try Resampler(inputRate: 44100, outputRate: 8000) }
        expectParleyError("validation_failed", containing: "outputRate") { _ = try Resampler(inputRate: 8000, outputRate: 11025) }
    }
}

/// Runs a copy of a resampler over a whole signal in the given chunk sizes (cycled), then flushes.
enum Chunked {
    static func run<Sample: ResampledSample>(_ input: [Sample], _ resampler: Resampler, chunkSizes: [Int]) -> [Sample] {
        var resampler = resampler
        resampler.reset()
        var output: [Sample] = []
        var start = 0
        var chunkIndex = 0
        input.withUnsafeBufferPointer { input in
            while start < input.count {
                let count = min(chunkSizes[chunkIndex % chunkSizes.count], input.count - start)
                chunkIndex += 1
                let capacity = resampler.maximumOutputCount(forInputCount: count)
                let chunk = [Sample](unsafeUninitializedCapacity: capacity) { buffer, written in
                    written = Sample.process(&resampler, UnsafeBufferPointer(rebasing: input[start..<(start + count)]), buffer)
                }
                output += chunk
                start += count
            }
        }
        output += [Sample](unsafeUninitializedCapacity: resampler.maximumFlushCount) { buffer, written in
            written = Sample.flush(&resampler, buffer)
        }
        return output
    }
}

protocol ResampledSample: Equatable {
    static func process(_ resampler: inout Resampler, _ input: UnsafeBufferPointer<Self>, _ output: UnsafeMutableBufferPointer<Self>) -> Int
    static func flush(_ resampler: inout Resampler, _ output: UnsafeMutableBufferPointer<Self>) -> Int
}

extension Int16: ResampledSample {
    static func process(_ resampler: inout Resampler, _ input: UnsafeBufferPointer<Int16>, _ output: UnsafeMutableBufferPointer<Int16>) -> Int {
        resampler.process(input, into: output)
    }
    static func flush(_ resampler: inout Resampler, _ output: UnsafeMutableBufferPointer<Int16>) -> Int { resampler.flush(into: output) }
}

extension Float: ResampledSample {
    static func process(_ resampler: inout Resampler, _ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>) -> Int {
        resampler.process(input, into: output)
    }
    static func flush(_ resampler: inout Resampler, _ output: UnsafeMutableBufferPointer<Float>) -> Int { resampler.flush(into: output) }
}

/// Sine-wave measurements through a resampler.
enum ToneAnalysis {
    static let amplitude = 0.5
    static var power: Double { amplitude * amplitude / 2 }
    /// Output samples analysed, after the filter has filled.
    static let analysedLength = 1500

    /// The steady-state output for a sine of `frequency` at the input rate (Float path).
    static func resampleToneSamples(_ frequency: Double, with resampler: Resampler) -> [Double] {
        let inputCount = Int(Double(analysedLength + 2 * Int(resampler.delay.rounded(.up)) + 16) * Double(resampler.inputRate) / Double(resampler.outputRate))
        let input = (0..<inputCount).map { Float(amplitude * sin(2 * .pi * frequency * Double($0) / Double(resampler.inputRate))) }
        let output = Chunked.run(input, resampler, chunkSizes: [input.count])
        let skip = 2 * Int(resampler.delay.rounded(.up)) + 8
        return output[skip..<(skip + analysedLength)].map(Double.init)
    }

    /// Least-squares fit of a sine at `frequency` to the steady-state output.
    /// `phase` is the output's phase relative to the input's at the same output sample index's time.
    static func resampleTone(_ frequency: Double, with resampler: Resampler) -> (amplitude: Double, phase: Double, residualPower: Double) {
        let output = resampleToneSamples(frequency, with: resampler)
        let skip = 2 * Int(resampler.delay.rounded(.up)) + 8
        let omega = 2 * .pi * frequency / Double(resampler.outputRate)
        var (ss, sc, cc, ys, yc) = (0.0, 0.0, 0.0, 0.0, 0.0)
        for (offset, value) in output.enumerated() {
            let angle = omega * Double(skip + offset)
            let (s, c) = (sin(angle), cos(angle))
            ss += s * s; sc += s * c; cc += c * c; ys += value * s; yc += value * c
        }
        let determinant = ss * cc - sc * sc
        let a = (ys * cc - yc * sc) / determinant
        let b = (yc * ss - ys * sc) / determinant
        var residual = 0.0
        for (offset, value) in output.enumerated() {
            let angle = omega * Double(skip + offset)
            residual += pow(value - a * sin(angle) - b * cos(angle), 2)
        }
        return ((a * a + b * b).squareRoot(), atan2(b, a), residual / Double(output.count))
    }
}
