import ParleyAudio
import Testing

@Suite struct G711Tests {
    @Test(arguments: G711.allCases)
    func decodeTableMatchesG191(law: G711) {
        let golden = law == .muLaw ? G711GoldenVectors.muLawDecode : G711GoldenVectors.aLawDecode
        #expect(golden.count == 256)
        for code in 0...255 {
            #expect(law.decode(UInt8(code)) == golden[code], "code \(code)")
        }
    }

    @Test(arguments: G711.allCases)
    func encodingEveryInputMatchesG191Hash(law: G711) {
        var hash = FNV1a64()
        for sample in Int16.min...Int16.max { hash.add(law.encode(sample)) }
        let golden = law == .muLaw ? G711GoldenVectors.muLawEncodeFNV1a64 : G711GoldenVectors.aLawEncodeFNV1a64
        #expect(hash.value == golden)
    }

    @Test func explicitEncodeVectorsMatchG191() {
        let triples = G711GoldenVectors.encodeTriples
        #expect(triples.count % 3 == 0 && triples.count / 3 >= 250)
        for index in stride(from: 0, to: triples.count, by: 3) {
            let sample = Int16(triples[index])
            #expect(G711.muLaw.encode(sample) == UInt8(triples[index + 1]), "μ-law \(sample)")
            #expect(G711.aLaw.encode(sample) == UInt8(triples[index + 2]), "A-law \(sample)")
        }
    }

    @Test func g191ReferencePoints() {
        // G.191 compresses the one's complement of negatives: −1…−4 are "negative zero".
        for sample: Int16 in [-1, -2, -3, -4] { #expect(G711.muLaw.encode(sample) == 0x7F) }
        #expect(G711.muLaw.encode(-5) == 0x7E)
        #expect(G711.muLaw.encode(0) == 0xFF)
        #expect(G711.aLaw.encode(0) == 0xD5)
        #expect(G711.aLaw.encode(-1) == 0x55)
        #expect(G711.muLaw.decode(0x7F) == 0 && G711.muLaw.decode(0xFF) == 0)
        #expect(G711.muLaw.encode(.max) == 0x80 && G711.muLaw.encode(.min) == 0x00)
        #expect(G711.aLaw.encode(.max) == 0xAA && G711.aLaw.encode(.min) == 0x2A)
        #expect(G711.muLaw.decode(0x00) == -32124 && G711.aLaw.decode(0xAA) == 32256)
    }

    /// Within the reconstruction range the error is at most half the code's step; beyond it, clipping.
    @Test(arguments: G711.allCases)
    func decodeOfEncodeStaysWithinHalfAStep(law: G711) {
        let largest = Int((0...255).map { Int(law.decode(UInt8($0))) }.max()!)
        for sample in Int16.min...Int16.max {
            let code = law.encode(sample)
            let decoded = Int(law.decode(code))
            let value = Int(sample)
            if abs(value) > largest || value == -largest - 1 {
                #expect(abs(decoded) == largest && (decoded < 0) == (value < 0), "clipping \(sample)")
                continue
            }
            #expect(abs(decoded - value) * 2 <= Self.step(of: code, law: law), "sample \(sample) → \(code) → \(decoded)")
        }
    }

    @Test(arguments: G711.allCases)
    func encodeOfDecodeIsIdentityExceptMuLawNegativeZero(law: G711) {
        for code in UInt8.min...UInt8.max {
            let expected: UInt8 = law == .muLaw && code == 0x7F ? 0xFF : code
            #expect(law.encode(law.decode(code)) == expected, "code \(code)")
        }
    }

    @Test(arguments: G711.allCases)
    func bufferFormsEqualScalarForms(law: G711) {
        let samples = Array(Int16.min...Int16.max)
        var codes = [UInt8](repeating: 0, count: samples.count + 3)
        samples.withUnsafeBufferPointer { input in
            codes.withUnsafeMutableBufferPointer { law.encode(input, into: $0) }
        }
        #expect(codes.count == samples.count + 3 && codes.suffix(3) == [0, 0, 0])
        #expect(zip(samples, codes).allSatisfy { law.encode($0) == $1 })

        let allCodes = Array(UInt8.min...UInt8.max)
        var decoded = [Int16](repeating: 0, count: allCodes.count)
        allCodes.withUnsafeBufferPointer { input in
            decoded.withUnsafeMutableBufferPointer { law.decode(input, into: $0) }
        }
        #expect(zip(allCodes, decoded).allSatisfy { law.decode($0) == $1 })
    }

    /// Quantisation step in 16-bit units: μ-law 8·2^e, A-law 16·2^max(e−1, 0).
    static func step(of code: UInt8, law: G711) -> Int {
        switch law {
        case .muLaw: 8 << Int((~code >> 4) & 7)
        case .aLaw: 16 << max(Int(((code ^ 0x55) >> 4) & 7) - 1, 0)
        }
    }
}

/// FNV-1a, 64-bit: offset basis 0xcbf29ce484222325, prime 0x100000001b3.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
}
