import Testing
@testable import ParleyVoice

@Suite struct SentenceSplitterTests {
    @Test func splitsStreamedTokens() {
        var splitter = SentenceSplitter()
        var sentences: [String] = []
        for token in ["Hel", "lo there", ". How", " are", " you? I'm", " fine", "."] {
            sentences += splitter.append(token)
        }
        #expect(sentences == ["Hello there.", "How are you?"])
        #expect(splitter.flush() == "I'm fine.")
        #expect(splitter.flush() == nil)
    }

    @Test func keepsShortAbbreviationsTogether() {
        var splitter = SentenceSplitter()
        #expect(splitter.append("Dr. Smith will see you. Thanks ").count == 1)
    }

    @Test func cutsOverlongSentencesAtACommaOrSpace() {
        var splitter = SentenceSplitter(maximumLength: 40)
        let parts = splitter.append("one two three four five six, seven eight nine ten eleven twelve thirteen")
        #expect(parts.first == "one two three four five six,")
        #expect(parts.allSatisfy { $0.count <= 40 })
    }
}

@Suite struct AudioBufferResamplingTests {
    @Test func resampledAudioLinesUpWithTheInput() {
        // A click at 100 ms stays at 100 ms after 8 → 22.05 → 8 kHz.
        var samples = [Int16](repeating: 0, count: 8_000)
        samples[800] = 20_000
        let wide = AudioBuffer(sampleRate: 8_000, samples: samples).resampled(to: 22_050)
        #expect(wide.samples.count == 22_050)
        let peakWide = wide.samples.indices.max { abs(Int(wide.samples[$0])) < abs(Int(wide.samples[$1])) }!
        #expect(abs(peakWide - 2_205) <= 2)
        let back = wide.resampled(to: 8_000)
        #expect(back.samples.count == 8_000)
        let peak = back.samples.indices.max { abs(Int(back.samples[$0])) < abs(Int(back.samples[$1])) }!
        #expect(abs(peak - 800) <= 1)
    }
}

@Suite struct SentenceSplitterFirstClauseTests {
    @Test func longFirstSentenceIsCutAtItsFirstClause() {
        var splitter = SentenceSplitter()
        let text = "We're open Monday to Friday from 8 AM to 6 PM, and Saturday from 9 AM to 1 PM. We're closed on Sundays, sorry about that. "
        let parts = splitter.append(text)
        #expect(parts == [
            "We're open Monday to Friday from 8 AM to 6 PM,",
            "and Saturday from 9 AM to 1 PM.",
            "We're closed on Sundays, sorry about that.",
        ])
    }

    @Test func shortFirstSentenceStaysWhole() {
        var splitter = SentenceSplitter()
        #expect(splitter.append("Sure, what day? Then more. ") == ["Sure, what day?", "Then more."])
    }
}

@Suite struct AgentFileSyntaxErrorTests {
    @Test func malformedAgentJSONSaysWhere() {
        do {
            _ = try AgentConfiguration.load(json: "{\n  \"name\": \"x\",\n  \"brain\": {\"type\": \"flow\"\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("line 4, column 1"), "\(error.message)")
        }
    }
}
