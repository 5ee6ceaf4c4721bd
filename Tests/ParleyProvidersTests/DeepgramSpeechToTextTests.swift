import Foundation
@testable import ParleyProviders
import ParleyVoice
import Testing

@Suite struct DeepgramSpeechToTextTests {
    typealias Fake = FakeDeepgramServer

    func provider(
        _ url: String, keepAlive: Duration = .seconds(3), answer: Duration = .seconds(5),
        encoding: DeepgramSpeechToText.Configuration.Encoding = .linear16, rate: Int = 16_000
    ) -> DeepgramSpeechToText {
        var configuration = DeepgramSpeechToText.Configuration(apiKey: "dg-test")
        configuration.baseURL = url
        configuration.keepAliveInterval = keepAlive
        configuration.answerTimeout = answer
        configuration.encoding = encoding
        configuration.sampleRate = rate
        configuration.audioChunkBytes = 4_000
        return DeepgramSpeechToText(configuration: configuration)
    }

    func outcome(_ work: () async throws -> Transcription) async -> (text: String?, error: ProviderError?) {
        do {
            return (try await work().text, nil)
        } catch {
            return (nil, error as? ProviderError)
        }
    }

    func utterance(_ milliseconds: Int, rate: Int = 16_000) -> AudioBuffer {
        AudioBuffer(sampleRate: rate, samples: ramp(rate * milliseconds / 1_000))
    }

    @Test func transcribesAnUtteranceFromItsFinalResults() async throws {
        let fake = Fake([.transcript(["I'd like", "a table for two"], interim: true)])
        try await fake.run { url in
            let stt = provider(url)
            let result = await outcome { try await stt.transcribe(utterance(1_000), context: "") }
            #expect(result.text == "I'd like a table for two")
            #expect(result.error == nil)
            await stt.close()
        }
        guard case .connected(let query, let authorization)? = fake.log.events.first else {
            Issue.record("no connection")
            return
        }
        #expect(authorization == "Token dg-test")
        #expect(query["encoding"] == "linear16")
        #expect(query["sample_rate"] == "16000")
        #expect(query["channels"] == "1")
        #expect(query["interim_results"] == "false")
        #expect(query["model"] == "nova-3")
        let audio = fake.log.events.compactMap { if case .audio(let bytes) = $0 { bytes } else { nil } }
        #expect(audio.reduce(0, +) == 32_000)
        #expect(audio.allSatisfy { $0 <= 4_000 })
        #expect(fake.controls.first == "Finalize")
    }

    @Test func keepsOneSocketAcrossUtterancesAndRoutesResultsByTime() async throws {
        // The second answer has no from_finalize mark: its end time completes it.
        let fake = Fake([.transcript(["hello"]), .transcript(["opening", "hours"], markFinalize: false)])
        try await fake.run { url in
            let stt = provider(url)
            let first = await outcome { try await stt.transcribe(utterance(500), context: "") }
            let second = await outcome { try await stt.transcribe(utterance(700), context: "") }
            #expect(first.text == "hello")
            #expect(second.text == "opening hours")
            await stt.close()
        }
        #expect(fake.connections == 1)
    }

    @Test func sendsKeepAlivesWhileIdle() async throws {
        let fake = Fake([.transcript(["yes"])])
        try await fake.run { url in
            let stt = provider(url, keepAlive: .milliseconds(50))
            let result = await outcome { try await stt.transcribe(utterance(200), context: "") }
            #expect(result.text == "yes")
            // Idle from here on: the socket must be kept alive, not left to Deepgram's 10 s cut-off.
            let kept = await fake.log.wait { events in
                events.filter { $0 == .control("KeepAlive") }.count >= 3
            }
            #expect(kept)
            #expect(fake.connections == 1)
            #expect(!fake.log.events.contains(.closed))
            await stt.close()
        }
    }

    @Test func noKeepAlivesWhileAudioFlows() async throws {
        // With a long interval, a short exchange needs none.
        let fake = Fake([.transcript(["one"]), .transcript(["two"])])
        try await fake.run { url in
            let stt = provider(url, keepAlive: .seconds(30))
            _ = await outcome { try await stt.transcribe(utterance(200), context: "") }
            _ = await outcome { try await stt.transcribe(utterance(200), context: "") }
            await stt.close()
        }
        #expect(!fake.controls.contains("KeepAlive"))
        #expect(fake.controls.filter { $0 == "Finalize" }.count == 2)
    }

    @Test func sendsMuLawAtEightKilohertz() async throws {
        let fake = Fake([.transcript(["press one"])])
        try await fake.run { url in
            let stt = provider(url, encoding: .mulaw, rate: 8_000)
            #expect(stt.preferredSampleRates == [8_000])
            let result = await outcome { try await stt.transcribe(utterance(1_000, rate: 8_000), context: "") }
            #expect(result.text == "press one")
            await stt.close()
        }
        guard case .connected(let query, _)? = fake.log.events.first else {
            Issue.record("no connection")
            return
        }
        #expect(query["encoding"] == "mulaw")
        #expect(query["sample_rate"] == "8000")
        let audio = fake.log.events.compactMap { if case .audio(let bytes) = $0 { bytes } else { nil } }
        #expect(audio.reduce(0, +) == 8_000)
    }

    @Test func refusedHandshakeFails() async throws {
        let fake = Fake([], refuse: true)
        try await fake.run { url in
            let stt = provider(url)
            let result = await outcome { try await stt.transcribe(utterance(200), context: "") }
            #expect(result.error?.code == .failed)
            await stt.close()
        }
    }

    @Test func unreachableServerIsUnavailable() async throws {
        // Port 9 (discard): nothing listens there on a test machine.
        let stt = provider("ws://127.0.0.1:9/v1/listen")
        let result = await outcome { try await stt.transcribe(utterance(200), context: "") }
        #expect(result.error?.code == .unavailable)
        await stt.close()
    }

    @Test func malformedMessageIsAProtocolViolationAndTheNextUtteranceReconnects() async throws {
        let fake = Fake([.malformed, .transcript(["again"])])
        try await fake.run { url in
            let stt = provider(url)
            let broken = await outcome { try await stt.transcribe(utterance(200), context: "") }
            #expect(broken.error?.code == .protocolViolation)
            let retried = await outcome { try await stt.transcribe(utterance(200), context: "") }
            #expect(retried.text == "again")
            await stt.close()
        }
        #expect(fake.connections == 2)
    }

    @Test func disconnectMidUtteranceIsUnavailable() async throws {
        let fake = Fake([.disconnect, .transcript(["back"])])
        try await fake.run { url in
            let stt = provider(url)
            let dropped = await outcome { try await stt.transcribe(utterance(200), context: "") }
            #expect(dropped.error?.code == .unavailable)
            let retried = await outcome { try await stt.transcribe(utterance(200), context: "") }
            #expect(retried.text == "back")
            await stt.close()
        }
        #expect(fake.connections == 2)
    }

    @Test func unansweredUtteranceTimesOut() async throws {
        let fake = Fake([.silence])
        try await fake.run { url in
            let stt = provider(url, answer: .milliseconds(300))
            let result = await outcome { try await stt.transcribe(utterance(200), context: "") }
            #expect(result.error?.code == .timeout)
            await stt.close()
        }
    }

    @Test func cancellationIsTypedAndNotATimeout() async throws {
        let fake = Fake([.silence])
        try await fake.run { url in
            let stt = provider(url, answer: .seconds(30))
            let task = Task { await outcome { try await stt.transcribe(utterance(200), context: "") } }
            #expect(await fake.log.wait { $0.contains(.control("Finalize")) })
            task.cancel()
            let result = await task.value
            #expect(result.error?.code == .cancelled)
            await stt.close()
        }
    }

    @Test func releasingTheProviderClosesTheStream() async throws {
        let fake = Fake([.transcript(["bye"])])
        try await fake.run { url in
            do {
                let stt = provider(url)
                let result = await outcome { try await stt.transcribe(utterance(200), context: "") }
                #expect(result.text == "bye")
            }
            #expect(await fake.log.wait { $0.contains(.control("CloseStream")) && $0.contains(.closed) })
        }
    }

    @Test func closingTheProviderEndsTheStreamAndNothingReconnects() async throws {
        let fake = Fake([.transcript(["goodbye"]), .transcript(["unheard"])])
        try await fake.run { url in
            let stt = provider(url, keepAlive: .milliseconds(50))
            let result = await outcome { try await stt.transcribe(utterance(200), context: "") }
            #expect(result.text == "goodbye")
            await stt.close()
            #expect(await fake.log.wait { $0.contains(.control("CloseStream")) && $0.contains(.closed) })
            // A closed provider neither reconnects for a new utterance nor keeps the old socket alive.
            let late = await outcome { try await stt.transcribe(utterance(200), context: "") }
            #expect(late.error?.code == .cancelled)
            #expect(fake.connections == 1)
            #expect(fake.log.events.last == .closed)
        }
        #expect(fake.connections == 1)
    }
}

@Suite struct DeepgramProtocolTests {
    @Test func parsesResultsAndIgnoresOtherTypes() throws {
        let text = FakeDeepgramServer.results("hello there", start: 1.5, end: 2.25, final: true, fromFinalize: false)
        let message = try DeepgramMessage.parse(text, provider: "deepgram")
        #expect(message == .results(DeepgramResult(
            start: 1.5, duration: 0.75, transcript: "hello there", confidence: 0.9, isFinal: true, speechFinal: true, fromFinalize: false)))
        #expect(try DeepgramMessage.parse(#"{"type":"Metadata","request_id":"x"}"#, provider: "deepgram") == .other("Metadata"))
        #expect(try DeepgramMessage.parse(#"{"type":"SpeechStarted","timestamp":0.5}"#, provider: "deepgram") == .other("SpeechStarted"))
    }

    @Test(arguments: ["", "not json", "[1,2]", #"{"no_type":1}"#, #"{"type":"Results"}"#, #"{"type":"Results","start":0,"duration":"x","channel":{}}"#])
    func malformedMessagesAreProtocolViolations(text: String) {
        #expect(throws: ProviderError.self) { try DeepgramMessage.parse(text, provider: "deepgram") }
        do {
            _ = try DeepgramMessage.parse(text, provider: "deepgram")
        } catch {
            #expect(error.code == .protocolViolation)
        }
    }

    func result(_ text: String, _ start: Double, _ end: Double, final: Bool = true, fromFinalize: Bool = false) -> DeepgramResult {
        DeepgramResult(start: start, duration: end - start, transcript: text, confidence: 0.8, isFinal: final, speechFinal: final, fromFinalize: fromFinalize)
    }

    @Test func routesResultsToUtterancesByTime() {
        var queue = DeepgramUtteranceQueue()
        let first = queue.enqueue(seconds: 1.0)
        let second = queue.enqueue(seconds: 0.5)
        #expect(queue.receive(result("maybe", 0, 0.4, final: false)).isEmpty)  // interim
        #expect(queue.receive(result("book a", 0, 0.6)).isEmpty)
        let done = queue.receive(result("table", 0.6, 1.0))
        #expect(done.map(\.id) == [first])
        #expect(done.first?.transcription.text == "book a table")
        #expect(done.first?.transcription.confidence == 0.8)
        // Deepgram's Finalize answer completes an utterance whatever its end.
        let flushed = queue.receive(result("", 1.0, 1.3, fromFinalize: true))
        #expect(flushed.map(\.id) == [second])
        #expect(flushed.first?.transcription.text == "")
        #expect(queue.isEmpty)
    }

    @Test func aLaterUtterancesResultCompletesEarlierOnes() {
        var queue = DeepgramUtteranceQueue()
        let first = queue.enqueue(seconds: 1.0)
        let second = queue.enqueue(seconds: 1.0)
        #expect(queue.receive(result("half", 0, 0.5)).isEmpty)
        let done = queue.receive(result("next", 1.0, 2.0))
        #expect(done.map(\.id) == [first, second])
        #expect(done.map(\.transcription.text) == ["half", "next"])
    }

    @Test func resultsForAbandonedUtterancesAreDropped() {
        var queue = DeepgramUtteranceQueue()
        let first = queue.enqueue(seconds: 1.0)
        #expect(queue.receive(result("partial", 0, 0.5)).isEmpty)
        #expect(queue.remove(first)?.text == "partial")
        let second = queue.enqueue(seconds: 1.0)
        #expect(queue.receive(result("late", 0.5, 1.0, fromFinalize: true)).isEmpty)
        #expect(queue.receive(result("fresh", 1.0, 2.0)).map(\.id) == [second])
        #expect(queue.remove(second) == nil)
    }
}
