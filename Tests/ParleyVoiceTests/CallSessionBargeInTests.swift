import Testing
@testable import ParleyVoice

@Suite struct CallSessionBargeInTests {
    /// A call where the agent is in the middle of a long answer.
    func agentTalking(_ configuration: CallSessionConfiguration = CallSessionConfiguration()) -> SessionHarness {
        var harness = SessionHarness(configuration: configuration)
        harness.brain = { input in
            switch input {
            case .callStarted: [.text("Hello!")]
            default: [.text("Our opening hours are nine to five on weekdays. On Saturdays we open from ten until two.")]
            }
        }
        harness.start()
        harness.runUntilListening()
        harness.transcript = { "When are you open?" }
        harness.advance(600, speech: true)
        harness.advance(340)
        harness.advance(600)  // agent has been talking for a while
        harness.clearLog()
        return harness
    }

    var pauses: (CallSessionAction) -> Bool { { $0 == .pausePlayback } }
    var clears: (CallSessionAction) -> Bool { { $0 == .clearPlayback } }
    var resumes: (CallSessionAction) -> Bool { { $0 == .resumePlayback } }

    @Test func speechOnsetPausesAgentAudioWithin120Milliseconds() {
        var harness = agentTalking()
        #expect(harness.session.phase == .agentSpeaking)
        harness.transcript = { nil }
        harness.advance(100, speech: true)
        #expect(harness.count(pauses) == 0)
        harness.advance(20, speech: true)
        #expect(harness.count(pauses) == 1)
        let before = harness.agentFramesPlayed
        harness.advance(200, speech: true)
        #expect(harness.agentFramesPlayed == before)
        #expect(harness.count(clears) == 0)
    }

    @Test func backchannelResumesWhereItPaused() {
        var harness = agentTalking()
        harness.transcript = { "Uh-huh." }
        harness.advance(300, speech: true)
        harness.advance(300)
        #expect(harness.count(pauses) == 1)
        #expect(harness.count(resumes) == 1)
        #expect(harness.count(clears) == 0)
        #expect(harness.session.phase == .agentSpeaking)
        harness.runUntilListening()
        let agentLines = harness.transcriptLines.filter { $0.speaker == .agent }
        #expect(agentLines.count == 1)
        #expect(agentLines.first?.interrupted == false)
        #expect(agentLines.first?.text.hasSuffix("until two.") == true)
        #expect(harness.brainInputs.isEmpty)
    }

    @Test func noiseWithoutWordsResumes() {
        var harness = agentTalking()
        harness.transcript = { "" }
        harness.advance(160, speech: true)
        harness.advance(300)
        #expect(harness.count(resumes) == 1)
        #expect(harness.session.phase == .agentSpeaking)
    }

    @Test func realInterruptionClearsAndKeepsOnlyWhatWasHeard() throws {
        var harness = agentTalking()
        harness.transcript = { "Sorry, what about Sundays?" }
        harness.advance(300, speech: true)
        #expect(harness.count(clears) == 0, "paused, not committed: no words yet")
        // The words so far are transcribed 300 ms after the onset; real words commit while the caller still talks.
        harness.advance(400, speech: true)
        #expect(harness.count(clears) == 1)
        harness.advance(220)
        #expect(harness.count(clears) == 1)
        #expect(harness.count { if case .cancelSynthesis = $0 { true } else { false } } <= 1)
        let cut = try #require(harness.transcriptLines.first { $0.speaker == .agent })
        #expect(cut.interrupted)
        #expect(cut.text.hasPrefix("Our opening"))
        #expect(!cut.text.contains("Saturdays"))
        let truncation = harness.log.compactMap { if case .truncateBrainHistory(let text) = $0 { text } else { nil } }
        #expect(truncation == [cut.text])
        harness.advance(200)
        #expect(harness.brainInputs == [.utterance("Sorry, what about Sundays?")])
    }

    @Test func backchannelsWhileTheCallerStillTalksDoNotCommitEarly() {
        var harness = agentTalking()
        harness.transcript = { "uh-huh, right" }
        harness.advance(700, speech: true)
        #expect(harness.count(clears) == 0, "the early transcript was only a backchannel")
        harness.advance(400)
        #expect(harness.count(clears) == 0 && harness.count(resumes) == 1)
    }

    @Test func longSpeechCommitsWithoutWaitingForWords() {
        var harness = agentTalking()
        harness.transcript = { nil }
        harness.advance(1_400, speech: true)
        #expect(harness.count(clears) == 0)
        harness.advance(200, speech: true)
        #expect(harness.count(clears) == 1)
    }

    @Test func echoOfTheAgentDoesNotInterrupt() {
        var harness = agentTalking()
        harness.advanceWithEcho(3_000, attenuation: 20)
        #expect(harness.count(pauses) == 0)
        #expect(harness.session.phase != .userSpeaking)
    }

    @Test func loudCallerOverTheAgentStillInterrupts() {
        var harness = agentTalking()
        harness.transcript = { "Stop, stop." }
        harness.advance(200, speech: true, level: harness.lastAgentLevel + 2)
        #expect(harness.count(pauses) == 1)
    }

    @Test func interruptionsCanBeTurnedOff() {
        var configuration = CallSessionConfiguration()
        configuration.interruptionsEnabled = false
        var harness = agentTalking(configuration)
        harness.advance(600, speech: true)
        #expect(harness.count(pauses) == 0)
    }

    @Test func keypadDuringAgentSpeechInterrupts() {
        var harness = agentTalking()
        harness.send(.dtmf("2"))
        #expect(harness.count(clears) == 1)
        harness.advance(1_500)
        #expect(harness.brainInputs == [.dtmf("2")])
    }
}

@Suite struct CallSessionQuestionAnswerTests {
    @Test func yesAtTheEndOfAQuestionIsAnAnswer() {
        var harness = SessionHarness()
        harness.brain = { input in
            switch input {
            case .callStarted: [.text("Hello!")]
            case .utterance("Book me in."): [.text("An appointment on Tuesday at three. Is that right?")]
            default: [.text("Great.")]
            }
        }
        harness.start()
        harness.runUntilListening()
        harness.transcript = { "Book me in." }
        harness.advance(600, speech: true)
        harness.advance(400)
        // 10 words at 300 ms: 3 s of audio. Answer "yes" 0.6 s before it ends.
        harness.advance(2_200)
        harness.transcript = { "Yes." }
        harness.advance(400, speech: true)
        harness.advance(700)
        #expect(harness.brainInputs.last == .utterance("Yes."))
    }

    @Test func yesEarlyInAQuestionIsStillABackchannel() {
        var harness = SessionHarness()
        harness.brain = { input in
            switch input {
            case .callStarted: [.text("Hello!")]
            default: [.text("I have Tuesday at three or Wednesday at ten, and also Friday morning if that suits you better. Which one works?")]
            }
        }
        harness.start()
        harness.runUntilListening()
        harness.transcript = { "Book me in." }
        harness.advance(600, speech: true)
        harness.advance(400)
        harness.advance(1_000)
        harness.transcript = { "Yeah." }
        harness.advance(300, speech: true)
        harness.advance(400)
        #expect(harness.count { $0 == .resumePlayback } == 1)
        #expect(harness.brainInputs.count == 2)
    }
}
