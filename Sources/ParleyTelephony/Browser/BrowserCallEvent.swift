/// What an inbound browser call message means for the driver.
public enum BrowserCallEvent: Sendable, Equatable {
    /// The client asks to start: its ticket and the sample rate of the PCM16 it sends.
    case start(token: String, sampleRate: Int)
    /// A keypad digit pressed on the page.
    case dtmf(Character)
    /// The client hangs up.
    case stop
}
