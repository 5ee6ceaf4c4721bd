/// What the session asks the brain to respond to.
public enum BrainInput: Sendable, Equatable {
    /// The call started: say the first message.
    case callStarted
    /// The caller finished a turn with these words.
    case utterance(String)
    /// The caller typed digits on the keypad.
    case dtmf(String)
    /// The caller said nothing for the configured time.
    case noInput
}
