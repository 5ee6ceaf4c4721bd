import Foundation

/// RMS level of PCM16 audio in dBFS.
public enum FrameLevel {
    public static func decibels(_ samples: UnsafeBufferPointer<Int16>) -> Float {
        guard !samples.isEmpty else { return -96 }
        var sum: Int64 = 0
        for sample in samples {
            let value = Int64(sample)
            sum += value * value
        }
        let meanSquare = Double(sum) / Double(samples.count)
        guard meanSquare > 0 else { return -96 }
        let level = 10 * log10(meanSquare / (32768.0 * 32768.0))
        return Float(max(level, -96))
    }
}
