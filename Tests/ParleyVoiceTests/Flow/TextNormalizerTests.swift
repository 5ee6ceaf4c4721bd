import Testing
@testable import ParleyVoice

@Suite struct TextNormalizerTests {
    @Test(arguments: [
        ("I'd like to BOOK, please!", "i would like to book please"),
        ("what's your address?", "what is your address"),
        ("I don't know", "i do not know"),
        ("twenty three", "23"),
        ("twenty-three people", "23 people"),
        ("one two three", "1 2 3"),
        ("three thirty", "3 30"),
        ("two hundred and five", "205"),
        ("two thousand twenty six", "2026"),
        ("press one", "press 1"),
        ("3pm", "3 pm"),
        ("15:30", "15 30"),
        ("Café au lait", "cafe au lait"),
        ("uh-huh", "uh huh"),
        ("   ", ""),
    ])
    func normalises(input: String, expected: String) {
        #expect(TextNormalizer.normalized(input) == expected)
    }

    @Test(arguments: [
        ("booking", "book"), ("bookings", "book"), ("books", "book"), ("opens", "open"), ("opening", "open"),
        ("closed", "clos"), ("close", "clos"), ("closing", "clos"), ("hours", "hour"), ("appointments", "appointment"),
        ("bus", "bus"), ("yes", "yes"), ("class", "class"), ("23", "23"),
    ])
    func stems(word: String, stem: String) {
        #expect(TextNormalizer.stem(word) == stem)
    }
}
