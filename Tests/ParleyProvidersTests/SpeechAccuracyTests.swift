import Foundation
import ParleyAudio
import ParleyProviders
import ParleyVoice
import Testing

/// Word error rate of the offline recogniser on real human recordings
/// (Debian's pocketsphinx-testdata), wideband and through a phone line.
@Suite(.enabled(if: SpeechTestSupport.workerAvailable && SpeechTestSupport.corpusAvailable, "needs `make speech` and pocketsphinx-testdata"), .serialized)
struct SpeechAccuracyTests {
    static let data = SpeechTestSupport.pocketsphinxData

    struct Utterance {
        var name: String
        var audio: AudioBuffer
        var words: [String]
    }

    static func corpus() throws -> [Utterance] {
        var items: [Utterance] = []
        for (folder, list) in [("librivox", "transcription"), ("cards", "cards.transcription")] {
            let text = try String(contentsOfFile: "\(data)/\(folder)/\(list)", encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let open = line.range(of: "<s>"), let close = line.range(of: "</s>"),
                      let paren = line.lastIndex(of: "("), let end = line.lastIndex(of: ")") else { continue }
                let words = String(line[open.upperBound..<close.lowerBound])
                let name = String(line[line.index(after: paren)..<end])
                let wav = try WAVFile(parsing: Array(Data(contentsOf: URL(fileURLWithPath: "\(data)/\(folder)/\(name).wav"))))
                items.append(Utterance(name: name, audio: AudioBuffer(sampleRate: wav.sampleRate, samples: wav.samples), words: WordErrorRate.normalise(words)))
            }
        }
        return items
    }

    func measure(_ transform: (AudioBuffer) -> AudioBuffer) async throws -> Double {
        let pool = try await SpeechTestSupport.pool()
        defer { Task { await pool.shutdown() } }
        let stt = WorkerSpeechToText(pool: pool)
        var errors = 0
        var words = 0
        for item in try Self.corpus() {
            let text = try await stt.transcribe(transform(item.audio), context: "").text
            errors += WordErrorRate.errors(reference: item.words, hypothesis: WordErrorRate.normalise(text))
            words += item.words.count
        }
        #expect(words > 80)
        return Double(errors) / Double(words)
    }

    @Test func wordErrorRateAtSixteenKilohertz() async throws {
        let rate = try await measure { $0 }
        #expect(rate <= 0.15, "WER \(rate)")
    }

    @Test func wordErrorRateThroughMuLawIsAtMostTenPercent() async throws {
        let rate = try await measure { SpeechTestSupport.throughMuLaw($0) }
        #expect(rate <= 0.10, "WER \(rate)")
    }
}
