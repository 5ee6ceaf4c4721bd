import Testing
@testable import ParleyVoice

@Suite struct CallSessionTimerTests {
    func listening(_ configuration: CallSessionConfiguration = CallSessionConfiguration()) -> SessionHarness {
        var harness = SessionHarness(configuration: configuration)
        harness.brain = { input in
            switch input {
            case .noInput: [.text("Are you still there?")]
            default: [.text("Hello!")]
            }
        }
        harness.start()
        harness.runUntilListening()
        harness.clearLog()
        return harness
    }

    @Test func silenceRepromptsThenHangsUp() {
        var harness = listening()
        harness.advance(7_980)
        #expect(harness.brainInputs.isEmpty)
        harness.advance(20)
        #expect(harness.brainInputs == [.noInput])
        harness.runUntilListening()
        harness.advance(8_000)
        #expect(harness.brainInputs == [.noInput, .noInput])
        harness.runUntilListening()
        harness.advance(8_000)
        harness.advance(5_000)
        #expect(harness.session.phase == .ended)
        #expect(harness.log.last == .hangUp(reason: "silence"))
        #expect(harness.transcriptLines.last?.text == CallSessionConfiguration().silenceHangupLine)
    }

    @Test func speakingResetsTheRepromptCount() {
        var harness = listening()
        harness.advance(8_000)
        harness.runUntilListening()
        harness.transcript = { "Yes, I'm here." }
        harness.advance(500, speech: true)
        harness.advance(400)
        harness.runUntilListening()
        harness.clearLog()
        harness.advance(8_000)
        harness.runUntilListening()
        harness.advance(8_000)
        harness.runUntilListening()
        #expect(harness.brainInputs == [.noInput, .noInput])
        #expect(harness.session.phase == .listening)
    }

    @Test func lateTranscriptGetsAFallbackLineWithinTwoSeconds() throws {
        var harness = listening()
        harness.transcript = { nil }
        harness.advance(600, speech: true)
        let speechEnd = harness.now
        harness.advance(2_400)
        let fallback = try #require(harness.notices.first { if case .fallbackSpoken = $0 { true } else { false } })
        guard case .fallbackSpoken(let reason, let at) = fallback else { return }
        #expect(reason == "stt_failed")
        #expect(at.since(speechEnd) <= 2_300)
        #expect(harness.log.contains { if case .synthesize(_, _, let text) = $0 { text == CallSessionConfiguration().fallbackLine } else { false } })
    }

    @Test func failedTranscriptSpeaksTheFallbackAtOnce() throws {
        var harness = listening()
        harness.transcript = { nil }
        harness.advance(600, speech: true)
        harness.advance(220)
        let id = try #require(harness.log.compactMap { if case .transcribe(let id, _, _) = $0 { id } else { nil } }.last)
        harness.send(.transcriptionFailed(id: id, error: ProviderError(.unavailable, provider: "stt", "worker down")))
        #expect(harness.notices.contains { if case .fallbackSpoken(let reason, _) = $0 { reason == "stt_failed" } else { false } })
    }

    @Test func silentBrainGetsAFallbackLineWithinTwoSeconds() {
        var harness = listening()
        harness.brain = { _ in nil }
        harness.transcript = { "Hello?" }
        harness.advance(500, speech: true)
        harness.advance(320)
        #expect(harness.session.phase == .thinking)
        harness.advance(1_940)
        #expect(!harness.notices.contains { if case .fallbackSpoken = $0 { true } else { false } })
        harness.advance(60)
        #expect(harness.notices.contains { if case .fallbackSpoken(let reason, _) = $0 { reason == "brain_timeout" } else { false } })
        #expect(harness.log.contains { if case .cancelBrain = $0 { true } else { false } })
        harness.advance(40)
        #expect(harness.session.phase == .agentSpeaking)
    }

    @Test func failingBrainSpeaksTheFallback() throws {
        var harness = listening()
        harness.brain = { _ in nil }
        harness.transcript = { "Hello?" }
        harness.advance(500, speech: true)
        harness.advance(320)
        let reply = try #require(harness.log.compactMap { if case .askBrain(let reply, _) = $0 { reply } else { nil } }.last)
        harness.send(.brainFailed(reply: reply, error: ProviderError(.rateLimited, provider: "llm", "429")))
        #expect(harness.notices.contains { if case .fallbackSpoken(let reason, _) = $0 { reason == "brain_failed" } else { false } })
    }

    @Test func maximumDurationEndsTheCall() {
        var configuration = CallSessionConfiguration()
        configuration.maximumDurationMilliseconds = 20_000
        var harness = listening(configuration)
        harness.transcript = { "Tell me everything." }
        harness.brain = { _ in [.text(String(repeating: "More words here. ", count: 40))] }
        harness.advance(500, speech: true)
        harness.advance(400)
        harness.advance(25_000)
        #expect(harness.session.phase == .ended)
        #expect(harness.log.last == .hangUp(reason: "max_duration"))
    }

    @Test func digitsAreCollectedUntilAPauseOrHash() {
        var harness = listening()
        harness.send(.dtmf("1"))
        harness.advance(200)
        harness.send(.dtmf("2"))
        harness.advance(1_480)
        #expect(harness.brainInputs.isEmpty)
        harness.advance(20)
        #expect(harness.brainInputs == [.dtmf("12")])
        harness.runUntilListening()
        harness.send(.dtmf("4"))
        harness.send(.dtmf("#"))
        #expect(harness.brainInputs == [.dtmf("12"), .dtmf("4")])
    }

    @Test func remoteHangupEndsEverything() {
        var harness = listening()
        harness.send(.remoteHangup)
        #expect(harness.session.phase == .ended)
        harness.advance(10_000, speech: true)
        #expect(harness.brainInputs.isEmpty)
    }
}
