import Foundation
import ParleyAudio
import Testing

/// Talk-off: speech and speech-like sounds must not be taken for digits.
@Suite struct DTMFTalkOffTests {
    /// A voiced-speech stand-in: a harmonic series on a gliding pitch with 5.5 Hz vibrato, shaped by
    /// three narrow random formants, so that a few strong harmonics wander through the DTMF bands.
    static func speechLike(sampleRate: Int, seconds: Double, seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        let count = Int(seconds * Double(sampleRate))
        let glidePhase = Double.random(in: 0..<6, using: &random)
        let pitchOffset = Double.random(in: -20..<60, using: &random)
        let formants = [
            Double.random(in: 300..<900, using: &random),
            Double.random(in: 900..<2200, using: &random),
            Double.random(in: 2200..<3000, using: &random),
        ]
        var phase = 0.0
        var output = [Double](repeating: 0, count: count)
        for index in 0..<count {
            let time = Double(index) / Double(sampleRate)
            let pitch = (120 + 100 * sin(2 * .pi * 0.3 * time + glidePhase) + pitchOffset) * (1 + 0.03 * sin(2 * .pi * 5.5 * time))
            phase += 2 * .pi * pitch / Double(sampleRate)
            var value = 0.0
            for harmonic in 1..<40 {
                let frequency = Double(harmonic) * pitch
                guard frequency < 0.475 * Double(sampleRate) else { break }
                let emphasis = formants.reduce(0) { $0 + 1 / (1 + pow((frequency - $1) / 80, 2)) }
                value += emphasis / Double(harmonic).squareRoot() * sin(Double(harmonic) * phase)
            }
            output[index] = value
        }
        return normalized(output, peak: 20000)
    }

    /// A steady pitch (697/3 Hz) whose 3rd and 7th harmonics sit on 697 Hz and 1626 Hz (0.4 % below
    /// 1633 Hz), with formants on exactly those two: the DTMF-like case the second-harmonic
    /// and tone-share checks exist for.
    static func harmonicsOnDTMFPair(sampleRate: Int, emphasis: Double) -> [Double] {
        let pitch = 697.0 / 3
        let count = sampleRate / 2
        var output = [Double](repeating: 0, count: count)
        for harmonic in 1...14 where Double(harmonic) * pitch < 0.475 * Double(sampleRate) {
            let amplitude = harmonic == 3 || harmonic == 7 ? emphasis : 1 / Double(harmonic)
            for index in 0..<count {
                output[index] += amplitude * sin(2 * .pi * Double(harmonic) * pitch * Double(index) / Double(sampleRate) + Double(harmonic))
            }
        }
        return normalized(output, peak: 20000)
    }

    static func normalized(_ samples: [Double], peak: Double) -> [Double] {
        let largest = samples.map(abs).max() ?? 0
        return largest > 0 ? samples.map { $0 * peak / largest } : samples
    }

    @Test(arguments: [8000, 16000])
    func speechLikeHarmonicComplexesAreNotDigits(sampleRate: Int) throws {
        for seed in 0..<16 {
            let signal = Self.speechLike(sampleRate: sampleRate, seconds: 1.5, seed: UInt64(seed))
            #expect(try detectedString(signal, sampleRate: sampleRate) == "", "seed \(seed)")
        }
    }

    @Test(arguments: [8000, 16000])
    func harmonicsLandingOnADTMFPairAreNotDigits(sampleRate: Int) throws {
        for emphasis in [0.5, 1, 2] {
            #expect(try detectedString(Self.harmonicsOnDTMFPair(sampleRate: sampleRate, emphasis: emphasis), sampleRate: sampleRate) == "",
                    "emphasis \(emphasis)")
        }
        // With the pair 18 dB above every other harmonic the sound simply is a DTMF "A".
        #expect(try detectedString(Self.harmonicsOnDTMFPair(sampleRate: sampleRate, emphasis: 8), sampleRate: sampleRate) == "A")
    }

    static let sentences = [
        "The quick brown fox jumps over the lazy dog.",
        "Please hold while I transfer your call to the next available agent.",
        "Your account balance is four hundred and twelve dollars and sixty three cents.",
        "Hello? Can you hear me now? I would like an appointment next Tuesday at three thirty.",
        "Seven, eight, nine, zero. One two three four five six. Beep, boop, beeeep. Mmmm. Aaaah. Eeeee. Ooooh.",
    ]

    /// Synthetic speech from espeak-ng (several voices and pitches), resampled by sox, at both rates.
    @Test(.enabled(if: ExternalTool.espeak != nil && ExternalTool.sox != nil, "needs espeak-ng and sox"), arguments: [8000, 16000])
    func synthesizedSpeechIsNotDigits(sampleRate: Int) throws {
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let espeak = try #require(ExternalTool.espeak)
        let sox = try #require(ExternalTool.sox)
        var seconds = 0.0
        for (index, sentence) in Self.sentences.enumerated() {
            for (voice, pitch, speed) in [("en-us", "50", "175"), ("en-gb-x-rp", "20", "140"), ("en-us+f3", "90", "200")] {
                let spoken = directory.appendingPathComponent("s\(index).wav")
                let resampled = directory.appendingPathComponent("r\(index).wav")
                try ExternalTool.run(espeak, ["-v", voice, "-p", pitch, "-s", speed, "-w", spoken.path, sentence])
                try ExternalTool.run(sox, [spoken.path, "-r", String(sampleRate), "-c", "1", "-b", "16", resampled.path])
                let file = try WAVFile(parsing: [UInt8](try Data(contentsOf: resampled)))
                #expect(file.sampleRate == sampleRate)
                seconds += Double(file.frameCount) / Double(sampleRate)
                for gain in [1.0, 3.0] {
                    let loud = file.samples.map { Int16(max(-32768, min(32767, Double($0) * gain))) }
                    let events = try detectDigits(loud, sampleRate: sampleRate)
                    #expect(events.isEmpty, "\(voice) “\(sentence)” ×\(gain): \(events)")
                }
            }
        }
        #expect(seconds > 30)
    }
}
