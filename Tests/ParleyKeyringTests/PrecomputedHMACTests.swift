import Crypto
import Foundation
@testable import ParleyKeyring
import Testing

@Suite struct PrecomputedHMACTests {
    func code(_ mac: PrecomputedHMAC, _ message: [UInt8]) -> [UInt8] {
        Array(message.withUnsafeBytes { mac.authenticationCode(for: $0) })
    }

    @Test func matchesRFC4231TestCase2() {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?".
        let mac = PrecomputedHMAC(key: SymmetricKey(data: Array("Jefe".utf8)))
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        #expect(code(mac, Array("what do ya want for nothing?".utf8)).map { String(format: "%02x", $0) }.joined() == expected)
    }

    @Test func matchesSwiftCryptoForKeysShortAndLongerThanABlock() {
        var generator = SystemRandomNumberGenerator()
        for keyLength in [1, 32, 64, 65, 131] {
            let key = SymmetricKey(data: (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let mac = PrecomputedHMAC(key: key)
            for length in [0, 1, 20, 55, 56, 64, 200] {
                let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                #expect(code(mac, message) == Array(HMAC<SHA256>.authenticationCode(for: message, using: key)), "key \(keyLength), message \(length)")
            }
        }
    }

    @Test func oneInstanceServesConcurrentCallers() async {
        let key = SymmetricKey(size: .bits256)
        let mac = PrecomputedHMAC(key: key)
        let messages = (0..<64).map { Array("phone:+1415555\($0)".utf8) }
        let expected = messages.map { Array(HMAC<SHA256>.authenticationCode(for: $0, using: key)) }
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var wrong = 0
                    for _ in 0..<200 {
                        for (index, message) in messages.enumerated() where code(mac, message) != expected[index] { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test func blindIndexesAreStillHMACsOfThePrefixedNormalisedValue() throws {
        // Stored indexes must keep matching: the fast path computes the same bytes as before.
        let orgKey = SymmetricKey(size: .bits256)
        let indexKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: orgKey, info: Data("parley/blind-index/v1".utf8), outputByteCount: 32)
        func reference(_ text: String) -> String {
            HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: indexKey).map { String(format: "%02x", $0) }.joined()
        }
        let index = BlindIndex(orgKey: orgKey)
        #expect(try index.phone("+1 (415) 555-0123") == reference("phone:+14155550123"))
        #expect(try index.email(" Ana@Example.COM ") == reference("email:ana@example.com"))
    }
}
