import Foundation
import ParleyAudio
import ParleyCore
import Testing

/// Deterministic randomness for tests (SplitMix64).
struct SeededRandom: RandomNumberGenerator {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// Standard normal deviate (Box–Muller).
    mutating func gaussian() -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

/// Test signals as Double samples in 16-bit units; `pcm16` rounds and clips them.
enum Signal {
    /// Two sines of `milliseconds`, the low one at `level` dB below a full-scale sine, the high one `twist` dB above it.
    static func dualTone(
        low: Double, high: Double, milliseconds: Double, sampleRate: Int,
        level: Double = -10, twist: Double = 0, phases: (Double, Double) = (0.3, 1.1)
    ) -> [Double] {
        let count = Int((milliseconds * Double(sampleRate) / 1000).rounded())
        let lowAmplitude = 32767 * pow(10, level / 20)
        let highAmplitude = lowAmplitude * pow(10, twist / 20)
        return (0..<count).map { index in
            let time = Double(index) / Double(sampleRate)
            return lowAmplitude * sin(2 * .pi * low * time + phases.0) + highAmplitude * sin(2 * .pi * high * time + phases.1)
        }
    }

    static func digit(
        _ digit: DTMFDigit, milliseconds: Double, sampleRate: Int, offset: Double = 0,
        level: Double = -10, twist: Double = 0, phases: (Double, Double) = (0.3, 1.1)
    ) -> [Double] {
        dualTone(
            low: digit.lowFrequency * (1 + offset), high: digit.highFrequency * (1 + offset),
            milliseconds: milliseconds, sampleRate: sampleRate, level: level, twist: twist, phases: phases)
    }

    static func silence(milliseconds: Double, sampleRate: Int) -> [Double] {
        Array(repeating: 0, count: Int((milliseconds * Double(sampleRate) / 1000).rounded()))
    }

    static func power(_ samples: [Double]) -> Double {
        samples.reduce(0) { $0 + $1 * $1 } / Double(max(samples.count, 1))
    }

    static func pcm16(_ samples: [Double]) -> [Int16] {
        samples.map { Int16(max(-32768, min(32767, $0.rounded()))) }
    }
}

/// Runs a fresh detector over `samples` in frames of `frameMilliseconds` (or `frameLength` samples).
func detectDigits(
    _ samples: [Int16], sampleRate: Int, frameMilliseconds: Int = 20, frameLength: Int? = nil,
    configuration: DTMFDetector.Configuration = .init()
) throws -> [DTMFEvent] {
    var detector = try DTMFDetector(sampleRate: sampleRate, configuration: configuration)
    let length = frameLength ?? sampleRate * frameMilliseconds / 1000
    var events: [DTMFEvent] = []
    samples.withUnsafeBufferPointer { buffer in
        var start = 0
        while start < buffer.count {
            let end = min(start + length, buffer.count)
            if let event = detector.process(UnsafeBufferPointer(rebasing: buffer[start..<end])) {
                events.append(event)
            }
            start = end
        }
    }
    return events
}

func detectedString(
    _ samples: [Double], sampleRate: Int, configuration: DTMFDetector.Configuration = .init()
) throws -> String {
    String(try detectDigits(Signal.pcm16(samples), sampleRate: sampleRate, configuration: configuration).map(\.digit.character))
}

/// Checks that `body` throws a `ParleyError` with `code` whose message contains `fragment`.
/// (The test target links only ParleyAudio, so the error is matched by its description.)
func expectParleyError(
    _ code: String, containing fragment: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    let error = #expect(throws: (any Error).self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return }
    #expect(String(describing: type(of: error)) == "ParleyError", sourceLocation: sourceLocation)
    let text = String(describing: error)
    #expect(text.hasPrefix(code + ":"), "\(text)", sourceLocation: sourceLocation)
    #expect(text.contains(fragment), "\(text)", sourceLocation: sourceLocation)
}

/// Command-line tools some tests use when installed (Debian packages sox, espeak-ng, flite).
enum ExternalTool {
    static let sox = find("sox")
    static let espeak = find("espeak-ng")
    static let flite = find("flite")

    static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs `tool` and waits; throws if it fails.
    static func run(_ tool: URL, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(description: "\(tool.lastPathComponent) \(arguments.joined(separator: " ")): "
                + String(decoding: message, as: UTF8.self))
        }
    }

    struct ToolFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parley-audio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
