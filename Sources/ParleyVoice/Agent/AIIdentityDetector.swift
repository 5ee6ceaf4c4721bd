/// Recognises a caller asking whether they are talking to an AI, a bot, a machine, a
/// recording or a real person. The call session checks it before any brain runs so the
/// agent always answers truthfully (see `AgentConfiguration.aiDisclosureAnswer`).
///
/// It looks for a question frame ("are you", "is this", "am I talking to", "you sound
/// like") followed, within a few filler words ("a", "an", "real", "actual"…), by an
/// identity word ("ai", "robot", "human", "person", "recording"…). Statements such as
/// "a real person told me to call" or "my robot vacuum is broken" have no frame and do
/// not trigger; "are you a real estate agent" stops at "estate".
public enum AIIdentityDetector {
    static let frames: [[String]] = [
        ["are", "you"], ["r", "you"], ["you", "are"], ["is", "this"], ["is", "that"], ["is", "it"],
        ["this", "is"], ["was", "that"], ["am", "i", "talking", "to"], ["am", "i", "speaking", "to"],
        ["am", "i", "talking", "with"], ["am", "i", "speaking", "with"], ["am", "i", "chatting", "with"],
        ["i", "am", "talking", "to"], ["i", "am", "speaking", "to"], ["you", "sound", "like"],
        ["are", "we", "talking", "to"], ["am", "i", "on", "with"], ["r", "u"], ["are", "u"],
    ]
    static let fillers: Set<String> = [
        "a", "an", "not", "real", "actual", "actually", "live", "just", "some", "kind", "sort", "of",
        "even", "really", "like", "speaking", "talking", "to", "with", "artificial", "computer",
        "virtual", "automated", "pre", "prerecorded", "still", "also", "literally", "voice",
    ]
    static let identityWords: Set<String> = [
        "ai", "robot", "robots", "bot", "chatbot", "machine", "computer", "human", "person", "humans",
        "recording", "recorded", "automated", "intelligence", "program", "android", "robotic",
        "prerecorded", "automatic", "artificial",
    ]
    /// Identity words that are ordinary adjectives in other questions: they count only when
    /// the sentence ends with them or continues with "or" ("are you real or …").
    static let finalOnly: Set<String> = ["real", "live", "automated", "automatic", "artificial", "computer", "robotic"]

    /// Nouns that make a preceding adjective ("an automated call") an identity question.
    static let identityNouns: Set<String> = [
        "call", "system", "message", "service", "voice", "assistant", "agent", "line", "attendant",
        "operator", "person", "human", "intelligence", "being", "receptionist",
    ]

    /// Whether `utterance` asks if the caller is talking to an AI or a person.
    public static func isIdentityQuestion(_ utterance: String) -> Bool {
        let tokens = joinSpelledAI(TextNormalizer.tokens(utterance))
        for frame in frames {
            var start = 0
            while start + frame.count <= tokens.count {
                if Array(tokens[start..<(start + frame.count)]) == frame,
                   identityFollows(tokens, from: start + frame.count) {
                    return true
                }
                start += 1
            }
        }
        return false
    }

    private static func identityFollows(_ tokens: [String], from start: Int) -> Bool {
        var index = start
        var skipped = 0
        while index < tokens.count, skipped <= 4 {
            let token = tokens[index]
            let isLast = index == tokens.count - 1
            let following = isLast ? "" : tokens[index + 1]
            if finalOnly.contains(token) {
                if isLast || following == "or" || identityNouns.contains(following) { return true }
            } else if identityWords.contains(token) {
                // "is this recording my call" asks about recording, not about who is speaking.
                if token == "recording", ["my", "me", "this", "the", "our", "us"].contains(following) {
                    return false
                }
                return true
            }
            guard fillers.contains(token) else { return false }
            index += 1
            skipped += 1
        }
        return false
    }

    /// Speech recognisers often write "AI" as "a i" or "a.i.".
    private static func joinSpelledAI(_ tokens: [String]) -> [String] {
        var output: [String] = []
        var index = 0
        while index < tokens.count {
            if tokens[index] == "a", index + 1 < tokens.count, tokens[index + 1] == "i",
               index + 2 == tokens.count || !["am", "have", "was", "will", "would", "can"].contains(tokens[index + 2]) {
                output.append("ai")
                index += 2
                continue
            }
            output.append(tokens[index])
            index += 1
        }
        return output
    }
}
