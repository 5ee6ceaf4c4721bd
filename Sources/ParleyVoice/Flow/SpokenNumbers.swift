/// Spoken English numbers: "twenty three" → 23, "two hundred and five" → 205,
/// "three thirty" → 3 and 30 (two numbers, as a time would be read).
public enum SpokenNumbers {
    static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9,
    ]
    static let teens: [String: Int] = [
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    static let ordinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
        "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
        "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
        "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    ]

    /// Replaces runs of number words in `tokens` with digit strings; other tokens pass through.
    public static func digitize(_ tokens: [String]) -> [String] {
        var output: [String] = []
        var accumulator = Accumulator()
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if token == "and", accumulator.canTakeAnd,
               index + 1 < tokens.count, isNumberWord(tokens[index + 1]) {
                index += 1
                continue
            }
            if isNumberWord(token) {
                if !accumulator.add(token) {
                    if let value = accumulator.finish() { output.append(String(value)) }
                    _ = accumulator.add(token)
                }
            } else {
                if let value = accumulator.finish() { output.append(String(value)) }
                output.append(token)
            }
            index += 1
        }
        if let value = accumulator.finish() { output.append(String(value)) }
        return output
    }

    /// The value of a whole phrase that is one number ("one hundred twenty", "42"), else nil.
    public static func value(of text: String) -> Int? {
        let tokens = TextNormalizer.tokens(text)
        guard tokens.count == 1, let value = Int(tokens[0]) else { return nil }
        return value
    }

    static func isNumberWord(_ token: String) -> Bool {
        units[token] != nil || teens[token] != nil || tens[token] != nil
            || token == "hundred" || token == "thousand"
    }

    /// Builds one number from consecutive words; `add` refuses a word that must start a new one.
    struct Accumulator {
        private var total = 0          // completed thousands
        private var current = 0        // below one thousand
        private var started = false
        private var last: Kind = .none

        enum Kind { case none, unit, teen, ten, hundred, thousand }

        var canTakeAnd: Bool { last == .hundred || last == .thousand }

        mutating func add(_ word: String) -> Bool {
            if let unit = SpokenNumbers.units[word] {
                switch last {
                case .none, .hundred, .thousand: current += unit
                case .ten where current % 10 == 0: current += unit
                default: return false
                }
                last = .unit
            } else if let teen = SpokenNumbers.teens[word] {
                guard last == .none || last == .hundred || last == .thousand else { return false }
                current += teen
                last = .teen
            } else if let ten = SpokenNumbers.tens[word] {
                guard last == .none || last == .hundred || last == .thousand else { return false }
                current += ten
                last = .ten
            } else if word == "hundred" {
                guard last == .unit || last == .teen || last == .none, current < 100 else { return false }
                current = max(current, 1) * 100
                last = .hundred
            } else if word == "thousand" {
                guard last != .thousand, total == 0 else { return false }
                total = max(current, 1) * 1000
                current = 0
                last = .thousand
            } else {
                return false
            }
            started = true
            return true
        }

        mutating func finish() -> Int? {
            defer { self = Accumulator() }
            return started ? total + current : nil
        }
    }
}
