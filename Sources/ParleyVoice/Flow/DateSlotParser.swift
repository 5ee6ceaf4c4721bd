import Foundation

/// Dates as callers say them: "tomorrow", "next monday", "the 25th", "november 25th",
/// "25th of november", ISO "2026-11-25". A bare or "next" weekday is the first such day
/// after today; "this <weekday>" may be today. Month-day dates without a year are the
/// next occurrence on or after today.
struct DateSlotParser {
    let today: CivilDate

    func parse(_ utterance: String) -> SlotValue? {
        guard let date = resolve(utterance), date.isValid else { return nil }
        return SlotValue(.string(date.description), spoken: date.spoken)
    }

    private func resolve(_ utterance: String) -> CivilDate? {
        if let iso = isoDate(in: utterance) { return iso }
        let tokens = TextNormalizer.tokens(utterance)
        let text = " " + tokens.joined(separator: " ") + " "
        if let dated = monthAndDay(tokens) { return dated }
        if text.contains(" day after tomorrow ") { return today.adding(days: 2) }
        if text.contains(" tomorrow ") { return today.adding(days: 1) }
        if text.contains(" today ") || text.contains(" tonight ") { return today }
        if let index = tokens.firstIndex(of: "in"), index + 2 < tokens.count,
           tokens[index + 2] == "days" || tokens[index + 2] == "day" {
            if let count = Int(tokens[index + 1]), (0...366).contains(count) { return today.adding(days: count) }
            if tokens[index + 1] == "a" { return today.adding(days: 1) }
        }
        if text.contains(" in a week ") { return today.adding(days: 7) }
        for (index, token) in tokens.enumerated() {
            guard let weekday = DateSlotParser.weekday(token) else { continue }
            var offset = (weekday - today.weekday + 7) % 7
            let includesToday = index > 0 && tokens[index - 1] == "this"
            if offset == 0, !includesToday { offset = 7 }
            return today.adding(days: offset)
        }
        if let day = ordinalDay(tokens) {
            var candidate = CivilDate(year: today.year, month: today.month, day: day)
            if !candidate.isValid || candidate < today {
                let next = today.month == 12 ? (today.year + 1, 1) : (today.year, today.month + 1)
                candidate = CivilDate(year: next.0, month: next.1, day: day)
            }
            return candidate
        }
        return nil
    }

    private func isoDate(in text: String) -> CivilDate? {
        guard let range = text.range(of: #"\b\d{4}-\d{1,2}-\d{1,2}\b"#, options: .regularExpression) else { return nil }
        let parts = text[range].split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return CivilDate(year: parts[0], month: parts[1], day: parts[2])
    }

    /// "november 25", "november the twenty fifth", "25th of november 2027".
    private func monthAndDay(_ tokens: [String]) -> CivilDate? {
        guard let monthIndex = tokens.firstIndex(where: { DateSlotParser.month($0) != nil }),
              let month = DateSlotParser.month(tokens[monthIndex]) else { return nil }
        var day: Int?
        var afterDay = monthIndex + 1
        if let (value, end) = dayNumber(tokens, from: monthIndex + 1) {
            day = value
            afterDay = end
        } else {
            var start = monthIndex - 1
            while start >= 0, ["of", "the"].contains(tokens[start]) { start -= 1 }
            var begin = start
            while begin > 0, Int(tokens[begin - 1]) != nil || SpokenNumbers.ordinals[tokens[begin - 1]] != nil
                || ["st", "nd", "rd", "th"].contains(tokens[begin]) { begin -= 1 }
            if begin >= 0, let (value, _) = dayNumber(tokens, from: begin) { day = value }
        }
        guard let dayOfMonth = day else { return nil }
        if afterDay < tokens.count, let year = Int(tokens[afterDay]), (1900...2200).contains(year) {
            return CivilDate(year: year, month: month, day: dayOfMonth)
        }
        var candidate = CivilDate(year: today.year, month: month, day: dayOfMonth)
        if candidate.isValid, candidate < today { candidate.year += 1 }
        return candidate
    }

    /// A day-of-month starting at `start` (skipping "the"): "25", "25 th", "twenty fifth"
    /// (digitised to "20 fifth"), "first". Returns the value and the index after it.
    private func dayNumber(_ tokens: [String], from start: Int) -> (Int, Int)? {
        var index = start
        while index < tokens.count, tokens[index] == "the" { index += 1 }
        guard index < tokens.count else { return nil }
        if let ordinal = SpokenNumbers.ordinals[tokens[index]] { return (ordinal, index + 1) }
        guard let number = Int(tokens[index]), (1...31).contains(number) else { return nil }
        index += 1
        if index < tokens.count, let ordinal = SpokenNumbers.ordinals[tokens[index]], ordinal < 10, number % 10 == 0 {
            return (number + ordinal, index + 1)
        }
        if index < tokens.count, ["st", "nd", "rd", "th"].contains(tokens[index]) { index += 1 }
        return (number, index)
    }

    /// "the 25th", "the twenty fifth": a day of this month (or next, if already past).
    private func ordinalDay(_ tokens: [String]) -> Int? {
        for index in tokens.indices {
            if let ordinal = SpokenNumbers.ordinals[tokens[index]], index > 0, tokens[index - 1] == "the" {
                return ordinal
            }
            if let number = Int(tokens[index]), (1...31).contains(number), index + 1 < tokens.count {
                let next = tokens[index + 1]
                if ["st", "nd", "rd", "th"].contains(next) { return number }
                if let ordinal = SpokenNumbers.ordinals[next], ordinal < 10, number % 10 == 0, number + ordinal <= 31 {
                    return number + ordinal
                }
            }
        }
        return nil
    }

    /// 1 = Monday … 7 = Sunday.
    static func weekday(_ token: String) -> Int? {
        if let index = CivilDate.weekdayNames.firstIndex(of: token) { return index + 1 }
        let short = ["mon": 1, "tues": 2, "tue": 2, "wed": 3, "weds": 3, "thurs": 4, "thur": 4, "thu": 4, "fri": 5]
        return short[token]
    }

    static func month(_ token: String) -> Int? {
        if let index = CivilDate.monthNames.firstIndex(of: token) { return index + 1 }
        let short = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                     "oct": 10, "nov": 11, "dec": 12]
        return short[token]
    }
}
