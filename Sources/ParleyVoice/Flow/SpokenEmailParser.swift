import Foundation
import ParleyCore

/// Email addresses typed or spoken: "jo.smith@example.com" or
/// "jo dot smith at example dot com", "j o e at mail dot com".
enum SpokenEmailParser {
    static func parse(_ utterance: String) -> SlotValue? {
        if let range = utterance.range(of: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#, options: .regularExpression),
           let email = try? EmailAddress(String(utterance[range])) {
            return SlotValue(.string(email.value), spoken: spoken(email.value))
        }
        let tokens = TextNormalizer.rawTokens(utterance)
        guard let at = tokens.lastIndex(of: "at"), at > 0, at + 1 < tokens.count else { return nil }
        let connectors = ["dot": ".", "period": ".", "underscore": "_", "dash": "-", "hyphen": "-"]
        // Local part: walk back from "at" over words joined by connectors or spelled letters.
        var local: [String] = []
        var index = at - 1
        local.insert(tokens[index], at: 0)
        while index > 0 {
            let previous = tokens[index - 1]
            if let symbol = connectors[previous], index > 1 {
                local.insert(symbol, at: 0)
                local.insert(tokens[index - 2], at: 0)
                index -= 2
            } else if isSpelledPiece(previous), let first = local.first, isSpelledPiece(first) {
                local.insert(previous, at: 0)
                index -= 1
            } else {
                break
            }
        }
        var domain: [String] = [tokens[at + 1]]
        index = at + 1
        while index + 2 < tokens.count, let symbol = connectors[tokens[index + 1]] {
            domain.append(symbol)
            domain.append(tokens[index + 2])
            index += 2
        }
        let candidate = local.joined() + "@" + domain.joined()
        guard let email = try? EmailAddress(candidate) else { return nil }
        return SlotValue(.string(email.value), spoken: spoken(email.value))
    }

    /// A spelled-out letter ("j") or a run of digits, which callers say without connectors.
    private static func isSpelledPiece(_ token: String) -> Bool {
        token.count == 1 || token.allSatisfy(\.isNumber)
    }

    static func spoken(_ email: String) -> String {
        email.replacingOccurrences(of: "@", with: " at ").replacingOccurrences(of: ".", with: " dot ")
    }
}
