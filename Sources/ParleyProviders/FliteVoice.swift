import CFlite
import Synchronization

/// A flite voice, loaded once per process.
///
/// `@unchecked Sendable`: the C voice object is only touched while `lock` is
/// held, and flite's global state is initialised once before any voice loads.
final class FliteVoice: @unchecked Sendable {
    enum Name: String, Sendable, CaseIterable {
        /// US English female, 16 kHz (the more natural of the two).
        case slt
        /// US English male, 8 kHz.
        case kal
    }

    private let voice: UnsafeMutablePointer<cst_voice>
    private let lock = Mutex(())
    let name: Name

    private static let initialised: Bool = {
        flite_init()
        return true
    }()

    private static let loaded = Mutex<[Name: FliteVoice]>([:])

    /// The shared voice called `name` (loaded on first use).
    static func shared(_ name: Name) -> FliteVoice? {
        loaded.withLock { voices in
            if let voice = voices[name] { return voice }
            _ = initialised
            let pointer: UnsafeMutablePointer<cst_voice>? = switch name {
            case .slt: register_cmu_us_slt(nil)
            case .kal: register_cmu_us_kal(nil)
            }
            guard let pointer else { return nil }
            let voice = FliteVoice(voice: pointer, name: name)
            voices[name] = voice
            return voice
        }
    }

    private init(voice: UnsafeMutablePointer<cst_voice>, name: Name) {
        self.voice = voice
        self.name = name
    }

    /// Synthesises `text` (blocking: call from a thread pool, never an event loop).
    func synthesize(_ text: String) -> (sampleRate: Int, samples: [Int16])? {
        lock.withLock { _ in
            guard let wave = flite_text_to_wave(text, voice) else { return nil }
            defer { delete_wave(wave) }
            let count = Int(wave.pointee.num_samples) * Int(max(wave.pointee.num_channels, 1))
            guard count > 0, let samples = wave.pointee.samples else { return (Int(wave.pointee.sample_rate), []) }
            let buffer = Array(UnsafeBufferPointer(start: samples, count: count))
            return (Int(wave.pointee.sample_rate), buffer)
        }
    }
}
