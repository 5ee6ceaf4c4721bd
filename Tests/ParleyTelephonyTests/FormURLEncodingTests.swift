import Foundation
import Testing
@testable import ParleyTelephony

@Suite struct FormURLEncodingTests {
    @Test func encodesEverythingButUnreserved() {
        let encoded = FormURLEncoding.encode([("To", "+1 555"), ("Twiml", "<Say>é&=</Say>"), ("A-b_c.~", "")])
        #expect(encoded == "To=%2B1%20555&Twiml=%3CSay%3E%C3%A9%26%3D%3C%2FSay%3E&A-b_c.~=")
    }

    @Test func decodesPlusPercentAndRepeats() throws {
        let fields = try #require(FormURLEncoding.decode("CallSid=CA1&Caller=%2B1415+867&E=a&E=b&Empty=&Flag"))
        #expect(fields.map(\.name) == ["CallSid", "Caller", "E", "E", "Empty", "Flag"])
        #expect(fields.map(\.value) == ["CA1", "+1415 867", "a", "b", "", ""])
    }

    @Test(arguments: ["a=%", "a=%4", "a=%zz", "a=%FF"])
    func refusesBrokenEscapes(body: String) {
        #expect(FormURLEncoding.decode(body) == nil)
    }

    @Test func roundTripsRandomText() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let fields = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
                (name: randomText(&rng), value: randomText(&rng))
            }
            let decoded = try #require(FormURLEncoding.decode(FormURLEncoding.encode(fields)))
            #expect(decoded.map(\.name) == fields.map(\.name))
            #expect(decoded.map(\.value) == fields.map(\.value))
        }
    }

    func randomText(_ rng: inout SystemRandomNumberGenerator) -> String {
        let alphabet = Array("aZ09 +&=%é中😀-_.~/?#")
        return String((0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
    }
}
