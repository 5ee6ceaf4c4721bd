import Foundation
import ParleyAudio
import Testing

/// Interoperability with files written and read by SoX (Debian package `sox`); skipped without it.
@Suite(.enabled(if: ExternalTool.sox != nil, "needs sox (Debian package sox)"))
struct WAVFileSoxTests {
    var sox: URL { get throws { try #require(ExternalTool.sox) } }

    /// Reads `sox`'s own conversion of `path` to 16-bit signed raw samples (no dither).
    func soxSamples(_ path: URL, in directory: URL) throws -> [Int16] {
        let raw = directory.appendingPathComponent("decoded.raw")
        try ExternalTool.run(try sox, ["-D", path.path, "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", raw.path])
        let bytes = try Data(contentsOf: raw)
        return stride(from: 0, to: bytes.count - 1, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
    }

    func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    @Test(arguments: [("u-law", WAVFile.Encoding.muLaw), ("a-law", .aLaw)])
    func readsSoxG711(encoding soxName: String, expected: WAVFile.Encoding) throws {
        try withDirectory { directory in
            let path = directory.appendingPathComponent("tone.wav")
            try ExternalTool.run(try sox, ["-n", "-r", "8000", "-c", "1", "-e", soxName, path.path, "synth", "0.1", "sine", "440"])
            let file = try WAVFile(parsing: [UInt8](try Data(contentsOf: path)))
            #expect(file.sourceEncoding == expected)
            #expect(file.sampleRate == 8000 && file.channelCount == 1 && file.frameCount == 800)
            #expect(file.samples == (try soxSamples(path, in: directory)))
            #expect(file.samples.map { abs(Int($0)) }.max()! > 20000)
        }
    }

    @Test func readsSoxFloat32Stereo() throws {
        try withDirectory { directory in
            let path = directory.appendingPathComponent("float.wav")
            try ExternalTool.run(try sox, [
                "-n", "-r", "16000", "-c", "2", "-e", "floating-point", "-b", "32", path.path,
                "synth", "0.05", "sine", "300", "sine", "500", "gain", "-1",
            ])
            let file = try WAVFile(parsing: [UInt8](try Data(contentsOf: path)))
            let reference = try soxSamples(path, in: directory)
            #expect(file.sourceEncoding == .float32 && file.channelCount == 2 && file.frameCount == 800)
            #expect(file.samples.count == reference.count)
            #expect(zip(file.samples, reference).allSatisfy { abs(Int($0) - Int($1)) <= 1 })
        }
    }

    @Test func readsSoxExtensiblePCM() throws {
        try withDirectory { directory in
            let path = directory.appendingPathComponent("three.wav")
            try ExternalTool.run(try sox, ["-n", "-r", "8000", "-c", "3", "-b", "16", path.path, "synth", "0.02", "sine", "300"])
            let file = try WAVFile(parsing: [UInt8](try Data(contentsOf: path)))
            #expect(file.channelCount == 3 && file.frameCount == 160)
            #expect(file.samples == (try soxSamples(path, in: directory)))
        }
    }

    @Test func soxReadsWhatWeWrite() throws {
        try withDirectory { directory in
            var random = SeededRandom(seed: 7)
            let samples = (0..<1600).map { _ in Int16.random(in: .min ... .max, using: &random) }
            let path = directory.appendingPathComponent("ours.wav")
            try Data(try WAVFile(sampleRate: 16000, channelCount: 2, samples: samples).encoded()).write(to: path)
            #expect(try soxSamples(path, in: directory) == samples)
        }
    }
}
