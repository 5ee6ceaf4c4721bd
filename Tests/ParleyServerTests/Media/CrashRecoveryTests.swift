import AsyncHTTPClient
import Foundation
import Logging
import ParleyAudio
import ParleyServer
import Synchronization
import Testing

/// kill -9 in the middle of a call: after a restart the recording is finished and playable up
/// to the crash, and the call is closed. Uses the real binary (`parley bench media-server`:
/// `serve` with instant stub speech providers).
@Suite(.serialized) struct CrashRecoveryTests {
    typealias Child = ServerProcessTests.Child

    static func port(in text: String) -> Int? {
        guard let range = text.range(of: #"127\.0\.0\.1:([0-9]+)"#, options: .regularExpression) else { return nil }
        return Int(text[range].split(separator: ":").last ?? "")
    }

    static func run(_ args: [String]) async throws -> String {
        let child = try Child(args)
        #expect(await child.exitStatus() == 0, "parley \(args.joined(separator: " ")): \(child.text)")
        return child.text
    }

    static func get(_ url: String, key: String) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Data(body.readableBytesView))
    }

    @Test func aKilledServerFinishesTheRecordingOnRestart() async throws {
        let dir = try ServerProcessTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let common = ["--data-dir", dir, "--bcrypt-cost", "4", "--log-level", "notice"]
        _ = try await Self.run(["migrate"] + common)
        // Record the demo agent's calls.
        let demo = try await Self.run(["agent", "show", "demo"] + common)
        let json = String(demo[demo.firstIndex(of: "{")!...]).replacingOccurrences(of: "\"recordingEnabled\" : false", with: "\"recordingEnabled\" : true")
        #expect(json.contains("\"recordingEnabled\" : true"))
        try json.write(toFile: dir + "/demo.json", atomically: true, encoding: .utf8)
        _ = try await Self.run(["agent", "update", "demo", "--file", dir + "/demo.json"] + common)
        let created = try await Self.run(["apikey", "create", "--quiet"] + common)
        let key = try String(created[#require(created.range(of: #"pk_[A-Za-z0-9]+"#, options: .regularExpression))])

        let server = try Child(["bench", "media-server", "--port", "0", "--dev-allow-unsigned-streams"] + common)
        #expect(await server.waitFor("Parley is listening"))
        let port = try #require(Self.port(in: server.text))
        let killed = Mutex(false)
        var script = TwilioStreamSimulator.Script(
            caller: [Int16](repeating: 0, count: 8_000 * 20), customParameters: ["agent": "demo"], tailMilliseconds: 0)
        let pid = server.process.processIdentifier
        script.onFrame = { time in
            // Three seconds into the call the process dies without any chance to clean up.
            if time >= 3_000, killed.withLock({ done in defer { done = true }; return !done }) { kill(pid, SIGKILL) }
        }
        _ = try? await TwilioStreamSimulator(url: "ws://127.0.0.1:\(port)/v1/media/twilio", logger: Logger(label: "test.crash")).run(script)
        #expect(killed.withLock { $0 })
        _ = await server.exitStatus()

        let restarted = try Child(["bench", "media-server", "--port", "0", "--dev-allow-unsigned-streams"] + common)
        defer { restarted.process.terminate() }
        #expect(await restarted.waitFor("Parley is listening"))
        #expect(restarted.text.contains("closed a call interrupted by a restart"))
        let base = "http://127.0.0.1:\(try #require(Self.port(in: restarted.text)))"
        let (status, list) = try await Self.get(base + "/v1/calls", key: key)
        #expect(status == 200)
        let call = try #require(((try JSONSerialization.jsonObject(with: list) as? [String: Any])?["data"] as? [[String: Any]])?.first)
        #expect(call["status"] as? String == "completed" && call["end_reason"] as? String == "server_restart")
        #expect(call["recording"] as? String == "available")
        let (wavStatus, wav) = try await Self.get(base + "/v1/calls/\(call["id"] as? String ?? "")/recording", key: key)
        #expect(wavStatus == 200)
        let file = try WAVFile(parsing: Array(wav))
        let seconds = Double(file.samples.count) / Double(file.channelCount) / Double(file.sampleRate)
        // Flushed every 200 ms: at most that much (plus the frames in flight) is lost.
        #expect(seconds > 2.4 && seconds <= 3.2, "recording of \(seconds) s")
    }
}
