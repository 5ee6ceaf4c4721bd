import Testing
@testable import ParleyTelephony

@Suite struct TwilioSignatureTests {
    /// Twilio's worked example (twilio-php "Validate Incoming Requests", also its helper
    /// libraries' tests): auth token 12345, this URL and these fields.
    static let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let fields: [(name: String, value: String)] = [
        ("CallSid", "CA1234567890ABCDE"), ("Caller", "+14158675309"), ("Digits", "1234"),
        ("From", "+14158675309"), ("To", "+18005551212"),
    ]
    static let expected = "RSOYDt4T1cUTdK1PDd93/VVr8B8="

    let signer = TwilioSignature(authToken: "12345")

    @Test func matchesTwiliosPublishedExample() throws {
        #expect(signer.signature(url: Self.url, parameters: Self.fields) == Self.expected)
        #expect(signer.signature(url: Self.url, parameters: Self.fields.reversed()) == Self.expected)
        try signer.verify(Self.expected, url: Self.url, parameters: Self.fields.shuffled())
    }

    @Test func refusesTamperedRequests() {
        var tampered = Self.fields
        tampered[2].value = "9999"
        #expect(!signer.isValid(Self.expected, url: Self.url, parameters: tampered))
        #expect(!signer.isValid(Self.expected, url: Self.url + "&baz=3", parameters: Self.fields))
        #expect(!signer.isValid(Self.expected, url: Self.url, parameters: Self.fields + [("Extra", "")]))
        #expect(!signer.isValid(Self.expected, url: Self.url, parameters: Array(Self.fields.dropLast())))
        #expect(!TwilioSignature(authToken: "12346").isValid(Self.expected, url: Self.url, parameters: Self.fields))
        #expect(!signer.isValid(Self.expected.lowercased(), url: Self.url, parameters: Self.fields))
        #expect(!signer.isValid("not base64!", url: Self.url, parameters: Self.fields))
        #expect(!signer.isValid(nil, url: Self.url, parameters: Self.fields))
    }

    @Test func typedErrors() {
        #expect(throws: TwilioSignatureError(.missing, "the request has no X-Twilio-Signature header")) {
            try signer.verify(nil, url: Self.url)
        }
        do {
            try signer.verify("AAAAAAAAAAAAAAAAAAAAAAAAAAA=", url: Self.url)
            Issue.record("accepted a wrong signature")
        } catch {
            #expect(error.code == .mismatch)
        }
    }

    @Test func webSocketUpgradeSignsTheURLAlone() throws {
        let url = "wss://parley.example/v1/media/twilio"
        let signature = signer.signature(url: url)
        try signer.verifyWebSocketUpgrade(signature, url: url)
        #expect(throws: TwilioSignatureError.self) { try signer.verifyWebSocketUpgrade(signature, url: url + "x") }
    }

    @Test func acceptsTheDefaultPortEitherWay() throws {
        let withPort = signer.signature(url: "https://parley.example:443/hook?x=1", parameters: Self.fields)
        try signer.verify(withPort, url: "https://parley.example/hook?x=1", parameters: Self.fields)
        let withoutPort = signer.signature(url: "wss://parley.example/v1/media/twilio")
        try signer.verify(withoutPort, url: "wss://parley.example:443/v1/media/twilio")
        // Another port is another URL.
        let other = signer.signature(url: "https://parley.example:8443/hook")
        #expect(!signer.isValid(other, url: "https://parley.example/hook"))
    }

    @Test func urlVariants() {
        #expect(TwilioSignature.urlVariants("https://a.example/p") == ["https://a.example/p", "https://a.example:443/p"])
        #expect(TwilioSignature.urlVariants("http://a.example:80?q") == ["http://a.example:80?q", "http://a.example?q"])
        #expect(TwilioSignature.urlVariants("https://a.example:8443/p") == ["https://a.example:8443/p"])
        #expect(TwilioSignature.urlVariants("https://[::1]/p") == ["https://[::1]/p", "https://[::1]:443/p"])
        #expect(TwilioSignature.urlVariants("ftp://a/p") == ["ftp://a/p"])
    }

    @Test func sortsRepeatedNamesByValue() {
        let a = signer.signature(url: Self.url, parameters: [("E", "b"), ("E", "a")])
        let b = signer.signature(url: Self.url, parameters: [("E", "a"), ("E", "b")])
        #expect(a == b)
    }
}
