/// Lower-cased words without punctuation, for matching recognised speech.
public enum TextNormalizer {
    /// Splits `text` into lower-case words; keeps inner apostrophes and hyphens.
    public static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            let isWordCharacter = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || ((scalar == "'" || scalar == "-") && !current.isEmpty)
            if isWordCharacter {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                result.append(trimmed(current))
                current = ""
            }
        }
        if !current.isEmpty { result.append(trimmed(current)) }
        return result.filter { !$0.isEmpty }
    }

    private static func trimmed(_ word: String) -> String {
        var word = word
        while let last = word.last, last == "'" || last == "-" { word.removeLast() }
        return word
    }
}
