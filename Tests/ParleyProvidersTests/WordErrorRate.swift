import Foundation

/// Word error rate with the normalisation speech benchmarks use: lower case,
/// no punctuation, numbers as words.
enum WordErrorRate {
    static let numbers: [String: String] = [
        "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
        "8": "eight", "9": "nine", "10": "ten", "11": "eleven", "12": "twelve", "13": "thirteen", "14": "fourteen",
        "15": "fifteen", "16": "sixteen", "17": "seventeen", "18": "eighteen", "19": "nineteen", "20": "twenty",
        "mr": "mister", "mrs": "missus", "dr": "doctor",
    ]

    static func normalise(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased().replacingOccurrences(of: "-", with: " ") {
            if character.isLetter || character.isNumber || character == "'" {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.flatMap { word -> [String] in
            if let spoken = numbers[word] { return [spoken] }
            if word.allSatisfy(\.isNumber) { return word.map { numbers[String($0)] ?? String($0) } }
            return [word]
        }
    }

    /// Word-level edit distance between reference and hypothesis.
    static func errors(reference: [String], hypothesis: [String]) -> Int {
        var previous = Array(0...hypothesis.count)
        for (i, word) in reference.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: hypothesis.count)
            for (j, guess) in hypothesis.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (word == guess ? 0 : 1))
            }
            previous = current
        }
        return previous[hypothesis.count]
    }
}


