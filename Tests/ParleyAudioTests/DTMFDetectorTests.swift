import Foundation
import ParleyAudio
import Testing

@Suite struct DTMFDetectorTests {
    static let rates = [8000, 16000]

    /// Pads `tone` with `leadMilliseconds` of silence before and 100 ms after.
    static func padded(_ tone: [Double], lead leadMilliseconds: Double, sampleRate: Int) -> [Double] {
        Signal.silence(milliseconds: leadMilliseconds, sampleRate: sampleRate) + tone + Signal.silence(milliseconds: 100, sampleRate: sampleRate)
    }

    @Test(arguments: rates)
    func everyDigitFromTheGenerator(sampleRate: Int) throws {
        let generator = try DTMFGenerator(sampleRate: sampleRate)
        for digit in DTMFDigit.allCases {
            let events = try detectDigits(generator.samples(for: [digit]), sampleRate: sampleRate)
            #expect(events.map(\.digit) == [digit], "\(digit) at \(sampleRate) Hz")
            #expect(events.first.map { abs($0.startSample) <= sampleRate / 100 } == true, "start of \(digit)")
        }
    }

    /// Q.24: 40 ms tones are detected whatever their alignment to frames, with ±1.5 % frequency
    /// error and twist at the 8 dB normal / 4 dB reverse limits.
    @Test(arguments: rates)
    func fortyMillisecondTonesAreDetected(sampleRate: Int) throws {
        var random = SeededRandom(seed: UInt64(sampleRate))
        for digit in DTMFDigit.allCases {
            for offset in [-0.015, 0, 0.015] {
                for twist in [-4.0, 0, 8] {
                    let lead = Double.random(in: 0..<20, using: &random)
                    let phases = (Double.random(in: 0..<7, using: &random), Double.random(in: 0..<7, using: &random))
                    let tone = Signal.digit(digit, milliseconds: 40, sampleRate: sampleRate, offset: offset, twist: twist, phases: phases)
                    let detected = try detectedString(Self.padded(tone, lead: lead, sampleRate: sampleRate), sampleRate: sampleRate)
                    #expect(detected == String(digit.character), "\(digit) offset \(offset) twist \(twist) lead \(lead)")
                }
            }
        }
    }

    /// Q.24: tones shorter than 23 ms are not detected, at any alignment to the 5 ms blocks.
    @Test(arguments: rates, [20.0, 22.0, 23.0])
    func shortTonesAreRejected(sampleRate: Int, milliseconds: Double) throws {
        for digit in DTMFDigit.allCases {
            for lead in stride(from: 0.0, to: 5, by: 0.5) {
                let tone = Signal.digit(digit, milliseconds: milliseconds, sampleRate: sampleRate, level: -5)
                #expect(try detectedString(Self.padded(tone, lead: lead, sampleRate: sampleRate), sampleRate: sampleRate) == "",
                        "\(milliseconds) ms \(digit) lead \(lead)")
            }
        }
    }

    /// Q.24: ±3.5 % frequency error is rejected, on both tones or on either one.
    @Test(arguments: rates, [0.035, -0.035, 0.05])
    func offFrequencyTonesAreRejected(sampleRate: Int, offset: Double) throws {
        for digit in DTMFDigit.allCases {
            for (lowOffset, highOffset) in [(offset, offset), (offset, 0), (0, offset)] {
                let tone = Signal.dualTone(
                    low: digit.lowFrequency * (1 + lowOffset), high: digit.highFrequency * (1 + highOffset),
                    milliseconds: 200, sampleRate: sampleRate)
                #expect(try detectedString(Self.padded(tone, lead: 3, sampleRate: sampleRate), sampleRate: sampleRate) == "",
                        "\(digit) offsets \(lowOffset)/\(highOffset)")
            }
        }
    }

    @Test(arguments: rates)
    func twistBeyondLimitsAndWeakTonesAreRejected(sampleRate: Int) throws {
        for (twist, level) in [(11.0, -20.0), (-7.0, -10.0), (0.0, -45.0)] {
            let tone = Signal.digit(.five, milliseconds: 200, sampleRate: sampleRate, level: level, twist: twist)
            #expect(try detectedString(Self.padded(tone, lead: 0, sampleRate: sampleRate), sampleRate: sampleRate) == "", "twist \(twist) level \(level)")
        }
        let quiet = Signal.digit(.five, milliseconds: 60, sampleRate: sampleRate, level: -30)
        #expect(try detectedString(Self.padded(quiet, lead: 0, sampleRate: sampleRate), sampleRate: sampleRate) == "5")
    }

    /// Each talk-off guard rejects on its own: strong second harmonics, or energy outside the tones.
    @Test(arguments: rates)
    func talkOffGuardsRejectImpureTones(sampleRate: Int) throws {
        let digit = DTMFDigit.eight
        let tone = Signal.digit(digit, milliseconds: 100, sampleRate: sampleRate, level: -12)
        let harmonics = Signal.dualTone(
            low: 2 * digit.lowFrequency, high: 2 * digit.highFrequency, milliseconds: 100, sampleRate: sampleRate, level: -18)
        let rich = Self.padded(zip(tone, harmonics).map(+), lead: 0, sampleRate: sampleRate)
        var harmonicOnly = DTMFDetector.Configuration()
        harmonicOnly.minimumToneShare = 0
        #expect(try detectedString(rich, sampleRate: sampleRate, configuration: harmonicOnly) == "")
        harmonicOnly.secondHarmonicRejection = 3
        #expect(try detectedString(rich, sampleRate: sampleRate, configuration: harmonicOnly) == "8")

        var shareOnly = DTMFDetector.Configuration()
        shareOnly.secondHarmonicRejection = 0
        #expect(try detectedString(rich, sampleRate: sampleRate, configuration: shareOnly) == "")
        shareOnly.minimumToneShare = 0.7
        #expect(try detectedString(rich, sampleRate: sampleRate, configuration: shareOnly) == "8")
    }

    @Test(arguments: rates)
    func detectedInWhiteNoiseAtTwentyDecibelsSNR(sampleRate: Int) throws {
        var random = SeededRandom(seed: 20 + UInt64(sampleRate))
        for round in 0..<48 {
            let digit = DTMFDigit.allCases[round % 16]
            let tone = Signal.digit(digit, milliseconds: 40, sampleRate: sampleRate, twist: [-3.0, 0, 6][round % 3])
            let noiseDeviation = (Signal.power(tone) / 100).squareRoot()
            let signal = Self.padded(tone, lead: Double.random(in: 0..<20, using: &random), sampleRate: sampleRate)
                .map { $0 + noiseDeviation * random.gaussian() }
            #expect(try detectedString(signal, sampleRate: sampleRate) == String(digit.character), "\(digit) round \(round)")
        }
    }

    @Test(arguments: rates)
    func sequenceWithFortyMillisecondGapsYieldsEachDigitOnce(sampleRate: Int) throws {
        let generator = try DTMFGenerator(sampleRate: sampleRate, toneDuration: .milliseconds(40), gapDuration: .milliseconds(40))
        let sequence = "1123456789*0#ABCDD00"
        let samples = [Int16](repeating: 0, count: sampleRate * 13 / 1000)
            + generator.samples(for: sequence.compactMap(DTMFDigit.init))
        let events = try detectDigits(samples, sampleRate: sampleRate)
        #expect(String(events.map(\.digit.character)) == sequence)
        let period = generator.toneSampleCount + generator.gapSampleCount
        for (index, event) in events.enumerated() {
            let expectedStart = sampleRate * 13 / 1000 + index * period
            #expect(abs(event.startSample - expectedStart) <= sampleRate / 100, "start of digit \(index)")
        }
    }

    /// Pauses of 20 ms already separate repeats of one digit (Q.24 asks for 40 ms).
    @Test(arguments: rates)
    func twentyMillisecondPausesSeparateRepeats(sampleRate: Int) throws {
        for lead in stride(from: 0.0, to: 5, by: 0.5) {
            var signal = Signal.silence(milliseconds: lead, sampleRate: sampleRate)
            for _ in 0..<4 {
                signal += Signal.digit(.seven, milliseconds: 45, sampleRate: sampleRate)
                signal += Signal.silence(milliseconds: 20, sampleRate: sampleRate)
            }
            #expect(try detectedString(signal, sampleRate: sampleRate) == "7777", "lead \(lead)")
        }
    }

    /// Q.24: an interruption of up to 10 ms does not split a digit.
    @Test(arguments: rates)
    func tenMillisecondInterruptionIsBridged(sampleRate: Int) throws {
        for gapStart in stride(from: 45.0, through: 60, by: 2.5) {
            var tone = Signal.digit(.nine, milliseconds: 120, sampleRate: sampleRate)
            let from = Int(gapStart * Double(sampleRate) / 1000)
            for index in from..<(from + sampleRate / 100) { tone[index] = 0 }
            #expect(try detectedString(Self.padded(tone, lead: 7, sampleRate: sampleRate), sampleRate: sampleRate) == "9", "gap at \(gapStart) ms")
        }
    }

    /// The state machine does not depend on how the stream is cut into frames.
    @Test(arguments: rates)
    func framingDoesNotChangeTheResult(sampleRate: Int) throws {
        let generator = try DTMFGenerator(sampleRate: sampleRate, twist: 2, toneDuration: .milliseconds(50), gapDuration: .milliseconds(30))
        let samples = generator.samples(for: "159D*#".compactMap(DTMFDigit.init))
        let reference = try detectDigits(samples, sampleRate: sampleRate)
        #expect(String(reference.map(\.digit.character)) == "159D*#")
        for length in [1, 7, 80, 333] {
            #expect(try detectDigits(samples, sampleRate: sampleRate, frameLength: length) == reference, "frames of \(length)")
        }
        // One call with the whole stream reports every digit through the callback.
        var detector = try DTMFDetector(sampleRate: sampleRate)
        var events: [DTMFEvent] = []
        samples.withUnsafeBufferPointer { detector.process($0) { events.append($0) } }
        #expect(events == reference)
    }

    @Test func survivesG711AndReset() throws {
        let generator = try DTMFGenerator(level: -20, toneDuration: .milliseconds(60), gapDuration: .milliseconds(60))
        let samples = generator.samples(for: "0A".compactMap(DTMFDigit.init))
        for law in G711.allCases {
            let coded = samples.map { law.decode(law.encode($0)) }
            #expect(String(try detectDigits(coded, sampleRate: 8000).map(\.digit.character)) == "0A", "\(law)")
        }
        var detector = try DTMFDetector()
        let half = Array(samples.prefix(320))
        half.withUnsafeBufferPointer { _ = detector.process($0) }
        #expect(detector.activeDigit == .zero)
        detector.reset()
        #expect(detector.activeDigit == nil)
        let again = samples.withUnsafeBufferPointer { buffer in
            var found: [DTMFEvent] = []
            detector.process(buffer) { found.append($0) }
            return found
        }
        #expect(again.map(\.digit) == [.zero, .a] && again.first?.startSample ?? 99 < 40)
    }

    @Test(arguments: rates)
    func silenceAndNoiseDetectNothing(sampleRate: Int) throws {
        var random = SeededRandom(seed: 3)
        let silence = Signal.silence(milliseconds: 500, sampleRate: sampleRate)
        #expect(try detectedString(silence, sampleRate: sampleRate) == "")
        for deviation in [30.0, 300, 3000, 12000] {
            let noise = (0..<(sampleRate / 2)).map { _ in deviation * random.gaussian() }
            #expect(try detectedString(noise, sampleRate: sampleRate) == "", "noise σ \(deviation)")
        }
    }

    @Test func rejectsUnsupportedSetups() {
        expectParleyError("validation_failed", containing: "8000 or 16000") { _ = try DTMFDetector(sampleRate: 44100) }
        var configuration = DTMFDetector.Configuration()
        configuration.frequencyTolerance = 0.2
        expectParleyError("validation_failed", containing: "frequencyTolerance") {
            _ = try DTMFDetector(configuration: configuration)
        }
        configuration = DTMFDetector.Configuration()
        configuration.minimumToneShare = .nan
        expectParleyError("validation_failed", containing: "minimumToneShare") {
            _ = try DTMFDetector(configuration: configuration)
        }
    }
}
