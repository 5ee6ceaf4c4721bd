/// Finds where a JSON text first goes wrong (line, column and what was expected), so a 400 can
/// say exactly where. A small recursive-descent scanner over RFC 8259 grammar; it validates
/// only and builds nothing.
public struct JSONSyntaxChecker {
    public struct Failure: Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "\(message) at line \(line), column \(column)" }
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    private static let maxDepth = 512

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// nil when `bytes` is one valid JSON value (with optional surrounding whitespace).
    public static func firstError(in bytes: [UInt8]) -> Failure? {
        var checker = JSONSyntaxChecker(bytes)
        return checker.check()
    }

    private mutating func check() -> Failure? {
        skipWhitespace()
        if let f = value() { return f }
        skipWhitespace()
        if index < bytes.count { return failure("unexpected data after the JSON value") }
        return nil
    }

    private func failure(_ message: String) -> Failure {
        var line = 1, column = 1
        for b in bytes[0..<min(index, bytes.count)] {
            if b == 0x0a { line += 1; column = 1 } else if b & 0xc0 != 0x80 { column += 1 }
        }
        return Failure(line: line, column: column, message: message)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[index]) { index += 1 }
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func value() -> Failure? {
        guard let c = current else { return failure("unexpected end of input, expected a value") }
        switch c {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
        default: return failure("unexpected character '\(Self.show(c))', expected a value")
        }
    }

    private mutating func literal(_ word: String) -> Failure? {
        for expected in word.utf8 {
            guard current == expected else { return failure("invalid literal, expected '\(word)'") }
            index += 1
        }
        return nil
    }

    private mutating func number() -> Failure? {
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return failure("invalid number") }
        if first == UInt8(ascii: "0") { index += 1 } else { digits() }
        if current == UInt8(ascii: ".") {
            index += 1
            guard let d = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d) else { return failure("invalid number: digits expected after '.'") }
            digits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let d = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d) else { return failure("invalid number: exponent digits expected") }
            digits()
        }
        return nil
    }

    private mutating func digits() {
        while let d = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d) { index += 1 }
    }

    private mutating func string() -> Failure? {
        index += 1
        while let c = current {
            switch c {
            case UInt8(ascii: "\""):
                index += 1
                return nil
            case UInt8(ascii: "\\"):
                index += 1
                guard let e = current else { return failure("unterminated string") }
                if e == UInt8(ascii: "u") {
                    for _ in 0..<4 {
                        index += 1
                        guard let h = current, Self.isHex(h) else { return failure("invalid \\u escape in string") }
                    }
                } else if !"\"\\/bfnrt".utf8.contains(e) {
                    return failure("invalid escape '\\\(Self.show(e))' in string")
                }
                index += 1
            case 0..<0x20:
                return failure("control character in string (escape it)")
            default:
                index += 1
            }
        }
        return failure("unterminated string")
    }

    private mutating func array() -> Failure? {
        depth += 1
        guard depth <= Self.maxDepth else { return failure("nesting deeper than \(Self.maxDepth) levels") }
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "]") { index += 1; return nil }
        while true {
            if let f = value() { return f }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1; skipWhitespace()
            case UInt8(ascii: "]"): index += 1; return nil
            case nil: return failure("unexpected end of input, expected ',' or ']'")
            case let c?: return failure("unexpected character '\(Self.show(c))', expected ',' or ']'")
            }
        }
    }

    private mutating func object() -> Failure? {
        depth += 1
        guard depth <= Self.maxDepth else { return failure("nesting deeper than \(Self.maxDepth) levels") }
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") { index += 1; return nil }
        while true {
            guard current == UInt8(ascii: "\"") else {
                if let c = current { return failure("unexpected character '\(Self.show(c))', expected a quoted member name") }
                return failure("unexpected end of input, expected a member name")
            }
            if let f = string() { return f }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { return failure("expected ':' after member name") }
            index += 1
            skipWhitespace()
            if let f = value() { return f }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1; skipWhitespace()
            case UInt8(ascii: "}"): index += 1; return nil
            case nil: return failure("unexpected end of input, expected ',' or '}'")
            case let c?: return failure("unexpected character '\(Self.show(c))', expected ',' or '}'")
            }
        }
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(c)
    }

    private static func show(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7f ? String(UnicodeScalar(c)) : "\\x" + String(c, radix: 16)
    }
}
