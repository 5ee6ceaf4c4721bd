import Foundation
import ParleyServer
import ParleyVoice

/// What `parley call` prints: the transcript as it happens, then latencies.
final class CallReport {
    let sampleRate: Int

    init(sampleRate: Int) {
        self.sampleRate = sampleRate
    }

    func printHeader(agent: AgentConfiguration, stack: VoiceStack, fast: Bool) {
        let line = sampleRate == 8_000 ? "8 kHz G.711 μ-law" : "16 kHz linear"
        let brain: String
        switch agent.brain {
        case .flow: brain = "flow"
        case .llm(let settings): brain = "LLM \(settings.model ?? "default model")"
        }
        print("call with agent '\(agent.name)' (\(brain)), offline speech: Whisper \(stack.pool.configuration.sttModel), Piper joe-medium, smart-turn; \(line); \(fast ? "fast" : "real time")")
    }

    func printLine(_ entry: TranscriptEntry) {
        let mark = entry.interrupted ? " [interrupted]" : ""
        print("[\(Self.clock(entry.start))] \(entry.speaker.rawValue): \(entry.text)\(mark)")
    }

    func printSummary(_ result: OfflineCallResult) {
        print("call ended: \(result.endReason)\(result.transferTarget.map { " (transfer to \($0))" } ?? "")")
        let turns = result.turns.filter { $0.userSpeechEnd != nil }
        guard !turns.isEmpty else { return }
        print("turn latencies in ms after the end of caller speech:")
        print("  turn  endpoint  stt-final  brain  tts-audio  frame-out")
        for turn in turns {
            guard let end = turn.userSpeechEnd else { continue }
            func after(_ time: MediaTime?) -> String {
                guard let time else { return "-" }
                return String(time.since(end))
            }
            let columns = [after(turn.endpoint), after(turn.sttFinal), after(turn.firstBrainOutput), after(turn.firstTTSAudio), after(turn.firstFrameOut)]
            print("  " + pad(String(turn.turn), 4) + "  " + zip(columns, [8, 9, 5, 9, 9]).map { pad($0, $1) }.joined(separator: "  "))
        }
        let totals = turns.compactMap(\.voiceToVoiceMilliseconds).sorted()
        if !totals.isEmpty {
            print("voice-to-voice: median \(Self.percentile(totals, 0.5)) ms, p95 \(Self.percentile(totals, 0.95)) ms over \(totals.count) turns")
        }
    }

    static func percentile(_ sorted: [Int64], _ fraction: Double) -> Int64 {
        let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))
        return sorted[index]
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private static func clock(_ time: MediaTime) -> String {
        let total = time.milliseconds
        return String(format: "%02d:%02d.%02d", total / 60_000, (total / 1000) % 60, (total % 1000) / 10)
    }
}
