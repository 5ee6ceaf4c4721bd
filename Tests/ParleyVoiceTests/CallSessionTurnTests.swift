import Testing
@testable import ParleyVoice

@Suite struct CallSessionTurnTests {
    /// Starts a call and plays the greeting to the end.
    func greeted(_ harness: inout SessionHarness) {
        harness.brain = { input in input == .callStarted ? [.text("Hello! How can I help you today?")] : [.text("Sure.")] }
        harness.start()
        harness.runUntilListening()
        harness.clearLog()
    }

    @Test func greetingIsSpokenAndWrittenDown() {
        var harness = SessionHarness()
        harness.brain = { _ in [.text("Hello! How can I help you today?")] }
        harness.start()
        #expect(harness.brainInputs == [.callStarted])
        #expect(harness.session.phase == .thinking)
        harness.advance(20)
        #expect(harness.session.phase == .agentSpeaking)
        harness.runUntilListening()
        #expect(harness.session.phase == .listening)
        #expect(harness.transcriptLines.map(\.text) == ["Hello! How can I help you today?"])
        #expect(harness.transcriptLines.first?.speaker == .agent)
        // 7 words at 300 ms: 2.1 s of audio, 105 frames.
        #expect(harness.agentFramesPlayed == 105)
    }

    @Test func openingNoticesComeFirst() {
        var configuration = CallSessionConfiguration()
        configuration.openingNotices = ["This call is with an AI assistant and is recorded."]
        var harness = SessionHarness(configuration: configuration)
        harness.brain = { _ in [.text("Hi, this is Sam.")] }
        harness.start()
        harness.runUntilListening()
        #expect(harness.transcriptLines.map(\.text) == ["This call is with an AI assistant and is recorded. Hi, this is Sam."])
    }

    @Test func completeSentenceEndsTheTurnAfterTheShortPause() throws {
        var harness = SessionHarness()
        greeted(&harness)
        harness.transcript = { "I'd like to book an appointment." }
        harness.advance(800, speech: true)
        #expect(harness.session.phase == .userSpeaking)
        let speechEnd = harness.now
        harness.advance(280)
        #expect(harness.brainInputs.isEmpty)
        harness.advance(40)
        #expect(harness.brainInputs == [.utterance("I'd like to book an appointment.")])
        let transcribe = try #require(harness.log.first { if case .transcribe = $0 { true } else { false } })
        guard case .transcribe(_, let from, let to) = transcribe else { return }
        #expect(from == MediaTime(milliseconds: speechEnd.milliseconds - 800 - 300))
        #expect(to.since(speechEnd) == 200)
        let line = try #require(harness.transcriptLines.first)
        #expect(line.speaker == .caller)
        #expect(line.end == speechEnd)
    }

    @Test func unfinishedWordsWaitForTheLongPause() {
        var harness = SessionHarness()
        greeted(&harness)
        harness.transcript = { "I'd like to book an appointment for" }
        harness.advance(800, speech: true)
        harness.advance(1_100)
        #expect(harness.brainInputs.isEmpty)
        #expect(harness.session.phase == .userSpeaking)
        harness.advance(120)
        #expect(harness.brainInputs == [.utterance("I'd like to book an appointment for")])
    }

    @Test func turnPredictorCanEndATurnEarly() {
        var harness = SessionHarness()
        greeted(&harness)
        harness.transcript = { "yes that works for" }
        harness.turnProbability = { 0.95 }
        harness.advance(600, speech: true)
        harness.advance(320)
        #expect(harness.brainInputs == [.utterance("yes that works for")])
    }

    @Test func pauseInsideATurnKeepsOneTurn() {
        var harness = SessionHarness()
        greeted(&harness)
        var calls = 0
        harness.transcript = {
            calls += 1
            return calls == 1 ? "I need an appointment and" : "I need an appointment and it's urgent."
        }
        harness.advance(700, speech: true)
        harness.advance(600)  // a thinking pause: transcript asked, words incomplete
        harness.advance(500, speech: true)
        harness.advance(320)
        #expect(harness.brainInputs == [.utterance("I need an appointment and it's urgent.")])
        #expect(harness.transcriptLines.count == 1)
        #expect(calls == 2)
    }

    @Test func noiseWithoutWordsIsNoTurn() {
        var harness = SessionHarness()
        greeted(&harness)
        harness.transcript = { "" }
        harness.advance(200, speech: true)
        harness.advance(1_400)
        #expect(harness.brainInputs.isEmpty)
        #expect(harness.session.phase == .listening)
    }

    @Test func shortBlipIsNotSpeech() {
        var harness = SessionHarness()
        greeted(&harness)
        harness.advance(40, speech: true)
        harness.advance(1_000)
        #expect(harness.session.phase == .listening)
        #expect(harness.count { if case .transcribe = $0 { true } else { false } } == 0)
    }

    @Test func telemetryCoversEveryStage() throws {
        var harness = SessionHarness()
        greeted(&harness)
        harness.transcript = { "What are your opening hours?" }
        harness.advance(900, speech: true)
        harness.advance(400)
        let turn = try #require(harness.telemetry.first)
        #expect(turn.turn == 1)
        let end = try #require(turn.userSpeechEnd)
        let endpoint = try #require(turn.endpoint)
        let firstOut = try #require(turn.firstFrameOut)
        #expect(endpoint.since(end) >= 300)
        #expect(try #require(turn.sttFinal) <= endpoint)
        #expect(try #require(turn.firstBrainOutput) >= endpoint)
        #expect(try #require(turn.firstTTSAudio) <= firstOut)
        #expect(turn.voiceToVoiceMilliseconds == firstOut.since(end))
    }

    @Test func callerContinuingBeforeTheAnswerPlaysMergesTheTurn() {
        var harness = SessionHarness()
        greeted(&harness)
        var answered = 0
        harness.brain = { _ in
            answered += 1
            return answered == 1 ? nil : [.text("Got it.")]
        }
        var calls = 0
        harness.transcript = {
            calls += 1
            return calls == 1 ? "I want to book." : "I want to book. For next Tuesday."
        }
        harness.advance(600, speech: true)
        harness.advance(320)
        #expect(harness.brainInputs.count == 1)
        harness.advance(400, speech: true)
        #expect(harness.count { if case .cancelBrain = $0 { true } else { false } } == 1)
        harness.advance(320)
        #expect(harness.brainInputs.last == .utterance("I want to book. For next Tuesday."))
    }

    @Test func endCallPhraseHangsUpAfterSpeaking() {
        var configuration = CallSessionConfiguration()
        configuration.endCallPhrases = ["have a great day"]
        var harness = SessionHarness(configuration: configuration)
        greeted(&harness)
        harness.brain = { _ in [.text("Thanks for calling. Have a great day!")] }
        harness.transcript = { "That's all, thanks." }
        harness.advance(600, speech: true)
        harness.advance(2_500)
        #expect(harness.session.phase == .ended)
        #expect(harness.log.last == .hangUp(reason: "end_call_phrase"))
    }

    @Test func brainTransferAndEndCall() {
        var harness = SessionHarness()
        greeted(&harness)
        harness.brain = { _ in [.text("Connecting you now."), .transfer(target: "+15550100")] }
        harness.transcript = { "Can I talk to a person?" }
        harness.advance(600, speech: true)
        harness.advance(1_500)
        #expect(harness.log.contains(.transfer(target: "+15550100")))
        #expect(harness.session.phase == .ended)
    }

    @Test func sentencesAreSynthesisedAsTheyStream() {
        var harness = SessionHarness()
        greeted(&harness)
        harness.brain = { _ in [.text("We open at nine"), .text(". We close at five."), .text(" See you")] }
        harness.transcript = { "When are you open?" }
        harness.advance(600, speech: true)
        harness.advance(320)
        let texts = harness.log.compactMap { if case .synthesize(_, _, let text) = $0 { text } else { nil } }
        #expect(texts == ["We open at nine.", "We close at five.", "See you"])
    }
}
