import Testing
@testable import ParleyVoice

/// Scripted conversations with the built-in demo agent (Parley Dental).
@Suite struct FlowRunnerTests {
    static let menuPrompt = "I can book an appointment, tell you our opening hours or where we are, or put you through to the front desk. How can I help?"
    static let menuReprompt = "You can say book an appointment, opening hours, location or front desk. Or press 1 to book, 2 for hours, 3 for our address, or 0 for the front desk."
    static let hoursText = "We're open Monday to Friday from 8 AM to 6 PM, and Saturday from 9 AM to 1 PM. We're closed on Sundays."
    static let anythingElse = "Is there anything else I can help with?"
    static let transfer = FlowAction.transfer(
        target: "sip:frontdesk@parley-dental.example", message: "Of course. Let me put you through to the front desk, one moment.")

    func started() throws -> FlowRunner {
        var runner = try demoRunner()
        let actions = runner.start()
        #expect(actions == [
            .say("Thanks for calling Parley Dental! I'm Ava, the practice's AI assistant."),
            .say(Self.menuPrompt), .listen,
        ])
        #expect(runner.currentNodeID == "menu")
        #expect(runner.state == .waitingForCaller(node: "menu"))
        return runner
    }

    @Test func bookAnAppointmentEndToEnd() throws {
        var runner = try started()
        var actions = runner.receive(.utterance("I'd like to book an appointment"))
        #expect(matchedIntents(actions) == ["book"])
        #expect(withoutTraces(actions) == [.say("Sure. What day would you like to come in?"), .listen])

        actions = runner.receive(.utterance("tuesday"))
        #expect(actions == [.setVariable(name: "day", value: "2026-11-24"), .say("And what time on Tuesday, November 24?"), .listen])

        actions = runner.receive(.utterance("three thirty"))
        #expect(actions == [.setVariable(name: "time", value: "15:30"), .say("And what's your name, please?"), .listen])

        actions = runner.receive(.utterance("my name is Jane Doe"))
        #expect(actions == [
            .setVariable(name: "patient_name", value: "Jane Doe"),
            .say("Just to confirm: an appointment for Jane Doe on Tuesday, November 24 at 3:30 PM. Is that right?"), .listen,
        ])

        actions = runner.receive(.utterance("yes that's right"))
        #expect(actions == [
            .setVariable(name: "confirmed", value: true),
            .say("You're all set, Jane Doe: Tuesday, November 24 at 3:30 PM. We'll see you then!"),
            .say(Self.anythingElse), .listen,
        ])
        #expect(runner.slots == ["day": "2026-11-24", "time": "15:30", "patient_name": "Jane Doe", "confirmed": true])

        actions = runner.receive(.utterance("no thanks"))
        #expect(withoutTraces(actions) == [.endCall(reason: "caller_goodbye", message: "Thanks for calling Parley Dental. Goodbye!")])
        #expect(runner.isFinished)
        #expect(runner.receive(.utterance("hello?")) == [])
    }

    @Test func bookingSentenceFillsDayAndTimeAtOnce() throws {
        var runner = try started()
        let actions = runner.receive(.utterance("can I make a booking for tuesday at 3 pm"))
        #expect(withoutTraces(actions) == [
            .setVariable(name: "day", value: "2026-11-24"), .setVariable(name: "time", value: "15:00"),
            .say("And what's your name, please?"), .listen,
        ])
        #expect(runner.currentNodeID == "ask_name")
    }

    @Test func rejectedConfirmationStartsOver() throws {
        var runner = try started()
        _ = runner.receive(.utterance("book for friday at 10 am"))
        _ = runner.receive(.utterance("Sam"))
        let actions = runner.receive(.utterance("no"))
        #expect(actions == [
            .setVariable(name: "confirmed", value: false), .say("No problem, let's try that again."),
            .say("Sure. What day would you like to come in?"), .listen,
        ])
    }

    @Test func openingHoursThenBackToMenu() throws {
        var runner = try started()
        var actions = runner.receive(.utterance("what time do you open"))
        #expect(matchedIntents(actions) == ["hours"])
        #expect(withoutTraces(actions) == [.say(Self.hoursText), .say(Self.anythingElse), .listen])
        actions = runner.receive(.utterance("yes please"))
        #expect(withoutTraces(actions) == [.say(Self.menuPrompt), .listen])
        actions = runner.receive(.utterance("when are you closed on sunday"))
        #expect(matchedIntents(actions) == ["hours"])
    }

    @Test func talkToAHumanTransfers() throws {
        var runner = try started()
        let actions = runner.receive(.utterance("let me talk to a person"))
        #expect(matchedIntents(actions) == ["human"])
        #expect(withoutTraces(actions) == [Self.transfer])
        #expect(runner.isFinished)
    }

    @Test func humanIsGlobalEvenInsideASlot() throws {
        var runner = try started()
        _ = runner.receive(.utterance("book an appointment"))
        #expect(withoutTraces(runner.receive(.utterance("operator"))) == [Self.transfer])
    }

    @Test func goodbyeEndsTheCall() throws {
        var runner = try started()
        let actions = runner.receive(.utterance("bye thanks"))
        #expect(withoutTraces(actions) == [.endCall(reason: "caller_goodbye", message: "Thanks for calling Parley Dental. Goodbye!")])
    }

    @Test func repeatSaysTheQuestionAgain() throws {
        var runner = try started()
        let actions = runner.receive(.utterance("sorry can you repeat that"))
        #expect(withoutTraces(actions) == [.say(Self.menuReprompt), .listen])
        #expect(runner.currentNodeID == "menu")
    }

    @Test func noMatchRepromptsThenFallsBack() throws {
        var runner = try started()
        var actions = runner.receive(.utterance("purple monkey dishwasher"))
        #expect(actions == [.noMatch(node: "menu", count: 1), .say("Sorry, I didn't catch that. " + Self.menuReprompt), .listen])
        actions = runner.receive(.utterance("the weather is nice"))
        #expect(actions == [.noMatch(node: "menu", count: 2), .say("Sorry, I didn't catch that. " + Self.menuReprompt), .listen])
        actions = runner.receive(.utterance("blah"))
        #expect(actions == [.noMatch(node: "menu", count: 3), Self.transfer])
    }

    @Test func noMatchCountResetsAtTheNextQuestion() throws {
        var runner = try started()
        _ = runner.receive(.utterance("purple"))
        _ = runner.receive(.utterance("purple"))
        _ = runner.receive(.utterance("opening hours"))
        let actions = runner.receive(.utterance("purple"))
        #expect(actions.first == .noMatch(node: "anything_else", count: 1))
    }

    @Test func silenceRepromptsThenHangsUp() throws {
        var runner = try started()
        #expect(runner.receive(.noInput) == [.say("Are you still there? " + Self.menuReprompt), .listen])
        #expect(runner.receive(.utterance("  ")) == [.say("Are you still there? " + Self.menuReprompt), .listen])
        #expect(runner.receive(.noInput) == [.endCall(
            reason: "no_input",
            message: "I haven't heard anything, so I'll hang up now. Please call back any time. Goodbye.")])
    }

    @Test func keypadChoosesMenuRoutes() throws {
        var runner = try started()
        var actions = runner.receive(.dtmf("2"))
        #expect(actions.first == .matched(intent: "hours", score: 1, method: .dtmf, node: "menu"))
        #expect(spoken(actions) == [Self.hoursText, Self.anythingElse])
        actions = runner.receive(.dtmf("9"))
        #expect(actions.first == .noMatch(node: "anything_else", count: 1))
        actions = runner.receive(.dtmf("0#"))
        #expect(withoutTraces(actions) == [Self.transfer])
    }

    @Test func keypadRepeatIsGlobal() throws {
        var runner = try started()
        #expect(withoutTraces(runner.receive(.dtmf("*"))) == [.say(Self.menuReprompt), .listen])
    }

    @Test func invalidSlotAnswersRepromptThenFallBack() throws {
        var runner = try started()
        _ = runner.receive(.dtmf("1"))
        let invalid = "Sorry, I didn't catch the day. You can say a weekday like Tuesday, or a date like November 25th. What day would you like to come in?"
        #expect(runner.receive(.utterance("whenever")) == [.noMatch(node: "ask_day", count: 1), .say(invalid), .listen])
        #expect(runner.receive(.utterance("dunno")) == [.noMatch(node: "ask_day", count: 2), .say(invalid), .listen])
        #expect(runner.receive(.utterance("hmm")) == [.noMatch(node: "ask_day", count: 3), Self.transfer])
    }

    @Test func keypadAnswersYesNo() throws {
        var runner = try started()
        _ = runner.receive(.utterance("appointment tomorrow at noon"))
        _ = runner.receive(.utterance("it's Lee"))
        let actions = runner.receive(.dtmf("1"))
        #expect(actions.first == .setVariable(name: "confirmed", value: true))
        #expect(spoken(actions).first == "You're all set, Lee: Tuesday, November 24 at 12 PM. We'll see you then!")
    }

    @Test func toolResultsAndInputWhenNotWaitingAreIgnored() throws {
        var runner = try started()
        #expect(runner.receive(.toolResult(callID: "x", result: .success(.null))) == [])
        var fresh = try demoRunner()
        #expect(fresh.receive(.utterance("hello")) == [])
        _ = fresh.start()
        #expect(fresh.start() == [])
    }
}
