import ParleyAudio
import Foundation
import Testing
@testable import ParleyVoice

@Suite struct OfflineCallRunnerTests {
    /// Caller audio: silence, then bursts of a 200 Hz tone standing in for words.
    func callerAudio(rate: Int, pattern: [(speech: Bool, milliseconds: Int)]) -> [Int16] {
        var samples: [Int16] = []
        for part in pattern {
            let count = part.milliseconds * rate / 1000
            for index in 0..<count {
                samples.append(part.speech ? Int16(6_000 * sin(Double(index) * 2 * .pi * 200 / Double(rate))) : 0)
            }
        }
        return samples
    }

    @Test func runsAWholeCallWithInstantProviders() async throws {
        let stt = ScriptedSpeechToText(["I want to book a table.", "Tomorrow at eight."])
        let providers = CallEngine.Providers(speechToText: stt, textToSpeech: ToneTextToSpeech(), turnPredictor: nil, brain: EchoBrain())
        let engine = try CallEngine(session: CallSessionConfiguration(), providers: providers, detector: LevelSpeechEstimator())
        let runner = OfflineCallRunner(engine: engine, realTime: false)
        var lines: [String] = []
        runner.onTranscript = { entry in
            lines.append("\(entry.speaker.rawValue): \(entry.text)")
            if entry.speaker == .caller { stt.advance() }
        }
        let audio = callerAudio(rate: 8_000, pattern: [(false, 3_000), (true, 1_200), (false, 4_000), (true, 900), (false, 4_000)])
        let result = await runner.run(caller: audio)
        #expect(lines == [
            "agent: Hello, echo here.",
            "caller: I want to book a table.",
            "agent: You said: I want to book a table.",
            "caller: Tomorrow at eight.",
            "agent: You said: Tomorrow at eight.",
        ])
        #expect(result.turns.count == 2)
        for turn in result.turns {
            let latency = try #require(turn.voiceToVoiceMilliseconds)
            #expect(latency >= 300)  // at least the endpoint silence
        }
        #expect(result.stereo.count >= audio.count * 2)
        // Agent audio is on the right channel only, caller on the left.
        let right = stride(from: 1, to: result.stereo.count, by: 2).map { result.stereo[$0] }
        #expect(right.contains { abs(Int($0)) > 1_000 })
        #expect(result.endReason == "end_of_input")
    }
}

@Suite struct OfflineCallKeypadTests {
    @Test func keypadTonesInTheCallerAudioReachTheBrain() async throws {
        let stt = ScriptedSpeechToText(["this must not be heard"])
        let providers = CallEngine.Providers(speechToText: stt, textToSpeech: ToneTextToSpeech(), turnPredictor: nil, brain: EchoBrain())
        let engine = try CallEngine(session: CallSessionConfiguration(), providers: providers, detector: LevelSpeechEstimator())
        var audio = [Int16](repeating: 0, count: 8_000 * 3)
        let generator = try DTMFGenerator(sampleRate: 8_000)
        audio += generator.samples(for: [.one, .pound]) + [Int16](repeating: 0, count: 8_000 * 3)
        let result = await OfflineCallRunner(engine: engine, realTime: false).run(caller: audio)
        let lines = result.transcript.map { "\($0.speaker.rawValue): \($0.text)" }
        #expect(lines.contains("caller: [DTMF 1]"))
        #expect(lines.contains("agent: You pressed 1."))
        #expect(stt.callCount == 0)
    }
}
