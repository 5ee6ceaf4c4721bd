import Testing
@testable import ParleyTelephony

@Suite struct TwiMLResponseTests {
    let header = #"<?xml version="1.0" encoding="UTF-8"?>"#

    @Test func streamWithTokenAndParameters() {
        let xml = TwiMLResponse.stream(
            url: "wss://parley.example/v1/media/twilio", token: "v1.abc.def",
            parameters: [("agent", "a&b\"<c>'")], action: "https://parley.example/twilio/after?x=1&y=2").xml
        #expect(xml == header
            + #"<Response><Connect action="https://parley.example/twilio/after?x=1&amp;y=2">"#
            + #"<Stream url="wss://parley.example/v1/media/twilio">"#
            + #"<Parameter name="token" value="v1.abc.def"/><Parameter name="agent" value="a&amp;b&quot;&lt;c&gt;&apos;"/>"#
            + "</Stream></Connect></Response>")
    }

    @Test func streamWithoutParameters() {
        #expect(TwiMLResponse([.connectStream(url: "wss://h/s")]).xml
            == header + #"<Response><Connect><Stream url="wss://h/s"/></Connect></Response>"#)
    }

    @Test func sayDialHangupPause() {
        let xml = TwiMLResponse([
            .say("Transferring you <now> & then", voice: "Polly.Joanna", language: "en-US"),
            .pause(seconds: 1),
            .dial("+15550100", callerID: "+15550199", timeoutSeconds: 20, action: "https://h/done"),
            .dial("sip:desk@pbx.example"),
            .hangup,
        ]).xml
        #expect(xml == header + "<Response>"
            + #"<Say voice="Polly.Joanna" language="en-US">Transferring you &lt;now&gt; &amp; then</Say>"#
            + #"<Pause length="1"/>"#
            + #"<Dial callerId="+15550199" timeout="20" action="https://h/done"><Number>+15550100</Number></Dial>"#
            + "<Dial><Sip>sip:desk@pbx.example</Sip></Dial>"
            + "<Hangup/></Response>")
    }

    @Test func busyRejects() {
        #expect(TwiMLResponse.busy.xml == header + #"<Response><Reject reason="busy"/></Response>"#)
    }

    @Test func dropsCharactersXMLCannotCarry() {
        #expect(TwiMLResponse.escape("a\u{0}b\u{1B}c\td\u{FFFE}") == "abc\td")
    }
}
