import Testing
@testable import ParleyVoice

@Suite struct IntentMatcherTests {
    /// The candidates the demo's main menu offers: its own routes, then the global ones.
    static let menuCandidates = ["change", "book", "hours", "location", "human", "goodbye", "repeat"]
    /// The candidates at "anything else?": the menu's plus yes and no.
    static let anythingElseCandidates = ["change", "book", "hours", "location", "deny", "affirm", "human", "goodbye", "repeat"]

    @Test(arguments: [
        // booking
        ("I'd like to book an appointment", "book"),
        ("can I make a booking for tuesday", "book"),
        ("i need to schedule a cleaning", "book"),
        ("id like to come in for a checkup", "book"),
        ("book appointment", "book"),
        ("I want to make an appointment please", "book"),
        ("can i see the dentist this week", "book"),
        ("um yeah i was hoping to get an appointment", "book"),
        ("Booking.", "book"),
        ("I'd like to schedule a check-up", "book"),
        // hours
        ("what time do you open", "hours"),
        ("when are you closed on sunday", "hours"),
        ("what are your hours", "hours"),
        ("are you open on saturdays", "hours"),
        ("what time do you close today", "hours"),
        ("opening hours please", "hours"),
        ("When do you open tomorrow?", "hours"),
        // location
        ("where are you located", "location"),
        ("what's your address", "location"),
        ("how do i find you", "location"),
        ("is there parking", "location"),
        // human
        ("let me talk to a person", "human"),
        ("operator", "human"),
        ("Operator!", "human"),
        ("can I speak to someone", "human"),
        ("I want a real person", "human"),
        ("front desk please", "human"),
        ("speak to a dentist", "human"),
        ("talk to an agent", "human"),
        // goodbye
        ("bye thanks", "goodbye"),
        ("goodbye", "goodbye"),
        ("that's all thank you", "goodbye"),
        ("ok bye", "goodbye"),
        ("no thanks that's all", "goodbye"),
        // repeat
        ("can you repeat that", "repeat"),
        ("sorry what did you say", "repeat"),
        ("say that again please", "repeat"),
        ("come again?", "repeat"),
        // speech-recognition style: lowercase, no punctuation, fillers
        ("yeah i wanna make an appointment", "book"),
        ("do you guys have any openings on tuesday", "book"),
        ("uh hi yes i was calling to see if i could get in this week", "book"),
        ("i have a toothache", "book"),
        ("im calling about booking a cleaning for my son", "book"),
        ("i need to see a dentist asap", "book"),
        ("i need to reschedule my appointment", "change"),
        ("i want to cancel my appointment", "change"),
        ("how late are you open", "hours"),
        ("i was wondering what your hours are on saturday", "hours"),
        ("is the office open on christmas", "hours"),
        ("wheres the clinic", "location"),
        ("how do i get there", "location"),
        ("can i talk to the dentist", "human"),
        ("id like to speak with a human being please", "human"),
        ("get me a real person", "human"),
        ("representative", "human"),
        ("agent", "human"),
        ("thank you so much bye bye", "goodbye"),
        ("could you say that one more time", "repeat"),
    ])
    func demoMenuIntents(utterance: String, intent: String) throws {
        let matcher = IntentMatcher(intents: try demoFlow().intents ?? [])
        let match = matcher.bestMatch(for: utterance, among: Self.menuCandidates)
        #expect(match?.intent == intent, "\(utterance) → \(String(describing: match))")
    }

    @Test(arguments: [
        ("yes please", "affirm"), ("sure", "affirm"), ("yeah", "affirm"), ("no thats everything", "deny"),
        ("nope im good thanks", "deny"), ("no", "deny"), ("no thanks", "goodbye"), ("no but i want to book", "book"),
        ("yes what are your hours", "hours"),
    ])
    func demoAnythingElseIntents(utterance: String, intent: String) throws {
        let matcher = IntentMatcher(intents: try demoFlow().intents ?? [])
        let match = matcher.bestMatch(for: utterance, among: Self.anythingElseCandidates)
        #expect(match?.intent == intent, "\(utterance) → \(String(describing: match))")
    }

    @Test(arguments: ["the weather is nice", "blah blah", "my cat is orange", "purple", "", "   ", "hmm", "hello", "do you take insurance"])
    func unrelatedUtterancesMatchNothing(utterance: String) throws {
        let matcher = IntentMatcher(intents: try demoFlow().intents ?? [])
        #expect(matcher.bestMatch(for: utterance, among: Self.menuCandidates) == nil)
    }

    @Test func onlyCandidatesAreConsidered() throws {
        let matcher = IntentMatcher(intents: try demoFlow().intents ?? [])
        #expect(matcher.bestMatch(for: "operator", among: ["book", "hours"]) == nil)
    }

    @Test func tiesGoToTheEarlierCandidate() {
        let matcher = IntentMatcher(intents: [
            FlowIntent(name: "first", phrases: ["help"]), FlowIntent(name: "second", phrases: ["help"]),
        ])
        #expect(matcher.bestMatch(for: "help", among: ["first", "second"])?.intent == "first")
        #expect(matcher.bestMatch(for: "help", among: ["second", "first"])?.intent == "second")
    }

    @Test func longerPhraseCoverageWins() {
        let matcher = IntentMatcher(intents: [
            FlowIntent(name: "deny", phrases: ["no"]), FlowIntent(name: "goodbye", phrases: ["no thanks"]),
        ])
        #expect(matcher.bestMatch(for: "no thanks", among: ["deny", "goodbye"])?.intent == "goodbye")
    }

    @Test func numbersAsWordsMatchDigits() {
        let matcher = IntentMatcher(intents: [FlowIntent(name: "one", phrases: ["press 1"])])
        #expect(matcher.bestMatch(for: "press one", among: ["one"])?.method == .phrase)
    }

    @Test func patternsMatchRawAndNormalisedText() {
        let matcher = IntentMatcher(intents: [FlowIntent(name: "order", patterns: [#"order (number )?\d{4,}"#])])
        #expect(matcher.bestMatch(for: "Order number 12345", among: ["order"])?.method == .pattern)
        #expect(matcher.bestMatch(for: "order one two three four", among: ["order"]) == nil)
        #expect(matcher.bestMatch(for: "order twelve thousand", among: ["order"])?.intent == "order")
    }

    @Test func examplesUseSimilarityWithThreshold() {
        let matcher = IntentMatcher(intents: [
            FlowIntent(name: "refund", examples: ["I want my money back for the order"], threshold: 0.5),
        ])
        let match = matcher.bestMatch(for: "can I get my money back", among: ["refund"])
        #expect(match?.method == .example)
        #expect(matcher.bestMatch(for: "where is my order", among: ["refund"]) == nil)
    }
}
