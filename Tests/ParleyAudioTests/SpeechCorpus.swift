import Foundation
import ParleyAudio

/// Synthetic speech from espeak-ng and flite, generated once per test run and resampled with
/// `Resampler`, laid out as utterances separated by random silences, with per-frame labels.
///
/// Labelling rule: a frame is speech when the clean speech's power in it is within 30 dB of the
/// loudest frame of its utterance; then speech gaps shorter than 100 ms (stop closures, short
/// pauses between words) are filled. Everything else is non-speech.
enum SpeechCorpus {
    static let sentences = [
        "The quick brown fox jumps over the lazy dog.",
        "Please hold while I transfer your call to the next available agent.",
        "Your account balance is four hundred and twelve dollars.",
        "Hello? Can you hear me now? I would like an appointment next Tuesday.",
        "She sells sea shells by the sea shore, surely.",
        "Thank you for calling. How can I help you today?",
    ]

    /// (tool, voice) pairs: two espeak-ng voices and two flite voices.
    static let voices: [(String, String)] = [("espeak-ng", "en-us"), ("espeak-ng", "en-gb-x-rp+f3"), ("flite", "slt"), ("flite", "rms")]

    static var isAvailable: Bool { ExternalTool.espeak != nil && ExternalTool.flite != nil }

    /// Clean utterances as (rate, samples); generated on first use, shared by all tests in the run.
    static let generated: Result<[(Int, [Int16])], ExternalTool.ToolFailure> = {
        do {
            let directory = try ExternalTool.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            var result: [(Int, [Int16])] = []
            for (tool, voice) in SpeechCorpus.voices {
                for (index, sentence) in SpeechCorpus.sentences.enumerated() {
                    let path = directory.appendingPathComponent("\(index)-\(voice).wav").path
                    if tool == "flite" {
                        try ExternalTool.run(try SpeechCorpus.unwrap(ExternalTool.flite), ["-voice", voice, "-t", sentence, "-o", path])
                    } else {
                        try ExternalTool.run(try SpeechCorpus.unwrap(ExternalTool.espeak), ["-v", voice, "-w", path, sentence])
                    }
                    let file = try WAVFile(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
                    result.append((file.sampleRate, file.samples))
                }
            }
            return .success(result)
        } catch let failure as ExternalTool.ToolFailure {
            return .failure(failure)
        } catch {
            return .failure(ExternalTool.ToolFailure(description: "\(error)"))
        }
    }()

    static func unwrap(_ url: URL?) throws -> URL {
        guard let url else { throw ExternalTool.ToolFailure(description: "tool missing") }
        return url
    }

    static let at8000 = Result { try resample(to: 8000) }
    static let at16000 = Result { try resample(to: 16000) }

    /// The clean utterances at 8000 or 16000 Hz, resampled with `Resampler` (cached per run).
    static func utterances(at sampleRate: Int) throws -> [[Double]] {
        try (sampleRate == 8000 ? at8000 : at16000).get()
    }

    static func resample(to sampleRate: Int) throws -> [[Double]] {
        try generated.get().map { rate, samples in
            let resampler = try Resampler(inputRate: rate, outputRate: sampleRate)
            let output = Chunked.run(samples, resampler, chunkSizes: [4096])
            // Drop the filter delay so the utterance starts where it did.
            return output.dropFirst(Int(resampler.delay.rounded())).map(Double.init)
        }
    }

    /// A labelled recording: clean speech (in 16-bit units, active level −26 dBFS) and one label per frame.
    struct Layout {
        var speech: [Double]
        var labels: [Bool]
        var frameLength: Int
        /// Mean power of the speech over the frames labelled speech.
        var activePower: Double
    }

    /// Utterances in a seeded random order separated by 0.3–2 s silences, starting with 1 s of silence.
    static func layout(sampleRate: Int, frameMilliseconds: Int, seed: UInt64) throws -> Layout {
        var random = SeededRandom(seed: seed)
        let frameLength = sampleRate * frameMilliseconds / 1000
        var speech = [Double](repeating: 0, count: sampleRate)
        var labels = [Bool](repeating: false, count: speech.count / frameLength)
        for utterance in try utterances(at: sampleRate).shuffled(using: &random) {
            // Frame-align each utterance so labels are exact.
            let silence = Int.random(in: (3 * sampleRate / 10)...(2 * sampleRate), using: &random) / frameLength * frameLength
            speech += [Double](repeating: 0, count: silence)
            labels += [Bool](repeating: false, count: silence / frameLength)
            let frames = (utterance.count + frameLength - 1) / frameLength
            var padded = utterance
            padded += [Double](repeating: 0, count: frames * frameLength - utterance.count)
            labels += label(padded, frameLength: frameLength, gapFrames: 100 / frameMilliseconds)
            speech += padded
        }
        speech += [Double](repeating: 0, count: sampleRate)
        labels += [Bool](repeating: false, count: sampleRate / frameLength)
        var (activePower, activeCount) = (0.0, 0)
        for (frame, isSpeech) in labels.enumerated() where isSpeech {
            for index in (frame * frameLength)..<((frame + 1) * frameLength) { activePower += speech[index] * speech[index] }
            activeCount += frameLength
        }
        activePower /= Double(activeCount)
        let target = 0.5 * 32767 * 32767 * pow(10, -26.0 / 10)
        let gain = (target / activePower).squareRoot()
        return Layout(speech: speech.map { $0 * gain }, labels: labels, frameLength: frameLength, activePower: target)
    }

    /// The labelling rule above, for one frame-padded utterance.
    static func label(_ utterance: [Double], frameLength: Int, gapFrames: Int) -> [Bool] {
        let powers = stride(from: 0, to: utterance.count, by: frameLength).map { start in
            utterance[start..<(start + frameLength)].reduce(0) { $0 + $1 * $1 } / Double(frameLength)
        }
        let threshold = (powers.max() ?? 0) * pow(10, -30.0 / 10)
        var labels = powers.map { $0 > 0 && $0 >= threshold }
        // Fill short gaps between speech frames.
        var lastSpeech: Int?
        for index in labels.indices where labels[index] {
            if let last = lastSpeech, index - last - 1 < gapFrames {
                for gap in (last + 1)..<index { labels[gap] = true }
            }
            lastSpeech = index
        }
        return labels
    }
}
