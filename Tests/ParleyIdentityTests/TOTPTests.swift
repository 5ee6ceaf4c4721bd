@testable import ParleyIdentity
import Testing

@Suite struct TOTPTests {
    // RFC 6238 appendix B, SHA-1 seed "12345678901234567890"; the 6-digit code is the last 6 digits.
    static let secret = Base32.encode(Array("12345678901234567890".utf8))

    @Test(arguments: [
        (Int64(59), "287082"), (Int64(1_111_111_109), "081804"), (Int64(1_111_111_111), "050471"),
        (Int64(1_234_567_890), "005924"), (Int64(2_000_000_000), "279037"), (Int64(20_000_000_000), "353130"),
    ])
    func matchesRFC6238Vectors(_ time: Int64, _ code: String) {
        #expect(TOTP.code(secret: Self.secret, at: time) == code)
        #expect(TOTP.verify(code, secret: Self.secret, at: time))
    }

    @Test func acceptsOneStepOfDriftAndNoMore() throws {
        let code = try #require(TOTP.code(secret: Self.secret, at: 1_000_000))
        #expect(TOTP.verify(code, secret: Self.secret, at: 1_000_000 + 30))
        #expect(TOTP.verify(code, secret: Self.secret, at: 1_000_000 - 30))
        #expect(!TOTP.verify(code, secret: Self.secret, at: 1_000_000 + 95))
        #expect(!TOTP.verify("12345", secret: Self.secret, at: 1_000_000))
        #expect(!TOTP.verify("abcdef", secret: Self.secret, at: 1_000_000))
    }

    @Test func base32RoundTrips() {
        let bytes: [UInt8] = (0..<20).map { UInt8($0 * 13 & 0xff) }
        #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        #expect(Base32.decode("not base32!") == nil)
        #expect(TOTP.makeSecret().count == 32)
    }
}
