import Foundation
import HummingbirdTesting
import ParleyCalls
import ParleyCore
import ParleyServer
import ParleyStorage
import ParleyTesting
import ParleyVoice
import Testing

/// A Twilio call on the real offline stack: Whisper hears flite's caller through μ-law,
/// the demo flow answers, Piper speaks.
@Suite(.enabled(if: MediaTestSupport.workerAvailable, "needs the speech worker (make speech)"))
struct TwilioMediaStreamSpeechTests {
    @Test func theCallersWordsAreRecognisedAndTheAgentAnswers() async throws {
        var config = ParleyConfiguration()
        config.speechDir = MediaTestSupport.speechDirectory
        let stack = try await VoiceStack.start(config, workers: 1, logger: MediaTestSupport.logger)
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let settings = MediaSettings(providers: { try stack.providers(for: $0) }, blobs: blobs, allowUnsignedStreams: true)
            try await TestServer.run(.sqlite, media: settings) { server, client in
                let line = try await MediaTestSupport.callerLine("I'd like to book an appointment, please.")
                // The demo greeting and menu take about eight seconds; the caller answers after them.
                let script = TwilioStreamSimulator.Script(
                    caller: MediaTestSupport.silence(9) + line, customParameters: ["agent": "demo"], tailMilliseconds: 5_000)
                let result = try await TwilioStreamSimulator(url: "ws://127.0.0.1:\(client.port ?? 0)/v1/media/twilio",
                                                            logger: MediaTestSupport.logger).run(script)
                #expect(result.agentAudio.count > 8_000 * 3)
                let calls = CallRepository(database: server.database, keyring: server.environment.keyring, clock: server.clock)
                let call = try #require(try await calls.list(org: server.orgID, page: PageRequest()).items.first)
                let transcript = try await calls.transcript(call.id, org: server.orgID)
                let caller = transcript.filter { $0.speaker == .caller }.map { $0.text.lowercased() }
                #expect(caller.contains { $0.contains("appointment") }, "heard: \(caller)")
                #expect(transcript.contains { $0.speaker == .agent && $0.text.contains("What day would you like to come in?") },
                        "\(transcript.map(\.text))")
            }
        } catch {
            await stack.shutdown()
            throw error
        }
        await stack.shutdown()
    }
}
