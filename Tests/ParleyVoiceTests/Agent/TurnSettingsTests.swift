import Testing
@testable import ParleyVoice

@Suite struct TurnSettingsTests {
    @Test(arguments: [
        ("I'd like to book an appointment.", true), ("What time do you open?", true), ("yes", true),
        ("i want to book for tuesday", true), ("I'd like to book for", false), ("and", false), ("um", false),
        ("so my name is John,", false), ("I was thinking...", false), ("tuesday at three and", false), ("", false),
        ("Can I, uh", false),
    ])
    func endpointingWaitsLongerForUnfinishedTranscripts(transcript: String, complete: Bool) {
        let settings = EndpointingSettings.default
        #expect(EndpointingSettings.looksComplete(transcript) == complete, "\(transcript)")
        #expect(settings.requiredSilenceMs(after: transcript) == (complete ? 300 : 1500))
    }

    @Test func interruptionNeedsEnoughSpeechThatIsNotABackchannel() {
        var settings = InterruptionSettings.default
        #expect(settings.allowsInterruption(speechMs: 400, transcript: nil))
        #expect(settings.allowsInterruption(speechMs: 400, transcript: "wait, that's wrong"))
        #expect(!settings.allowsInterruption(speechMs: 80, transcript: nil))
        #expect(!settings.allowsInterruption(speechMs: 400, transcript: "uh-huh"))
        #expect(!settings.allowsInterruption(speechMs: 400, transcript: "Mm-hmm, right."))
        settings.enabled = false
        #expect(!settings.allowsInterruption(speechMs: 2000, transcript: "stop"))
    }
}
