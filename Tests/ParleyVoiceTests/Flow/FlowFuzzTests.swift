import Foundation
import ParleyCore
import Testing
@testable import ParleyVoice

/// Randomised inputs (fixed seeds, so failures reproduce): parsers and the runner must
/// never crash and the runner must stay in a consistent state.
@Suite struct FlowFuzzTests {

    static let vocabulary = [
        "book", "an", "appointment", "tuesday", "next", "monday", "at", "three", "thirty", "pm", "15:30", "noon",
        "yes", "no", "not", "operator", "person", "bye", "repeat", "the", "25th", "of", "november", "twenty",
        "hundred", "thousand", "and", "oh", "double", "dot", "at", "com", "@", "+", "#", "{{", "}}", "|", "é",
        "9223372036854775807", "in", "days", "99999999999999999999", "half", "past", "quarter", "to", "a", "i",
        "robot", "are", "you", "real", "?", "!", ",", "'", "don't", "it's", "ai", "\u{2019}", "😀", "",
    ]

    static func randomUtterance(_ generator: inout SplitMix64) -> String {
        let count = Int.random(in: 0...10, using: &generator)
        return (0..<count).map { _ in vocabulary.randomElement(using: &generator)! }
            .joined(separator: Bool.random(using: &generator) ? " " : "")
    }

    @Test func parsersNeverCrash() {
        var generator = SplitMix64(seed: 42)
        let parser = SlotParser(today: testToday)
        let matcher = IntentMatcher(intents: (try? demoFlow().intents) ?? [])
        for _ in 0..<3000 {
            let utterance = Self.randomUtterance(&generator)
            for type in SlotType.allCases {
                let slot = FlowSlot(name: "x", type: type, options: [FlowChoice(value: "a", dtmf: "1")])
                if let value = parser.parse(utterance, as: slot), type == .date, let iso = value.value.stringValue {
                    #expect(iso.count == 10, "\(utterance) → \(iso)")
                }
                _ = parser.parse(dtmf: utterance, as: slot)
            }
            _ = matcher.bestMatch(for: utterance, among: ["book", "hours", "human", "goodbye", "repeat"])
            _ = AIIdentityDetector.isIdentityQuestion(utterance)
            _ = TemplateRenderer.render(utterance, variables: ["a": "b"])
            _ = EndpointingSettings.looksComplete(utterance)
        }
    }

    @Test func runnerStaysConsistentUnderRandomInput() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            var runner = try demoRunner()
            _ = runner.start()
            for _ in 0..<30 where !runner.isFinished {
                let input: FlowInput
                switch Int.random(in: 0..<10, using: &generator) {
                case 0: input = .noInput
                case 1: input = .dtmf(["0", "1", "2", "3", "9", "*", "#", "12"].randomElement(using: &generator)!)
                case 2: input = .toolResult(callID: "x", result: .success(.null))
                default: input = .utterance(Self.randomUtterance(&generator))
                }
                let actions = runner.receive(input)
                // After every input the runner either waits for the caller or has finished.
                if case .waitingForCaller = runner.state {
                    if !actions.isEmpty { #expect(actions.last == .listen) }
                } else {
                    #expect(runner.isFinished)
                    #expect(actions.contains { if case .transfer = $0 { true } else if case .endCall = $0 { true } else { false } })
                }
                #expect(!actions.contains(.endCall(reason: "flow_error", message: nil)))
            }
        }
    }

    @Test func mutatedFlowJSONNeverCrashesTheValidator() {
        var generator = SplitMix64(seed: 99)
        let original = Array(BuiltInAgents.demo.utf8)
        let replacements = Array("{}[]\",:0a ".utf8)
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = replacements.randomElement(using: &generator)!
            }
            let text = String(decoding: bytes, as: UTF8.self)
            _ = try? AgentConfiguration.load(json: text)
        }
    }
}
