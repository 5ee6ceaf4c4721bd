import Foundation
import ParleyAudio
import ParleyCore
import ParleyVoice

/// Reads a caller WAV and turns it into what the call would carry: mono at the
/// call rate, through G.711 μ-law for 8 kHz phone calls.
enum CallerRecording {
    static func load(path: String, callRate: Int) throws -> [Int16] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParleyError(.badRequest, "cannot read caller audio \(path)")
        }
        let wav: WAVFile
        do {
            wav = try WAVFile(parsing: Array(data))
        } catch {
            throw ParleyError(.badRequest, "\(path): \(error.message)")
        }
        let channels = max(wav.channelCount, 1)
        var mono = [Int16](repeating: 0, count: wav.samples.count / channels)
        for index in mono.indices {
            var sum = 0
            for channel in 0..<channels { sum += Int(wav.samples[index * channels + channel]) }
            mono[index] = Int16(clamping: sum / channels)
        }
        let atRate = AudioBuffer(sampleRate: wav.sampleRate, samples: mono).resampled(to: callRate).samples
        guard callRate == 8_000 else { return atRate }
        return atRate.map { G711.muLaw.decode(G711.muLaw.encode($0)) }
    }
}
