import Testing
@testable import ParleyVoice

@Suite struct SlotParserTests {
    let parser = SlotParser(today: testToday) // Monday 2026-11-23

    func parse(_ utterance: String, _ type: SlotType, _ configure: (inout FlowSlot) -> Void = { _ in }) -> JSONValue? {
        var slot = FlowSlot(name: "x", type: type, options: SlotParserTests.options)
        configure(&slot)
        return parser.parse(utterance, as: slot)?.value
    }

    static let options = [
        FlowChoice(value: "cleaning", synonyms: ["hygiene", "clean"], dtmf: "1"),
        FlowChoice(value: "checkup", synonyms: ["check up", "exam", "examination"], dtmf: "2"),
        FlowChoice(value: "emergency", synonyms: ["toothache", "pain", "broken tooth"], dtmf: "3"),
    ]

    @Test(arguments: [
        ("tuesday", "2026-11-24"), ("Tuesday.", "2026-11-24"), ("monday", "2026-11-30"),
        ("next monday", "2026-11-30"), ("this monday", "2026-11-23"), ("today", "2026-11-23"),
        ("tomorrow", "2026-11-24"), ("the day after tomorrow", "2026-11-25"), ("2026-12-01", "2026-12-01"),
        ("november 25th", "2026-11-25"), ("the 25th of november", "2026-11-25"),
        ("twenty fifth of november", "2026-11-25"), ("december the first", "2026-12-01"),
        ("the twenty eighth", "2026-11-28"), ("the 3rd", "2026-12-03"), ("january 3rd", "2027-01-03"),
        ("november 2nd", "2027-11-02"), ("march 4 2027", "2027-03-04"),
        ("can I come in on friday please", "2026-11-27"), ("in 3 days", "2026-11-26"), ("sunday", "2026-11-29"),
        ("uh thursday", "2026-11-26"), ("wed", "2026-11-25"),
    ])
    func dates(utterance: String, iso: String) {
        #expect(parse(utterance, .date) == .string(iso), "\(utterance)")
    }

    @Test(arguments: ["whenever", "february 30th", "blue", "", "the weekend maybe"])
    func invalidDates(utterance: String) {
        #expect(parse(utterance, .date) == nil)
    }

    @Test func dateSpokenForm() {
        #expect(parser.parse("tuesday", as: FlowSlot(name: "d", type: .date))?.spoken == "Tuesday, November 24")
    }

    @Test(arguments: [
        ("3 pm", "15:00"), ("3pm", "15:00"), ("three thirty", "15:30"), ("15:30", "15:30"), ("noon", "12:00"),
        ("half past two", "14:30"), ("quarter to five", "16:45"), ("quarter past ten", "10:15"), ("10 am", "10:00"),
        ("ten in the morning", "10:00"), ("9:15 a.m.", "09:15"), ("at eleven", "11:00"), ("7 pm", "19:00"),
        ("midnight", "00:00"), ("twelve thirty", "12:30"), ("1530", "15:30"), ("around 4 o'clock", "16:00"),
        ("3:05 in the afternoon", "15:05"), ("8 tonight", "20:00"), ("twelve pm", "12:00"), ("12 am", "00:00"),
        ("ten past four", "16:10"), ("twenty to three", "14:40"), ("5 minutes past 9 am", "09:05"),
    ])
    func times(utterance: String, canonical: String) {
        #expect(parse(utterance, .time) == .string(canonical), "\(utterance)")
    }

    @Test(arguments: ["whenever", "25 o'clock", "around lunchtime", "99 pm", ""])
    func invalidTimes(utterance: String) {
        #expect(parse(utterance, .time) == nil)
    }

    @Test func timeSpokenForm() {
        #expect(parser.parse("three thirty", as: FlowSlot(name: "t", type: .time))?.spoken == "3:30 PM")
        #expect(parser.parse("9 am", as: FlowSlot(name: "t", type: .time))?.spoken == "9 AM")
    }

    @Test(arguments: [
        ("twenty three", 23.0), ("42", 42), ("I have 3 kids", 3), ("one hundred and five", 105), ("3.5", 3.5),
        ("two thousand twenty", 2020), ("1,200", 1200), ("three point five", 3.5), ("minus four", -4),
    ])
    func numbers(utterance: String, value: Double) {
        #expect(parse(utterance, .number) == .number(value), "\(utterance)")
    }

    @Test func numberBounds() {
        #expect(parse("150", .number) { $0.max = 100 } == nil)
        #expect(parse("five", .number) { $0.min = 10 } == nil)
        #expect(parse("fifty", .number) { $0.min = 10; $0.max = 100 } == .number(50))
        #expect(parse("none", .number) == nil)
    }

    @Test(arguments: [
        ("one two three four", "1234"), ("1 2 3 4", "1234"), ("double five oh seven", "5507"),
        ("my pin is 4 4 1 9", "4419"), ("twenty three", "23"), ("1234", "1234"), ("triple nine", "999"),
    ])
    func digits(utterance: String, digits: String) {
        #expect(parse(utterance, .digits) == .string(digits), "\(utterance)")
    }

    @Test func digitsLength() {
        #expect(parse("one two three", .digits) { $0.minLength = 4; $0.maxLength = 4 } == nil)
        #expect(parse("one two three four five", .digits) { $0.minLength = 4; $0.maxLength = 4 } == nil)
        #expect(parse("one two three four", .digits) { $0.minLength = 4; $0.maxLength = 4 } == .string("1234"))
        #expect(parse("no idea", .digits) == nil)
    }

    @Test(arguments: [
        ("yes", true), ("Yeah, that's right.", true), ("yep", true), ("sure", true), ("correct", true),
        ("ok", true), ("no", false), ("nope", false), ("that's not right", false), ("no thank you", false),
        ("absolutely", true), ("wrong", false), ("no problem", true), ("sure, why not", true),
        ("of course", true), ("no, that doesn't work", false),
    ])
    func yesNo(utterance: String, value: Bool) {
        #expect(parse(utterance, .yesNo) == .bool(value), "\(utterance)")
    }

    @Test(arguments: ["maybe", "I don't know", "not sure", "purple"])
    func yesNoUndecided(utterance: String) {
        #expect(parse(utterance, .yesNo) == nil)
    }

    @Test(arguments: [
        ("john.smith@example.com", "john.smith@example.com"),
        ("It's Jane.Doe@Example.org thanks", "jane.doe@example.org"),
        ("john dot smith at example dot com", "john.smith@example.com"),
        ("my email is jane at gmail dot com", "jane@gmail.com"),
        ("j o e at mail dot co dot uk", "joe@mail.co.uk"),
        ("first underscore last at work dot io", "first_last@work.io"),
    ])
    func emails(utterance: String, email: String) {
        #expect(parse(utterance, .email) == .string(email), "\(utterance)")
    }

    @Test(arguments: ["not an email", "at", "john at example", "me at dot com"])
    func invalidEmails(utterance: String) {
        #expect(parse(utterance, .email) == nil)
    }

    @Test(arguments: [
        ("555 123 4567", "5551234567"), ("+44 20 7946 0958", "+442079460958"),
        ("five five five one two three four", "5551234"), ("plus one four one five five five five one two one two", "+14155551212"),
    ])
    func phones(utterance: String, phone: String) {
        #expect(parse(utterance, .phone) == .string(phone), "\(utterance)")
    }

    @Test(arguments: ["call me maybe", "twelve", "1 2 3"])
    func invalidPhones(utterance: String) {
        #expect(parse(utterance, .phone) == nil)
    }

    @Test(arguments: [
        ("I need a cleaning", "cleaning"), ("I've got a toothache", "emergency"), ("just an exam", "checkup"),
        ("option two", "checkup"), ("number 3", "emergency"), ("a check-up please", "checkup"),
        ("my tooth is broken, broken tooth", "emergency"),
    ])
    func choices(utterance: String, value: String) {
        #expect(parse(utterance, .choice) == .string(value), "\(utterance)")
    }

    @Test func unknownChoice() {
        #expect(parse("something else", .choice) == nil)
    }

    @Test(arguments: [
        ("my name is john smith", "John Smith"), ("it's Mary", "Mary"), ("Bob.", "Bob"),
        ("This is Ana Lopez", "Ana Lopez"), ("yeah it's jane o'neil", "Jane O'neil"),
    ])
    func names(utterance: String, name: String) {
        #expect(parse(utterance, .name) == .string(name), "\(utterance)")
    }

    @Test func freeText() {
        #expect(parse("  my tooth hurts  ", .text) == .string("my tooth hurts"))
        #expect(parse("   ", .text) == nil)
        #expect(parse("far too long", .text) { $0.maxLength = 5 } == nil)
    }

    @Test func keypadInput() {
        func dtmf(_ keys: String, _ type: SlotType) -> JSONValue? {
            parser.parse(dtmf: keys, as: FlowSlot(name: "x", type: type, options: SlotParserTests.options))?.value
        }
        #expect(dtmf("1234#", .digits) == .string("1234"))
        #expect(dtmf("42", .number) == .number(42))
        #expect(dtmf("1", .yesNo) == .bool(true))
        #expect(dtmf("2", .yesNo) == .bool(false))
        #expect(dtmf("3", .yesNo) == nil)
        #expect(dtmf("2", .choice) == .string("checkup"))
        #expect(dtmf("9", .choice) == nil)
        #expect(dtmf("5551234567", .phone) == .string("5551234567"))
        #expect(dtmf("12*", .digits) == nil)
        #expect(dtmf("1", .date) == nil)
    }
}
