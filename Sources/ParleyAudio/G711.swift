/// ITU-T G.711 companding, bit-exact with the ITU-T G.191 reference (`g711.c`).
///
/// Linear samples are 16-bit PCM: A-law uses their 13 most significant bits and μ-law their 14,
/// as in G.191. Like the reference, compression takes the one's complement of negative samples,
/// so μ-law maps −1…−4 to 0x7F (which decodes to 0), unlike Python's `audioop`.
/// Single samples are encoded arithmetically; buffers through tables built once from that
/// arithmetic (16 K entries for μ-law, 4 K for A-law: the code depends only on the top 14 or 12
/// bits). Decoding uses a 256-entry table per law.
public enum G711: Sendable, Hashable, CaseIterable {
    /// μ-law (PCMU, North America and Japan).
    case muLaw
    /// A-law (PCMA, most other countries).
    case aLaw

    /// Compresses one 16-bit linear sample to an 8-bit code.
    public func encode(_ sample: Int16) -> UInt8 {
        switch self {
        case .muLaw: G711.encodeMuLaw(sample)
        case .aLaw: G711.encodeALaw(sample)
        }
    }

    /// Expands one 8-bit code to a 16-bit linear sample.
    public func decode(_ code: UInt8) -> Int16 {
        switch self {
        case .muLaw: G711.muLawTable[Int(code)]
        case .aLaw: G711.aLawTable[Int(code)]
        }
    }

    /// Compresses `samples` into the first `samples.count` elements of `codes`.
    ///
    /// Allocation-free. `codes.count` must be at least `samples.count` (a programming error otherwise).
    public func encode(_ samples: UnsafeBufferPointer<Int16>, into codes: UnsafeMutableBufferPointer<UInt8>) {
        precondition(codes.count >= samples.count, "G711.encode: output buffer is shorter than the input")
        let (table, shift) = self == .muLaw ? (G711.muLawEncodeTable, 2) : (G711.aLawEncodeTable, 4)
        table.withUnsafeBufferPointer { table in
            for index in samples.indices {
                codes[index] = table[Int(UInt16(bitPattern: samples[index]) &>> shift)]
            }
        }
    }

    /// Expands `codes` into the first `codes.count` elements of `samples`.
    ///
    /// Allocation-free. `samples.count` must be at least `codes.count` (a programming error otherwise).
    public func decode(_ codes: UnsafeBufferPointer<UInt8>, into samples: UnsafeMutableBufferPointer<Int16>) {
        precondition(samples.count >= codes.count, "G711.decode: output buffer is shorter than the input")
        let table = self == .muLaw ? G711.muLawTable : G711.aLawTable
        table.withUnsafeBufferPointer { table in
            for index in codes.indices { samples[index] = table[Int(codes[index])] }
        }
    }
}

extension G711 {
    /// G.191 `ulaw_compress`, restated with a leading-zero count instead of the segment search loop.
    @inline(__always)
    static func encodeMuLaw(_ sample: Int16) -> UInt8 {
        let shifted = Int32(sample) >> 2  // 14-bit sample, −8192…8191
        let signBit: Int32 = shifted < 0 ? 0 : 0x80
        // One's complement of negatives, plus the μ-law bias (33 in 14-bit units), clipped as G.191 does.
        let magnitude = min((shifted < 0 ? ~shifted : shifted) + 33, 0x1FFF)  // 33…8191
        let exponent = Int32(Int32.bitWidth - (magnitude >> 6).leadingZeroBitCount)  // 0…7
        let mantissa = (magnitude >> (exponent + 1)) & 0x0F
        return UInt8(truncatingIfNeeded: (0x7F ^ (exponent << 4 | mantissa)) | signBit)
    }

    /// G.191 `alaw_compress`, restated with a leading-zero count instead of the normalisation loop.
    @inline(__always)
    static func encodeALaw(_ sample: Int16) -> UInt8 {
        let shifted = Int32(sample) >> 4  // 12-bit magnitude plus sign, −2048…2047
        let signBit: Int32 = shifted < 0 ? 0 : 0x80
        let magnitude = shifted < 0 ? ~shifted : shifted  // 0…2047
        let bits: Int32
        if magnitude < 32 {
            // Segments 0 and 1 share the step size: the code is the magnitude itself.
            bits = magnitude
        } else {
            let width = Int32(Int32.bitWidth - magnitude.leadingZeroBitCount)  // 6…11
            bits = (width - 4) << 4 | ((magnitude >> (width - 5)) & 0x0F)
        }
        return UInt8(truncatingIfNeeded: (bits | signBit) ^ 0x55)
    }

    /// μ-law code for each value of a sample's top 14 bits (as an unsigned index).
    static let muLawEncodeTable: [UInt8] = (0..<(1 << 14)).map { encodeMuLaw(Int16(bitPattern: UInt16($0 << 2))) }

    /// A-law code for each value of a sample's top 12 bits (as an unsigned index).
    static let aLawEncodeTable: [UInt8] = (0..<(1 << 12)).map { encodeALaw(Int16(bitPattern: UInt16($0 << 4))) }

    /// μ-law reconstruction values from the closed form of G.711 Table 2, scaled to 16 bits.
    static let muLawTable: [Int16] = (0...255).map { (code: Int) -> Int16 in
        let inverted = ~code & 0xFF
        let exponent = (inverted >> 4) & 0x07
        let mantissa = inverted & 0x0F
        let magnitude = 4 * (((2 * mantissa + 33) << exponent) - 33)
        return Int16(code & 0x80 != 0 ? magnitude : -magnitude)
    }

    /// A-law reconstruction values from the closed form of G.711 Table 1, scaled to 16 bits.
    static let aLawTable: [Int16] = (0...255).map { (code: Int) -> Int16 in
        let toggled = code ^ 0x55
        let exponent = (toggled >> 4) & 0x07
        let mantissa = toggled & 0x0F
        let magnitude = exponent == 0 ? 8 * (2 * mantissa + 1) : 8 * ((2 * mantissa + 33) << (exponent - 1))
        return Int16(code & 0x80 != 0 ? magnitude : -magnitude)
    }
}
