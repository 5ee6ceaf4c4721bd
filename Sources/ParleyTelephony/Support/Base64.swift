/// RFC 4648 base64, strict: media payloads decode straight into a reused buffer, so the
/// per-frame path neither allocates nor goes through Foundation.
enum Base64 {
    enum Alphabet: Sendable {
        /// `+` and `/`, padded with `=` (Twilio payloads, X-Twilio-Signature).
        case standard
        /// `-` and `_`, unpadded (stream tokens: safe in TwiML attributes and URLs).
        case url
    }

    private static let standardSymbols = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlSymbols = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// Marks a byte outside the alphabet; values 0…63 never have this bit.
    private static let invalid: UInt8 = 0x80
    private static let standardTable = decodeTable(standardSymbols)
    private static let urlTable = decodeTable(urlSymbols)

    private static func decodeTable(_ symbols: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, symbol) in symbols.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }

    /// Appends the encoding of `input` to `output`.
    static func encode(_ input: UnsafeRawBufferPointer, alphabet: Alphabet = .standard, into output: inout [UInt8]) {
        let full = input.count / 3, rest = input.count % 3
        let padded = alphabet == .standard
        let count = full * 4 + (rest == 0 ? 0 : padded ? 4 : rest + 1)
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: count))
        let symbols = padded ? standardSymbols : urlSymbols
        symbols.withUnsafeBufferPointer { symbols in
            output.withUnsafeMutableBufferPointer { buffer in
                let out = UnsafeMutableBufferPointer(rebasing: buffer[start...])
                var i = 0, o = 0
                for _ in 0..<full {
                    let word = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                    out[o] = symbols[Int(word >> 18)]
                    out[o + 1] = symbols[Int(word >> 12 & 0x3F)]
                    out[o + 2] = symbols[Int(word >> 6 & 0x3F)]
                    out[o + 3] = symbols[Int(word & 0x3F)]
                    i += 3
                    o += 4
                }
                guard rest > 0 else { return }
                let word = UInt32(input[i]) << 16 | (rest == 2 ? UInt32(input[i + 1]) << 8 : 0)
                out[o] = symbols[Int(word >> 18)]
                out[o + 1] = symbols[Int(word >> 12 & 0x3F)]
                if rest == 2 { out[o + 2] = symbols[Int(word >> 6 & 0x3F)] }
                if padded {
                    out[o + 3] = UInt8(ascii: "=")
                    if rest == 1 { out[o + 2] = UInt8(ascii: "=") }
                }
            }
        }
    }

    static func encode(_ bytes: some Sequence<UInt8>, alphabet: Alphabet = .standard) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        input.withUnsafeBytes { encode($0, alphabet: alphabet, into: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Replaces the contents of `output` with the decoding of `input`; false when `input` is not
    /// canonical base64 (wrong length or padding, a byte outside the alphabet, non-zero pad bits).
    /// Reuses `output`'s storage when it is uniquely referenced.
    static func decode(_ input: UnsafeRawBufferPointer, alphabet: Alphabet = .standard, into output: inout [UInt8]) -> Bool {
        var length = input.count
        if alphabet == .standard {
            guard length % 4 == 0 else { return false }
            if length > 0, input[length - 1] == UInt8(ascii: "=") {
                length -= input[length - 2] == UInt8(ascii: "=") ? 2 : 1
            }
        }
        let full = length / 4, rest = length % 4
        guard rest != 1 else { return false }
        let count = full * 3 + (rest == 0 ? 0 : rest - 1)
        if output.count > count {
            output.removeLast(output.count - count)
        } else if output.count < count {
            output.append(contentsOf: repeatElement(0, count: count - output.count))
        }
        let table = alphabet == .standard ? standardTable : urlTable
        return table.withUnsafeBufferPointer { table in
            output.withUnsafeMutableBufferPointer { out in
                var seen: UInt8 = 0
                var i = 0, o = 0
                for _ in 0..<full {
                    let a = table[Int(input[i])], b = table[Int(input[i + 1])]
                    let c = table[Int(input[i + 2])], d = table[Int(input[i + 3])]
                    seen |= a | b | c | d
                    out[o] = a << 2 | b >> 4
                    out[o + 1] = b << 4 | c >> 2
                    out[o + 2] = c << 6 | d
                    i += 4
                    o += 3
                }
                var canonical = true
                if rest >= 2 {
                    let a = table[Int(input[i])], b = table[Int(input[i + 1])]
                    seen |= a | b
                    out[o] = a << 2 | b >> 4
                    if rest == 3 {
                        let c = table[Int(input[i + 2])]
                        seen |= c
                        out[o + 1] = b << 4 | c >> 2
                        canonical = c & 0x03 == 0
                    } else {
                        canonical = b & 0x0F == 0
                    }
                }
                return seen & invalid == 0 && canonical
            }
        }
    }

    static func decode(_ text: String, alphabet: Alphabet = .standard) -> [UInt8]? {
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        let valid = bytes.withUnsafeBytes { decode($0, alphabet: alphabet, into: &output) }
        return valid ? output : nil
    }
}
