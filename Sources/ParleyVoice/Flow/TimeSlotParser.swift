/// Times of day as callers say them: "3 pm", "three thirty", "15:30", "noon",
/// "half past two", "quarter to five", "9 in the morning". Canonical form `HH:mm`.
/// Without am/pm or a part of day, hours 1–6 are read as afternoon (13:00–18:59),
/// because callers booking business appointments rarely mean 3 a.m.
enum TimeSlotParser {
    static func parse(_ utterance: String) -> SlotValue? {
        let tokens = TextNormalizer.tokens(utterance)
        guard let (hour, minute) = resolve(tokens), (0...23).contains(hour), (0...59).contains(minute) else {
            return nil
        }
        return SlotValue(.string(canonical(hour, minute)), spoken: spoken(hour, minute))
    }

    private static func resolve(_ tokens: [String]) -> (Int, Int)? {
        if tokens.contains("noon") || tokens.contains("midday") { return (12, 0) }
        if tokens.contains("midnight") { return (0, 0) }
        let meridiem = meridiem(tokens)
        for index in tokens.indices {
            // "half past three", "quarter to five", "ten past four"
            let word = tokens[index]
            if (word == "past" || word == "after" || word == "to" || word == "til") && index > 0,
               index + 1 < tokens.count, let hour = Int(tokens[index + 1]), (1...12).contains(hour) {
                let before = tokens[index - 1]
                var minutes: Int?
                switch before {
                case "half": minutes = 30
                case "quarter": minutes = 15
                case "minutes": minutes = index > 1 ? Int(tokens[index - 2]) : nil
                default: minutes = Int(before)
                }
                guard let minutes, minutes < 60 else { continue }
                let forward = word == "past" || word == "after"
                if !forward && before == "half" { continue }
                let base = forward ? (hour, minutes) : ((hour + 11) % 12 + (hour == 1 ? 12 : 0), 60 - minutes)
                return adjust(base.0 == 0 ? 12 : base.0, base.1, meridiem: meridiem)
            }
        }
        for index in tokens.indices {
            guard let number = Int(tokens[index]) else { continue }
            let next = index + 1 < tokens.count ? tokens[index + 1] : ""
            if ["st", "nd", "rd", "th"].contains(next) { continue }
            let digits = tokens[index]
            if digits.count >= 3 && digits.count <= 4 {
                return adjust(number / 100, number % 100, meridiem: meridiem)
            }
            guard number <= 24 else { continue }
            var minute = 0
            if let following = Int(next), following < 60, next.count == 2 || following >= 10 {
                minute = following
            }
            return adjust(number == 24 ? 0 : number, minute, meridiem: meridiem)
        }
        return nil
    }

    private enum Meridiem { case am, pm }

    private static func meridiem(_ tokens: [String]) -> Meridiem? {
        let text = " " + tokens.joined(separator: " ") + " "
        for marker in [" am ", " a m ", " morning "] where text.contains(marker) { return .am }
        for marker in [" pm ", " p m ", " afternoon ", " evening ", " tonight ", " night "] where text.contains(marker) {
            return .pm
        }
        return nil
    }

    private static func adjust(_ hour: Int, _ minute: Int, meridiem: Meridiem?) -> (Int, Int)? {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        switch meridiem {
        case .am?:
            guard hour <= 12 else { return nil }
            return (hour == 12 ? 0 : hour, minute)
        case .pm?:
            guard hour <= 12 else { return hour <= 23 ? (hour, minute) : nil }
            return (hour == 12 ? 12 : hour + 12, minute)
        case nil:
            return ((1...6).contains(hour) ? hour + 12 : hour, minute)
        }
    }

    static func canonical(_ hour: Int, _ minute: Int) -> String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    static func spoken(_ hour: Int, _ minute: Int) -> String {
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        let suffix = hour < 12 ? "AM" : "PM"
        if minute == 0 { return "\(twelve) \(suffix)" }
        return "\(twelve):\(minute < 10 ? "0" : "")\(minute) \(suffix)"
    }
}
