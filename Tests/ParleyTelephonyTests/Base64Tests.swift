import Foundation
import Testing
@testable import ParleyTelephony

@Suite struct Base64Tests {
    /// RFC 4648 section 10.
    static let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]

    @Test func rfc4648Vectors() {
        for (plain, encoded) in Self.vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
            let unpadded = encoded.replacingOccurrences(of: "=", with: "")
            #expect(Base64.encode(Array(plain.utf8), alphabet: .url) == unpadded)
            #expect(Base64.decode(unpadded, alphabet: .url) == Array(plain.utf8))
        }
    }

    /// Random data against Foundation's encoder, both directions.
    @Test func agreesWithFoundation() {
        var rng = SystemRandomNumberGenerator()
        var buffer: [UInt8] = [1, 2, 3]
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0...400, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let reference = Data(bytes).base64EncodedString()
            #expect(Base64.encode(bytes) == reference)
            let valid = Array(reference.utf8).withUnsafeBytes { Base64.decode($0, into: &buffer) }
            #expect(valid)
            #expect(buffer == bytes)
            let url = reference.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(Base64.encode(bytes, alphabet: .url) == url)
            #expect(Base64.decode(url, alphabet: .url) == bytes)
        }
    }

    @Test(arguments: ["Zg", "Zg=", "Zh==", "Zm9=", "Zm9vY", "Z===", "Zm9v\n", "Zm 9v", "Zm9v====", "=Zm9", "Zm-v"])
    func refusesNonCanonicalStandardBase64(text: String) {
        #expect(Base64.decode(text) == nil, "\(text)")
    }

    @Test(arguments: ["Z", "Zh", "Zm9", "Zg==", "Zm+v", "Zm/v"])
    func refusesNonCanonicalURLBase64(text: String) {
        #expect(Base64.decode(text, alphabet: .url) == nil, "\(text)")
    }
}
