import Foundation
import ParleyCore

/// Parses caller answers into slot values. Pure: relative dates use `today`, never the clock.
public struct SlotParser: Sendable {
    /// The caller's local date that "today", "tomorrow" and weekday names are resolved against.
    public var today: CivilDate

    public init(today: CivilDate) {
        self.today = today
    }

    /// The value of `utterance` for `slot`, or nil when it does not parse or validate.
    public func parse(_ utterance: String, as slot: FlowSlot) -> SlotValue? {
        guard let type = slot.slotType else { return nil }
        switch type {
        case .number: return number(utterance, slot: slot)
        case .digits: return digits(collectDigits(utterance), slot: slot)
        case .phone: return phone(utterance)
        case .yesNo: return yesNo(utterance)
        case .date: return DateSlotParser(today: today).parse(utterance)
        case .time: return TimeSlotParser.parse(utterance)
        case .email: return SpokenEmailParser.parse(utterance)
        case .text: return text(utterance, slot: slot)
        case .choice: return choice(utterance, slot: slot)
        case .name: return personName(utterance, slot: slot)
        }
    }

    /// The value of keypad input for `slot`: digits for number/digits/phone, 1 = yes and
    /// 2 = no for yes/no, an option's `dtmf` key for choice.
    public func parse(dtmf rawKeys: String, as slot: FlowSlot) -> SlotValue? {
        let keys = rawKeys.hasSuffix("#") ? String(rawKeys.dropLast()) : rawKeys
        guard !keys.isEmpty, let type = slot.slotType else { return nil }
        let allDigits = keys.allSatisfy { $0.isASCII && $0.isNumber }
        switch type {
        case .digits: return allDigits ? digits(keys, slot: slot) : nil
        case .number: return allDigits ? number(keys, slot: slot) : nil
        case .phone: return allDigits ? phone(keys) : nil
        case .yesNo:
            if keys == "1" { return SlotValue(.bool(true), spoken: "yes") }
            if keys == "2" { return SlotValue(.bool(false), spoken: "no") }
            return nil
        case .choice:
            guard let option = (slot.options ?? []).first(where: { $0.dtmf == keys }) else { return nil }
            return SlotValue(.string(option.value), spoken: option.value)
        case .date, .time, .email, .text, .name:
            return nil
        }
    }

    // MARK: - number, digits, phone

    private func number(_ utterance: String, slot: FlowSlot) -> SlotValue? {
        let tokens = TextNormalizer.tokens(utterance.replacingOccurrences(of: ",", with: ""))
        var value: Double?
        var index = 0
        while index < tokens.count {
            if let whole = Int(tokens[index]) {
                var result = Double(whole)
                if index + 2 < tokens.count, tokens[index + 1] == "point", let fraction = Int(tokens[index + 2]) {
                    result = Double("\(whole).\(tokens[index + 2])") ?? Double(whole) + Double(fraction) / 10
                }
                if index > 0, tokens[index - 1] == "minus" || tokens[index - 1] == "negative" { result = -result }
                value = result
                break
            }
            index += 1
        }
        // "3.5" arrives as "3", "5" after tokenising; read decimals from the raw text first.
        if let decimal = SlotParser.firstDecimal(in: utterance) { value = decimal }
        guard let number = value else { return nil }
        if let min = slot.min, number < min { return nil }
        if let max = slot.max, number > max { return nil }
        return SlotValue(.number(number), spoken: JSONValue.format(number))
    }

    static func firstDecimal(in text: String) -> Double? {
        guard let range = text.range(of: #"-?\d+\.\d+"#, options: .regularExpression) else { return nil }
        return Double(text[range])
    }

    /// Every digit said or typed, in order: "one two three", "1 2 3", "oh", "double five".
    func collectDigits(_ utterance: String) -> String {
        let tokens = TextNormalizer.tokens(utterance)
        var output = ""
        var repeatNext = 1
        for token in tokens {
            var piece: String?
            if token.allSatisfy({ $0.isASCII && $0.isNumber }) {
                piece = token
            } else if token == "oh" || token == "o" {
                piece = "0"
            } else if token == "double" || token == "triple" {
                repeatNext = token == "double" ? 2 : 3
                continue
            }
            guard let digits = piece else { repeatNext = 1; continue }
            if repeatNext > 1, let first = digits.first {
                output += String(repeating: String(first), count: repeatNext - 1)
            }
            repeatNext = 1
            output += digits
        }
        return output
    }

    private func digits(_ digits: String, slot: FlowSlot) -> SlotValue? {
        guard !digits.isEmpty else { return nil }
        if let min = slot.minLength, digits.count < min { return nil }
        if let max = slot.maxLength, digits.count > max { return nil }
        return SlotValue(.string(digits), spoken: digits.map(String.init).joined(separator: " "))
    }

    private func phone(_ utterance: String) -> SlotValue? {
        let digits = collectDigits(utterance)
        guard (7...15).contains(digits.count) else { return nil }
        let international = utterance.contains("+") || TextNormalizer.rawTokens(utterance).contains("plus")
        let value = (international ? "+" : "") + digits
        return SlotValue(.string(value), spoken: digits.map(String.init).joined(separator: " "))
    }

    // MARK: - yes/no, text, choice

    static let affirmatives: Set<String> = [
        "yes", "yeah", "yep", "yup", "ya", "yea", "sure", "correct", "right", "ok", "okay",
        "absolutely", "definitely", "affirmative", "certainly", "perfect", "great", "fine",
        "alright", "confirm", "confirmed", "exactly", "good", "true",
    ]
    static let negatives: Set<String> = [
        "no", "nope", "nah", "not", "incorrect", "wrong", "negative", "false", "never",
    ]

    private func yesNo(_ utterance: String) -> SlotValue? {
        let tokens = TextNormalizer.rawTokens(utterance)
        let text = " " + tokens.joined(separator: " ") + " "
        for undecided in [" not sure ", " do not know ", " maybe ", " dunno ", " no idea ", " perhaps "]
        where text.contains(undecided) {
            return nil
        }
        for agreement in [" no problem ", " no worries ", " why not ", " of course ", " that works "]
        where text.contains(agreement) {
            return SlotValue(.bool(true), spoken: "yes")
        }
        if tokens.contains(where: SlotParser.negatives.contains) {
            return SlotValue(.bool(false), spoken: "no")
        }
        if tokens.contains(where: SlotParser.affirmatives.contains) {
            return SlotValue(.bool(true), spoken: "yes")
        }
        return nil
    }

    private func text(_ utterance: String, slot: FlowSlot) -> SlotValue? {
        let trimmed = TemplateRenderer.trimmed(Substring(utterance))
        guard !trimmed.isEmpty else { return nil }
        if let min = slot.minLength, trimmed.count < min { return nil }
        if let max = slot.maxLength, trimmed.count > max { return nil }
        return SlotValue(.string(trimmed), spoken: trimmed)
    }

    static let nameLeadIns = [
        "my name is", "my names", "my name's", "the name is", "name is", "it is", "it's", "its", "this is",
        "i am", "i'm", "im", "call me", "yeah", "yes", "sure", "um", "uh", "oh", "so",
    ]

    private func personName(_ utterance: String, slot: FlowSlot) -> SlotValue? {
        var text = TemplateRenderer.trimmed(Substring(utterance))
        var stripped = true
        while stripped {
            stripped = false
            text = String(text.drop { $0.isWhitespace || $0 == "," || $0 == "." })
            for leadIn in SlotParser.nameLeadIns {
                let lower = text.lowercased()
                if lower.hasPrefix(leadIn + " ") || lower.hasPrefix(leadIn + ",") {
                    text = String(text.dropFirst(leadIn.count))
                    stripped = true
                    break
                }
            }
        }
        while let last = text.last, last.isPunctuation || last.isWhitespace { text.removeLast() }
        let words = text.split(whereSeparator: \.isWhitespace).map { word in
            word.prefix(1).uppercased() + word.dropFirst()
        }
        let name = words.joined(separator: " ")
        guard !name.isEmpty, name.contains(where: \.isLetter) else { return nil }
        if let max = slot.maxLength, name.count > max { return nil }
        return SlotValue(.string(name), spoken: name)
    }

    private func choice(_ utterance: String, slot: FlowSlot) -> SlotValue? {
        let tokens = TextNormalizer.stemmedTokens(utterance)
        var best: (option: FlowChoice, length: Int)?
        for option in slot.options ?? [] {
            for phrase in [option.value] + (option.synonyms ?? []) {
                let phraseTokens = TextNormalizer.stemmedTokens(phrase)
                guard !phraseTokens.isEmpty, IntentMatcher.contains(tokens, phraseTokens) else { continue }
                if best == nil || phraseTokens.count > best!.length { best = (option, phraseTokens.count) }
            }
        }
        if best == nil {
            // "option two", "number 2", or just "two" select the option with that key.
            let numbers = tokens.filter { Int($0) != nil }
            if numbers.count == 1, let option = (slot.options ?? []).first(where: { $0.dtmf == numbers[0] }) {
                best = (option, 1)
            }
        }
        guard let chosen = best?.option else { return nil }
        return SlotValue(.string(chosen.value), spoken: chosen.value)
    }
}
