import Foundation
import Logging
import NIOPosix
import ParleyAudio
import ParleyProviders
import ParleyVoice

/// Finds the offline speech worker (`make speech`) for tests.
enum SpeechTestSupport {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var speechDirectory: String {
        ProcessInfo.processInfo.environment["PARLEY_SPEECH_DIR"] ?? packageRoot.appendingPathComponent(".speech").path
    }

    /// Tests that need the worker run when it is installed, and always in CI
    /// (where a missing worker must fail, not skip).
    static var workerAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: speechDirectory + "/bin/parley-speech")
            || ProcessInfo.processInfo.environment["CI"] != nil
    }

    static let pocketsphinxData = "/usr/share/pocketsphinx/test/data"

    /// Real human recordings with transcripts (Debian's pocketsphinx-testdata); required in CI.
    static var corpusAvailable: Bool {
        FileManager.default.fileExists(atPath: pocketsphinxData + "/librivox/transcription")
            || ProcessInfo.processInfo.environment["CI"] != nil
    }

    static func pool(
        workers: Int = 1, requestTimeout: Duration = .seconds(10), faults: Bool = false, maximumQueued: Int = 64
    ) async throws -> SpeechWorkerPool {
        let configuration = SpeechWorkerPool.Configuration(
            speechDirectory: speechDirectory, workers: workers, maximumQueued: maximumQueued,
            requestTimeout: requestTimeout,
            environment: faults ? ["PARLEY_SPEECH_TEST_FAULTS": "1"] : [:], quiet: true)
        let pool = try SpeechWorkerPool(
            configuration: configuration, group: MultiThreadedEventLoopGroup.singleton,
            logger: Logger(label: "test.speech"))
        try await pool.start()
        return pool
    }

    /// Speech from flite's slt voice (16 kHz).
    static func fliteSpeech(_ text: String) async throws -> AudioBuffer {
        let tts = try FliteTextToSpeech(voice: "slt", threadPool: NIOThreadPool.singleton)
        var samples: [Int16] = []
        var rate = 16_000
        for try await chunk in tts.synthesize(text, preferredSampleRate: 16_000) {
            samples += chunk.samples
            rate = chunk.sampleRate
        }
        return AudioBuffer(sampleRate: rate, samples: samples)
    }

    /// The audio as a phone line carries it: 8 kHz G.711 μ-law.
    static func throughMuLaw(_ audio: AudioBuffer) -> AudioBuffer {
        let narrow = audio.resampled(to: 8_000)
        let coded = narrow.samples.map { G711.muLaw.decode(G711.muLaw.encode($0)) }
        return AudioBuffer(sampleRate: 8_000, samples: coded)
    }
}
