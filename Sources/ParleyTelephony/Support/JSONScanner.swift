/// A strict RFC 8259 reader for small messages of a known shape: the caller walks the object
/// member by member and reads each value as the type it expects, so nothing is built that is
/// not needed. Unknown members are checked for syntax and skipped.
///
/// Only valid inside the `withUnsafeBytes` scope that produced `bytes`.
struct JSONScanner {
    /// A string value: a range of the input when it has no escapes (the usual case), else its
    /// unescaped UTF-8.
    enum StringToken {
        case raw(Range<Int>)
        case unescaped([UInt8])
    }

    let bytes: UnsafeRawBufferPointer
    // Read and advanced by the +Values extension too.
    var index = 0
    static let maxDepth = 32

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    func failure(_ message: String) -> TwilioStreamError {
        TwilioStreamError(.malformedJSON, "\(message) at byte \(index)")
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func expect(_ byte: UInt8) throws(TwilioStreamError) {
        skipWhitespace()
        guard current == byte else {
            throw failure("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    /// Fails unless only whitespace is left.
    mutating func expectEnd() throws(TwilioStreamError) {
        skipWhitespace()
        if index < bytes.count { throw failure("unexpected data after the JSON object") }
    }

    // MARK: Objects

    mutating func beginObject() throws(TwilioStreamError) {
        try expect(UInt8(ascii: "{"))
    }

    /// The key of the next member (positioned at its value), or nil at the closing brace.
    /// `first` tracks whether a comma is due.
    mutating func nextKey(first: inout Bool) throws(TwilioStreamError) -> StringToken? {
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if !first {
            guard current == UInt8(ascii: ",") else { throw failure("expected ',' or '}'") }
            index += 1
            skipWhitespace()
        }
        first = false
        guard current == UInt8(ascii: "\"") else { throw failure("expected a member name") }
        let key = try readString()
        try expect(UInt8(ascii: ":"))
        return key
    }

    // MARK: Strings

    mutating func readString() throws(TwilioStreamError) -> StringToken {
        skipWhitespace()
        guard current == UInt8(ascii: "\"") else { throw failure("expected a string") }
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return .raw(start..<(index - 1))
            }
            if byte == UInt8(ascii: "\\") { return .unescaped(try readEscapedString(from: start)) }
            if byte < 0x20 { throw failure("control character in a string") }
            index += 1
        }
        throw failure("unterminated string")
    }

    private mutating func readEscapedString(from start: Int) throws(TwilioStreamError) -> [UInt8] {
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return out
            case UInt8(ascii: "\\"):
                guard let escape = current else { throw failure("unterminated escape") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out.append(contentsOf: try readUnicodeEscape())
                default: throw failure("invalid escape")
                }
            case 0..<0x20: throw failure("control character in a string")
            default: out.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func readHex4() throws(TwilioStreamError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func readUnicodeEscape() throws(TwilioStreamError) -> [UInt8] {
        var value = try readHex4()
        if (0xD800..<0xDC00).contains(value) {
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw failure("lone surrogate in \\u escape")
            }
            index += 2
            let low = try readHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw failure("lone surrogate in \\u escape") }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(value) {
            throw failure("lone surrogate in \\u escape")
        }
        guard let scalar = Unicode.Scalar(value) else { throw failure("invalid \\u escape") }
        return Array(String(Character(scalar)).utf8)
    }

    /// The token's UTF-8 bytes, given to `body` without copying when possible.
    func withBytes<R>(_ token: StringToken, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        switch token {
        case .raw(let range): body(UnsafeRawBufferPointer(rebasing: bytes[range]))
        case .unescaped(let array): array.withUnsafeBytes(body)
        }
    }

    func matches(_ token: StringToken, _ literal: StaticString) -> Bool {
        withBytes(token) { candidate in
            Self.equal(candidate, UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
    }

    func matches(_ token: StringToken, string: String) -> Bool {
        var string = string
        return string.withUTF8 { expected in withBytes(token) { Self.equal($0, UnsafeRawBufferPointer(expected)) } }
    }

    private static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        for index in 0..<a.count where a[index] != b[index] { return false }
        return true
    }

    /// The token as a `String`; fails on invalid UTF-8 rather than repairing it.
    func string(_ token: StringToken) throws(TwilioStreamError) -> String {
        let decoded: String? = withBytes(token) { String(validating: $0, as: UTF8.self) }
        guard let decoded else { throw failure("invalid UTF-8 in a string") }
        return decoded
    }

    mutating func readStringValue() throws(TwilioStreamError) -> String {
        try string(try readString())
    }

    // MARK: Numbers

    /// A non-negative integer written either as a JSON number or, as Twilio does, as a string
    /// of decimal digits.
    mutating func readCount() throws(TwilioStreamError) -> Int64 {
        skipWhitespace()
        if current == UInt8(ascii: "\"") {
            let token = try readString()
            let value: Int64? = withBytes(token) { Self.decimal($0) }
            guard let value else { throw failure("expected a string of decimal digits") }
            return value
        }
        let start = index
        try skipNumber()
        let value = Self.decimal(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        guard let value else { throw failure("expected a non-negative integer") }
        return value
    }

    /// Digits only, no sign or leading zeros, at most 18 of them (no overflow).
    static func decimal(_ digits: UnsafeRawBufferPointer) -> Int64? {
        guard (1...18).contains(digits.count), digits.count == 1 || digits[0] != UInt8(ascii: "0") else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private mutating func skipDigits() -> Int {
        let start = index
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        return index - start
    }

    /// Checks RFC 8259 number grammar.
    mutating func skipNumber() throws(TwilioStreamError) {
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
        } else if skipDigits() == 0 {
            throw failure("expected a number")
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw failure("expected digits after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw failure("expected digits in the exponent") }
        }
    }
}
