/// Twilio's answering-machine detection result (`AnsweredBy`).
public enum TwilioAnsweredBy: String, Sendable, CaseIterable {
    case human
    case machineStart = "machine_start"
    case machineEndBeep = "machine_end_beep"
    case machineEndSilence = "machine_end_silence"
    case machineEndOther = "machine_end_other"
    case fax
    case unknown

    /// A machine (voicemail, fax), not a person, took the call.
    public var isMachine: Bool {
        switch self {
        case .machineStart, .machineEndBeep, .machineEndSilence, .machineEndOther, .fax: true
        case .human, .unknown: false
        }
    }
}
