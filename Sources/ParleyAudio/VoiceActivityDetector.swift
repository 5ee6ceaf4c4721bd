#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ParleyCore

/// A light voice activity detector for 8 and 16 kHz telephone audio: per-frame speech
/// probability plus a debounced decision with start and end events.
///
/// Per frame: four band-pass filters (`SubbandFilterBank`) give band powers; a minimum-statistics
/// tracker (`NoiseFloorTracker`) estimates each band's noise floor; each band's signal-to-noise
/// ratio in dB, clipped to 0…30, feeds a logistic model of their mean and maximum; a
/// `VoiceActivityDebouncer` adds onset and hangover. See `docs/audio.md` for the full
/// description and parameters. Deterministic; `process(frame:)` does not allocate.
public struct VoiceActivityDetector: Sendable {
    /// Samples per second: 8000 or 16000.
    public let sampleRate: Int
    /// The parameters in use.
    public let configuration: Configuration
    /// Samples per frame (`sampleRate × frameMilliseconds / 1000`).
    public let frameLength: Int

    /// Logistic model: z = bias + meanWeight·mean(SNRᵦ) + maximumWeight·max(SNRᵦ), SNR in dB.
    static let bias: Float = -5.5
    static let meanWeight: Float = 0.45
    static let maximumWeight: Float = 0.2
    /// Band SNRs are clipped to this many dB, so one loud band cannot dominate.
    static let maximumBandSNR: Float = 30
    /// Smoothing time constant of the noise tracker's band powers, in ms.
    static let smoothingMilliseconds = 40.0
    /// Subwindows of the minimum search.
    static let subwindowCount = 6

    private var filterBank: SubbandFilterBank
    private var noiseFloor: NoiseFloorTracker
    private var debouncer: VoiceActivityDebouncer

    /// A detector for `sampleRate` (8000 or 16000 Hz) audio in frames of `configuration.frameMilliseconds`.
    public init(sampleRate: Int = 8000, configuration: Configuration = Configuration()) throws(ParleyError) {
        guard sampleRate == 8000 || sampleRate == 16000 else {
            throw ParleyError.validation("voice activity detection supports 8000 or 16000 Hz, not \(sampleRate)", field: "sampleRate")
        }
        if let problem = configuration.validated() {
            throw ParleyError.validation(problem, field: "configuration")
        }
        self.sampleRate = sampleRate
        self.configuration = configuration
        let frameMilliseconds = configuration.frameMilliseconds
        frameLength = sampleRate * frameMilliseconds / 1000
        filterBank = SubbandFilterBank(sampleRate: sampleRate)
        // A full-scale sine has power ½ on the ±1 scale.
        let floor = Float(0.5 * pow(10, configuration.minimumNoiseLevel / 10))
        noiseFloor = NoiseFloorTracker(
            frameMilliseconds: frameMilliseconds, windowMilliseconds: configuration.noiseWindowMilliseconds,
            subwindowCount: Self.subwindowCount, smoothingMilliseconds: Self.smoothingMilliseconds, floor: floor)
        debouncer = VoiceActivityDebouncer(
            onsetThreshold: configuration.onsetThreshold, offsetThreshold: configuration.offsetThreshold,
            onsetFrames: (configuration.minimumSpeechMilliseconds + frameMilliseconds - 1) / frameMilliseconds,
            hangoverFrames: (configuration.hangoverMilliseconds + frameMilliseconds - 1) / frameMilliseconds,
            frameLength: frameLength)
    }

    /// Whether the last frame was judged speech (debounced).
    public var isSpeech: Bool { debouncer.isSpeech }

    /// Analyses the next frame of exactly `frameLength` samples (a programming error otherwise).
    public mutating func process(frame: UnsafeBufferPointer<Int16>) -> VoiceActivity {
        precondition(frame.count == frameLength, "VoiceActivityDetector.process: frame must hold \(frameLength) samples")
        let probability = speechProbability(frame)
        let event = debouncer.receive(probability: probability)
        return VoiceActivity(probability: probability, isSpeech: debouncer.isSpeech, event: event)
    }

    /// Forgets all audio (noise estimates included), as if newly created.
    public mutating func reset() {
        filterBank.reset()
        noiseFloor.reset()
        debouncer.reset()
    }

    private mutating func speechProbability(_ frame: UnsafeBufferPointer<Int16>) -> Float {
        let power = filterBank.bandPowers(frame)
        let noise = noiseFloor.update(power)
        var sum: Float = 0
        var largest: Float = 0
        for band in 0..<SubbandFilterBank.bandCount {
            // 10·log10(ratio), clipped; the ratio is ≥ 0 and the noise ≥ the floor (> 0).
            let snr = min(Self.maximumBandSNR, max(0, 10 * log10(power[band] / noise[band])))
            sum += snr
            largest = max(largest, snr)
        }
        let z = Self.bias + Self.meanWeight * sum / Float(SubbandFilterBank.bandCount) + Self.maximumWeight * largest
        return 1 / (1 + exp(-z))
    }
}
