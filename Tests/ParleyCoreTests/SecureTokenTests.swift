import ParleyCore
import Testing

@Suite struct SecureTokenTests {
    @Test func randomTokensHaveTheRequestedEntropyAndAlphabet() {
        let t = SecureToken.random(bytes: 32)
        #expect(t.count == 43)
        #expect(t.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        #expect(SecureToken.random(bytes: 32) != t)
    }

    @Test func sha256MatchesTheKnownVector() {
        #expect(SecureToken.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func constantTimeEquals() {
        #expect(SecureToken.constantTimeEquals("abc", "abc"))
        #expect(!SecureToken.constantTimeEquals("abc", "abd"))
        #expect(!SecureToken.constantTimeEquals("abc", "abcd"))
    }

    @Test func emailsAreNormalisedAndValidated() throws {
        #expect(try EmailAddress("  Alice@Example.COM ").value == "alice@example.com")
        for bad in ["", "alice", "a@b", "a@@b.com", "a b@c.com", "@b.com", "a@.com", "a@b.com."] {
            #expect(throws: ParleyError.self) { try EmailAddress(bad) }
        }
    }
}
