/// A DTMF digit that started in the audio fed to a `DTMFDetector`.
public struct DTMFEvent: Sendable, Hashable {
    /// The key pressed.
    public var digit: DTMFDigit
    /// Where the tone began, in samples since the detector was created or reset (within about 5 ms).
    public var startSample: Int

    /// An event for `digit` starting at `startSample`.
    public init(digit: DTMFDigit, startSample: Int) {
        self.digit = digit
        self.startSample = startSample
    }
}
