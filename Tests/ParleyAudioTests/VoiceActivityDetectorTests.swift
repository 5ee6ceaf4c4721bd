import Foundation
import ParleyAudio
import Testing

/// Frame-level accuracy on labelled synthetic speech in noise, false starts on noise alone.
@Suite(.enabled(if: SpeechCorpus.isAvailable, "needs espeak-ng and flite"))
struct VoiceActivityDetectorAccuracyTests {
    /// How the audio reaches the detector.
    enum Channel: String, CaseIterable, Sendable, CustomStringConvertible {
        case narrowband = "8 kHz"
        case narrowbandMuLaw = "8 kHz μ-law"
        case narrowband10ms = "8 kHz 10 ms frames"
        case wideband = "16 kHz"

        var description: String { rawValue }
        var sampleRate: Int { self == .wideband ? 16000 : 8000 }
        var frameMilliseconds: Int { self == .narrowband10ms ? 10 : 20 }
    }

    static let conditions: [(Channel, TestNoise)] = Channel.allCases.flatMap { channel in TestNoise.allCases.map { (channel, $0) } }

    @Test(arguments: conditions)
    func frameF1MeetsTargetsAtTwentyAndTenDecibels(channel: Channel, noise: TestNoise) throws {
        let layout = try SpeechCorpus.layout(sampleRate: channel.sampleRate, frameMilliseconds: channel.frameMilliseconds, seed: 11)
        let noiseSamples = noise.samples(count: layout.speech.count, sampleRate: channel.sampleRate, seed: 5)
        // Small-group babble is the documented weak spot (see docs/audio.md): its own, lower bar
        // at 20 dB guards against regressions rather than claiming the target.
        let targets = noise == .smallGroupBabble ? [(20.0, 0.85), (10.0, 0.8)] : [(20.0, 0.9), (10.0, 0.8)]
        for (snr, target) in targets {
            let noiseGain = (layout.activePower / pow(10, snr / 10)).squareRoot()
            var mixed = Signal.pcm16(zip(layout.speech, noiseSamples).map { $0 + $1 * noiseGain })
            if channel == .narrowbandMuLaw { mixed = VoiceActivityRun.muLawRoundTrip(mixed) }
            var configuration = VoiceActivityDetector.Configuration()
            configuration.frameMilliseconds = channel.frameMilliseconds
            let results = try VoiceActivityRun.run(mixed, sampleRate: channel.sampleRate, configuration: configuration)
            let score = FrameScore(predicted: results.map(\.isSpeech), labels: layout.labels)
            let raw = FrameScore(predicted: results.map { $0.probability >= 0.5 }, labels: layout.labels)
            #expect(score.f1 >= target, "\(channel) \(noise) \(snr) dB: \(score)")
            print("VAD \(channel) \(noise) \(Int(snr)) dB: decision \(score); raw p≥0.5 F1 \(String(format: "%.3f", raw.f1))")
        }
    }

    /// Ten minutes of each noise alone (8 kHz, −30 dBFS) start speech at most once. Small-group
    /// babble is left out: its syllables rise 10 dB and more above its floor, and an energy
    /// detector takes them for speech (hundreds of starts; see docs/audio.md).
    @Test(arguments: TestNoise.allCases.filter { $0 != .smallGroupBabble })
    func atMostOneFalseStartInTenMinutesOfNoise(noise: TestNoise) throws {
        let sampleRate = 8000
        let level = 32767 / 2.0.squareRoot() * pow(10, -30.0 / 20)
        let samples = Signal.pcm16(noise.samples(count: 600 * sampleRate, sampleRate: sampleRate, seed: 99).map { $0 * level })
        let results = try VoiceActivityRun.run(samples, sampleRate: sampleRate)
        let starts = results.filter { $0.event?.kind == .speechStarted }.count
        let speechFrames = results.filter(\.isSpeech).count
        #expect(starts <= 1, "\(noise): \(starts) false starts, \(speechFrames) speech frames")
        print("VAD 10 min \(noise) noise: \(starts) false starts, \(speechFrames) of \(results.count) frames speech")
    }
}

/// Behaviour on constructed signals (no external tools).
@Suite struct VoiceActivityDetectorTests {
    @Test(arguments: [8000, 16000])
    func silenceIsNeverSpeech(sampleRate: Int) throws {
        let results = try VoiceActivityRun.run([Int16](repeating: 0, count: 5 * sampleRate), sampleRate: sampleRate)
        #expect(results.allSatisfy { !$0.isSpeech && $0.event == nil && $0.probability < 0.05 })
        // μ-law idle noise (codes around zero decode to ±8 and 0) is silence too.
        var random = SeededRandom(seed: 3)
        let idle = (0..<(5 * sampleRate)).map { _ in [Int16(0), 8, -8][Int.random(in: 0..<3, using: &random)] }
        #expect(try VoiceActivityRun.run(idle, sampleRate: sampleRate).allSatisfy { !$0.isSpeech })
    }

    /// A voiced burst in noise: the start and end events name the burst's first and first-after frames.
    @Test(arguments: [(8000, 20), (16000, 20), (8000, 10)])
    func eventsAreBackDatedToTheEdges(sampleRate: Int, frameMilliseconds: Int) throws {
        let noise = TestNoise.white.samples(count: 4 * sampleRate, sampleRate: sampleRate, seed: 1).map { $0 * 100 }
        let burst = DTMFTalkOffTests.speechLike(sampleRate: sampleRate, seconds: 1, seed: 4).map { $0 / 10 }
        var signal = noise
        let onset = 3 * sampleRate / 2
        for index in burst.indices { signal[onset + index] += burst[index] }
        var configuration = VoiceActivityDetector.Configuration()
        configuration.frameMilliseconds = frameMilliseconds
        let results = try VoiceActivityRun.run(Signal.pcm16(signal), sampleRate: sampleRate, configuration: configuration)
        let events = results.compactMap(\.event)
        let frameLength = sampleRate * frameMilliseconds / 1000
        let (startFrame, endFrame) = (onset / frameLength, (onset + burst.count) / frameLength)
        try #require(events.count == 2, "\(events)")
        #expect(events[0].kind == .speechStarted && abs(events[0].frameIndex - startFrame) <= 1, "\(events)")
        #expect(events[1].kind == .speechEnded && abs(events[1].frameIndex - endFrame) <= 2, "\(events)")
        #expect(events[0].sample == events[0].frameIndex * frameLength)
        // The decision lags the back-dated edges by the onset and hangover times.
        let firstSpeech = try #require(results.firstIndex(where: { $0.isSpeech }))
        #expect(firstSpeech == events[0].frameIndex + configuration.minimumSpeechMilliseconds / frameMilliseconds - 1)
        let lastSpeech = try #require(results.lastIndex(where: { $0.isSpeech }))
        #expect(lastSpeech == events[1].frameIndex + configuration.hangoverMilliseconds / frameMilliseconds - 2)
    }

    @Test func isDeterministicAndResettable() throws {
        let noise = TestNoise.babble.samples(count: 3 * 8000, sampleRate: 8000, seed: 2).map { $0 * 2000 }
        let burst = DTMFTalkOffTests.speechLike(sampleRate: 8000, seconds: 0.8, seed: 9)
        let signal = Signal.pcm16(noise + burst.map { $0 / 2 } + noise)
        let first = try VoiceActivityRun.run(signal, sampleRate: 8000)
        #expect(try VoiceActivityRun.run(signal, sampleRate: 8000) == first)
        var detector = try VoiceActivityDetector(sampleRate: 8000)
        _ = VoiceActivityRun.feed(signal, to: &detector)
        detector.reset()
        #expect(VoiceActivityRun.feed(signal, to: &detector) == first)
        #expect(first.contains(where: { $0.isSpeech }))
    }

    @Test func debouncerFollowsAScriptedSequence() {
        var debouncer = VoiceActivityDebouncer(onsetThreshold: 0.6, offsetThreshold: 0.3, onsetFrames: 2, hangoverFrames: 3, frameLength: 160)
        let probabilities: [Float] = [0.9, 0.1, 0.7, 0.8, 0.5, 0.2, 0.2, 0.4, 0.1, 0.1, 0.29, 0.9]
        var events: [VoiceActivityEvent] = []
        var states: [Bool] = []
        for probability in probabilities {
            if let event = debouncer.receive(probability: probability) { events.append(event) }
            states.append(debouncer.isSpeech)
        }
        #expect(events == [
            VoiceActivityEvent(kind: .speechStarted, frameIndex: 2, sample: 320),
            VoiceActivityEvent(kind: .speechEnded, frameIndex: 8, sample: 1280),
        ])
        #expect(states == [false, false, false, true, true, true, true, true, true, true, false, false])
    }

    @Test func rejectsBadSettings() {
        expectParleyError("validation_failed", containing: "44100") { _ = try VoiceActivityDetector(sampleRate: 44100) }
        var configuration = VoiceActivityDetector.Configuration()
        configuration.frameMilliseconds = 30
        expectParleyError("validation_failed", containing: "frameMilliseconds") { _ = try VoiceActivityDetector(configuration: configuration) }
        configuration = .init()
        configuration.offsetThreshold = 0.9
        expectParleyError("validation_failed", containing: "thresholds") { _ = try VoiceActivityDetector(configuration: configuration) }
    }
}

enum VoiceActivityRun {
    static func run(
        _ samples: [Int16], sampleRate: Int, configuration: VoiceActivityDetector.Configuration = .init()
    ) throws -> [VoiceActivity] {
        var detector = try VoiceActivityDetector(sampleRate: sampleRate, configuration: configuration)
        return feed(samples, to: &detector)
    }

    static func feed(_ samples: [Int16], to detector: inout VoiceActivityDetector) -> [VoiceActivity] {
        let length = detector.frameLength
        var results: [VoiceActivity] = []
        results.reserveCapacity(samples.count / length)
        samples.withUnsafeBufferPointer { buffer in
            var start = 0
            while start + length <= buffer.count {
                results.append(detector.process(frame: UnsafeBufferPointer(rebasing: buffer[start..<(start + length)])))
                start += length
            }
        }
        return results
    }

    static func muLawRoundTrip(_ samples: [Int16]) -> [Int16] {
        var codes = [UInt8](repeating: 0, count: samples.count)
        var decoded = [Int16](repeating: 0, count: samples.count)
        samples.withUnsafeBufferPointer { input in codes.withUnsafeMutableBufferPointer { G711.muLaw.encode(input, into: $0) } }
        codes.withUnsafeBufferPointer { input in decoded.withUnsafeMutableBufferPointer { G711.muLaw.decode(input, into: $0) } }
        return decoded
    }
}

struct FrameScore: CustomStringConvertible {
    var truePositives = 0, falsePositives = 0, falseNegatives = 0

    init(predicted: [Bool], labels: [Bool]) {
        for (guess, truth) in zip(predicted, labels) {
            if guess && truth { truePositives += 1 } else if guess { falsePositives += 1 } else if truth { falseNegatives += 1 }
        }
    }

    var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
    var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
    var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }
    var description: String {
        String(format: "F1 %.3f (precision %.3f, recall %.3f)", f1, precision, recall)
    }
}
