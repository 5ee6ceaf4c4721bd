#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ParleyCore

/// A streaming DTMF receiver meeting ITU-T Q.24: a pure state machine fed PCM16 frames.
///
/// Stage one runs eight Goertzel filters over 5 ms blocks and, every 5 ms, judges the last
/// 10 ms: strongest tone per group above the level floor, twist roughly right, and the two tones
/// carrying most of the energy. When one digit passes for 5 windows in a row (30 ms of audio),
/// stage two (`DTMFToneVerifier`) checks the last 30 ms precisely: energy in every 5 ms block,
/// frequency within ±2.5 %, exact level and twist limits, tone share of the energy, second
/// harmonics. Then the digit
/// starts; it ends after 4 windows without it, so interruptions of up to 10 ms are bridged and
/// pauses of 20 ms or more separate digits.
///
/// Tones of 40 ms or more are detected; tones under 24 ms never are (Q.24: reject < 23 ms),
/// because verification needs energy in each 5 ms block of its 30 ms.
/// All storage is allocated in `init`; `process` does not allocate.
public struct DTMFDetector: Sendable {
    /// Samples per second: 8000 or 16000.
    public let sampleRate: Int
    /// The acceptance limits in use.
    public let configuration: Configuration

    // Windows (one per 5 ms block) a digit must pass in a row before verification: 30 ms of audio.
    private static let windowsToConfirm = 5
    // Windows without the digit that end it: bridges 10 ms interruptions, splits at 20 ms gaps.
    private static let windowsToRelease = 4
    // Verification retries per run, so a run that began on a partial block gets a clean look.
    private static let verificationAttempts = 4
    // Stage one is a coarse gate: it must not reject what stage two would accept.
    private static let gateToneShare = 0.65
    private static let gateLevelMargin = 3.0
    private static let gateTwistMargin = 4.0

    private var filters: GoertzelBank
    private let verifier: DTMFToneVerifier
    private let blockLength: Int
    /// e^(−iωL) per frequency: moves a block's DFT to the previous block's time origin.
    private let blockRotation: GoertzelBank.Output
    private let minimumGatePower: Double
    private let maximumGateTwistRatio: Double
    private let minimumGateTwistRatio: Double

    private var previousBlock = GoertzelBank.Output.zero
    private var previousEnergy = 0.0
    private var blockEnergy = 0.0
    private var blockFill = 0
    private var blocksSeen = 0
    private var history: [Int16]
    private var historyHead = 0
    private var samplesSeen = 0

    private var candidate: DTMFDigit?
    private var runLength = 0
    private var runStart = 0
    private var attemptsLeft = 0
    private var active: DTMFDigit?
    private var missedWindows = 0

    /// A detector for audio at `sampleRate` (8000 or 16000 Hz).
    public init(sampleRate: Int = 8000, configuration: Configuration = Configuration()) throws(ParleyError) {
        guard sampleRate == 8000 || sampleRate == 16000 else {
            throw ParleyError.validation("DTMF detection supports 8000 or 16000 Hz, not \(sampleRate)", field: "sampleRate")
        }
        if let problem = configuration.validated() {
            throw ParleyError.validation(problem, field: "configuration")
        }
        self.sampleRate = sampleRate
        self.configuration = configuration
        let blockLength = sampleRate / 200
        self.blockLength = blockLength
        let frequencies = DTMFDigit.lowGroupFrequencies + DTMFDigit.highGroupFrequencies
        filters = GoertzelBank(frequencies: frequencies, sampleRate: sampleRate, blockLength: blockLength)
        verifier = DTMFToneVerifier(sampleRate: sampleRate, configuration: configuration)
        blockRotation = GoertzelBank.Output(phases: frequencies.map { -2 * Double.pi * $0 * Double(blockLength) / Double(sampleRate) })
        // A tone of amplitude A over N samples gives |DFT|² = (A·N/2)².
        let window = Double(2 * blockLength)
        let gateAmplitude = 32767 * Self.decibelsToAmplitude(configuration.minimumToneLevel - Self.gateLevelMargin)
        minimumGatePower = (gateAmplitude * window / 2) * (gateAmplitude * window / 2)
        maximumGateTwistRatio = Self.decibelsToPower(configuration.maximumNormalTwist + Self.gateTwistMargin)
        minimumGateTwistRatio = 1 / Self.decibelsToPower(configuration.maximumReverseTwist + Self.gateTwistMargin)
        history = Array(repeating: 0, count: verifier.historyLength)
    }

    /// The digit whose tone is currently present, if one has started and not yet ended.
    public var activeDigit: DTMFDigit? { active }

    /// Feeds one frame (20 ms recommended) and returns the digit that started in it, if any.
    ///
    /// Digit starts are at least 25 ms apart, so frames up to 25 ms hold at most one; for longer
    /// buffers use `process(_:onEvent:)`, which reports every start.
    public mutating func process(_ frame: UnsafeBufferPointer<Int16>) -> DTMFEvent? {
        var first: DTMFEvent?
        process(frame) { event in
            if first == nil { first = event }
        }
        return first
    }

    /// Feeds samples of any length, calling `onEvent` for each digit that starts in them.
    public mutating func process(_ samples: UnsafeBufferPointer<Int16>, onEvent: (DTMFEvent) -> Void) {
        var index = samples.startIndex
        while index < samples.endIndex {
            let count = min(blockLength - blockFill, samples.endIndex - index)
            let chunk = UnsafeBufferPointer(rebasing: samples[index..<(index + count)])
            accumulate(chunk)
            index += count
            blockFill += count
            samplesSeen += count
            if blockFill == blockLength, let event = finishBlock() {
                onEvent(event)
            }
        }
    }

    /// Forgets all audio and any active digit, as if newly created.
    public mutating func reset() {
        filters.reset()
        previousBlock = .zero
        for index in history.indices { history[index] = 0 }
        (previousEnergy, blockEnergy) = (0, 0)
        (blockFill, blocksSeen, historyHead, samplesSeen) = (0, 0, 0, 0)
        (candidate, active) = (nil, nil)
        (runLength, runStart, attemptsLeft, missedWindows) = (0, 0, 0, 0)
    }

    private mutating func accumulate(_ chunk: UnsafeBufferPointer<Int16>) {
        blockEnergy += filters.feed(chunk)
        guard let source = chunk.baseAddress else { return }
        // Keep the last 30 ms for the verifier: copy in at most two runs around the ring.
        var head = historyHead
        history.withUnsafeMutableBufferPointer { ring in
            guard let ringStart = ring.baseAddress else { return }
            var copied = 0
            while copied < chunk.count {
                let run = min(chunk.count - copied, ring.count - head)
                (ringStart + head).update(from: source + copied, count: run)
                copied += run
                head = head + run == ring.count ? 0 : head + run
            }
        }
        historyHead = head
    }

    /// Closes a 5 ms block, judges the 10 ms window it ends, and advances the state machine.
    private mutating func finishBlock() -> DTMFEvent? {
        let currentBlock = filters.finishBlock()
        blocksSeen += 1
        var event: DTMFEvent?
        if blocksSeen >= 2 {
            let window = previousBlock + currentBlock * blockRotation
            event = advance(with: classifyWindow(window.magnitudeSquared))
        }
        previousBlock = currentBlock
        previousEnergy = blockEnergy
        blockEnergy = 0
        blockFill = 0
        return event
    }

    /// Stage one on the 10 ms window's |DFT|² per frequency: which digit, if any, it suggests.
    private func classifyWindow(_ powers: SIMD8<Double>) -> DTMFDigit? {
        var low = 0
        var high = 4
        for index in 1..<4 where powers[index] > powers[low] { low = index }
        for index in 5..<8 where powers[index] > powers[high] { high = index }
        let (lowPower, highPower) = (powers[low], powers[high])
        guard lowPower >= minimumGatePower, highPower >= minimumGatePower else { return nil }
        let twist = highPower / lowPower
        guard twist <= maximumGateTwistRatio, twist >= minimumGateTwistRatio else { return nil }
        // Tone energy over the window is 2·|DFT|²/N for an on-bin tone.
        let window = Double(2 * blockLength)
        let energy = previousEnergy + blockEnergy
        guard 2 * (lowPower + highPower) >= Self.gateToneShare * window * energy else { return nil }
        return DTMFDigit.keypad[low][high - 4]
    }

    private mutating func advance(with digit: DTMFDigit?) -> DTMFEvent? {
        if let digit, digit == candidate {
            runLength += 1
        } else {
            candidate = digit
            runLength = digit == nil ? 0 : 1
            runStart = samplesSeen - 2 * blockLength
            attemptsLeft = Self.verificationAttempts
        }
        if let current = active {
            if digit == current {
                missedWindows = 0
            } else {
                missedWindows += 1
                if missedWindows >= Self.windowsToRelease {
                    active = nil
                    missedWindows = 0
                }
            }
        }
        guard active == nil, let digit, runLength >= Self.windowsToConfirm, attemptsLeft > 0 else { return nil }
        attemptsLeft -= 1
        let head = historyHead
        let verified = history.withUnsafeBufferPointer { verifier.verify(digit, ring: $0, head: head) }
        guard verified else { return nil }
        active = digit
        missedWindows = 0
        attemptsLeft = 0
        return DTMFEvent(digit: digit, startSample: runStart)
    }

    private static func decibelsToAmplitude(_ decibels: Double) -> Double { pow(10, decibels / 20) }

    private static func decibelsToPower(_ decibels: Double) -> Double { pow(10, decibels / 10) }
}
