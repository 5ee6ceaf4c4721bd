import Foundation
import Logging
import NIOPosix
import ParleyProviders
import ParleyVoice
import Testing

@Suite(.enabled(if: SpeechTestSupport.workerAvailable, "needs `make speech`"), .serialized)
struct SpeechWorkerPoolTests {
    @Test func transcribesSynthesisesAndPredictsTurns() async throws {
        let pool = try await SpeechTestSupport.pool()
        defer { Task { await pool.shutdown() } }
        let speech = try await SpeechTestSupport.fliteSpeech("I would like to book an appointment for tomorrow.")
        let text = try await WorkerSpeechToText(pool: pool).transcribe(speech, context: "").text.lowercased()
        #expect(text.contains("appointment"))
        #expect(text.contains("tomorrow"))

        var audio: [Int16] = []
        var rate = 0
        for try await chunk in WorkerTextToSpeech(pool: pool).synthesize("Hello, how can I help you?", preferredSampleRate: 8_000) {
            audio += chunk.samples
            rate = chunk.sampleRate
        }
        #expect(rate == 22_050)
        #expect(audio.count > rate / 2)
        #expect(audio.contains { abs(Int($0)) > 1_000 })

        let probability = try await WorkerTurnPredictor(pool: pool).endOfTurnProbability(speech)
        #expect((0...1).contains(probability))
    }

    @Test func silenceTranscribesToNothing() async throws {
        let pool = try await SpeechTestSupport.pool()
        defer { Task { await pool.shutdown() } }
        let silence = AudioBuffer(sampleRate: 16_000, samples: Array(repeating: 0, count: 16_000))
        #expect(try await WorkerSpeechToText(pool: pool).transcribe(silence, context: "").text == "")
    }

    @Test func crashedWorkerIsReplaced() async throws {
        let pool = try await SpeechTestSupport.pool(faults: true)
        defer { Task { await pool.shutdown() } }
        await #expect(throws: ProviderError.self) { try await pool.send(op: "crash") }
        let speech = try await SpeechTestSupport.fliteSpeech("Opening hours please.")
        let text = try await WorkerSpeechToText(pool: pool).transcribe(speech, context: "").text.lowercased()
        #expect(text.contains("hours"))
        #expect(await pool.launches == 2)
    }

    @Test func hungWorkerTimesOutAndIsReplaced() async throws {
        let pool = try await SpeechTestSupport.pool(requestTimeout: .seconds(2), faults: true)
        defer { Task { await pool.shutdown() } }
        do {
            try await pool.send(op: "hang")
            Issue.record("a hung worker must time out")
        } catch let error as ProviderError {
            #expect(error.code == .timeout)
        }
        let speech = try await SpeechTestSupport.fliteSpeech("Goodbye.")
        _ = try await WorkerSpeechToText(pool: pool).transcribe(speech, context: "")
        #expect(await pool.launches == 2)
    }

    @Test func killedWorkerIsRestarted() async throws {
        let pool = try await SpeechTestSupport.pool()
        defer { Task { await pool.shutdown() } }
        let pid = try #require(await pool.workerProcessIdentifiers.first)
        kill(pid, SIGKILL)
        let speech = try await SpeechTestSupport.fliteSpeech("Can I talk to a person?")
        // The first request may still meet the dead worker; the one after must not.
        _ = try? await WorkerSpeechToText(pool: pool).transcribe(speech, context: "")
        let text = try await WorkerSpeechToText(pool: pool).transcribe(speech, context: "").text.lowercased()
        #expect(text.contains("person"))
        #expect(await pool.workerProcessIdentifiers.first != pid)
    }

    @Test func missingWorkerSaysHowToInstallIt() {
        let configuration = SpeechWorkerPool.Configuration(speechDirectory: "/nonexistent/.speech")
        do {
            _ = try SpeechWorkerPool(configuration: configuration, group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "t"))
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("make speech"))
        }
    }

    @Test func workerErrorsAreTyped() async throws {
        let pool = try await SpeechTestSupport.pool()
        defer { Task { await pool.shutdown() } }
        do {
            try await pool.send(op: "crash")  // without the test flag: unsupported
            Issue.record("expected an error")
        } catch let error as ProviderError {
            #expect(error.code == .failed)
            #expect(error.message.contains("unsupported"))
        }
        #expect(await pool.checkHealth())
        #expect(await pool.launches == 1)
    }
}
