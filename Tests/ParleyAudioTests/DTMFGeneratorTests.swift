import Foundation
import ParleyAudio
import Testing

@Suite struct DTMFGeneratorTests {
    @Test func digitsMapToKeypadAndEventCodes() {
        #expect(String(DTMFDigit.allCases.map(\.character)) == "0123456789*#ABCD")
        #expect(DTMFDigit.allCases.map(\.rawValue) == Array(0...15))
        for digit in DTMFDigit.allCases {
            #expect(DTMFDigit(digit.character) == digit)
            #expect(DTMFDigit.lowGroupFrequencies.contains(digit.lowFrequency))
            #expect(DTMFDigit.highGroupFrequencies.contains(digit.highFrequency))
        }
        #expect(DTMFDigit("b") == .b && DTMFDigit("E") == nil && DTMFDigit("1\u{301}") == nil && DTMFDigit("٣") == nil)
        #expect(DTMFDigit.five.lowFrequency == 770 && DTMFDigit.five.highFrequency == 1336)
        #expect(DTMFDigit.pound.lowFrequency == 941 && DTMFDigit.pound.highFrequency == 1477)
    }

    @Test(arguments: [8000, 16000])
    func renderedFramesJoinWithoutPhaseJumps(sampleRate: Int) throws {
        let generator = try DTMFGenerator(sampleRate: sampleRate, level: -8, twist: 2)
        let frame = sampleRate / 50
        var whole = [Int16](repeating: 0, count: 5 * frame)
        whole.withUnsafeMutableBufferPointer { generator.render(.c, into: $0) }
        var pieces = [Int16](repeating: 0, count: 5 * frame)
        pieces.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<5 {
                generator.render(.c, into: UnsafeMutableBufferPointer(rebasing: buffer[(index * frame)..<((index + 1) * frame)]), startingAt: index * frame)
            }
        }
        #expect(pieces == whole)
        // The two tones at −8 and −6 dB relative to a full-scale sine.
        let expectedPower = (pow(32767 * pow(10, -8.0 / 20), 2) + pow(32767 * pow(10, -6.0 / 20), 2)) / 2
        let power = Signal.power(whole.map(Double.init))
        #expect(abs(10 * log10(power / expectedPower)) < 0.1)
    }

    @Test func sequenceLayout() throws {
        let generator = try DTMFGenerator(sampleRate: 16000, toneDuration: .milliseconds(45), gapDuration: .milliseconds(55))
        #expect(generator.toneSampleCount == 720 && generator.gapSampleCount == 880)
        let samples = generator.samples(for: [.one, .two])
        #expect(samples.count == 2 * 1600)
        #expect(samples[720..<1600].allSatisfy { $0 == 0 } && samples[2320...].allSatisfy { $0 == 0 })
        #expect(samples[0..<720].contains { $0 != 0 })
    }

    @Test func rejectsBadParameters() {
        expectParleyError("validation_failed", containing: "8000…48000") { _ = try DTMFGenerator(sampleRate: 4000) }
        expectParleyError("validation_failed", containing: "clip") { _ = try DTMFGenerator(level: -3) }
        expectParleyError("validation_failed", containing: "finite") { _ = try DTMFGenerator(level: .nan) }
        expectParleyError("validation_failed", containing: "durations") {
            _ = try DTMFGenerator(toneDuration: .seconds(-1))
        }
    }
}
