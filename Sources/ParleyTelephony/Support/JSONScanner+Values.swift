/// Arrays, string maps and skipped values.
extension JSONScanner {
    /// An array of strings.
    mutating func readStringArray(limit: Int = 16) throws(TwilioStreamError) -> [String] {
        try expect(UInt8(ascii: "["))
        var values: [String] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return values
        }
        while true {
            values.append(try readStringValue())
            guard values.count <= limit else { throw failure("too many array elements") }
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                index += 1
                return values
            }
            try expect(UInt8(ascii: ","))
        }
    }

    /// An object whose values are all strings; duplicate keys are refused.
    mutating func readStringMap(limit: Int = 64) throws(TwilioStreamError) -> [String: String] {
        try beginObject()
        var map: [String: String] = [:]
        var first = true
        while let key = try nextKey(first: &first) {
            let name = try string(key)
            guard map[name] == nil else { throw failure("duplicate member \"\(name)\"") }
            map[name] = try readStringValue()
            guard map.count <= limit else { throw failure("too many members") }
        }
        return map
    }

    /// Checks and skips any value.
    mutating func skipValue(depth: Int = 0) throws(TwilioStreamError) {
        guard depth < Self.maxDepth else { throw failure("nesting too deep") }
        skipWhitespace()
        guard let byte = current else { throw failure("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            _ = try readString()
        case UInt8(ascii: "{"):
            try beginObject()
            var first = true
            while try nextKey(first: &first) != nil { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            index += 1
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if current == UInt8(ascii: "]") {
                    index += 1
                    return
                }
                try expect(UInt8(ascii: ","))
            }
        case UInt8(ascii: "t"): try skipLiteral("true")
        case UInt8(ascii: "f"): try skipLiteral("false")
        case UInt8(ascii: "n"): try skipLiteral("null")
        default: try skipNumber()
        }
    }

    private mutating func skipLiteral(_ literal: StaticString) throws(TwilioStreamError) {
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard index + expected.count <= bytes.count,
              UnsafeRawBufferPointer(rebasing: bytes[index..<(index + expected.count)]).elementsEqual(expected)
        else { throw failure("invalid literal") }
        index += expected.count
    }
}
