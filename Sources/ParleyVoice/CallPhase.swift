/// Where a call session is in the conversation.
public enum CallPhase: String, Sendable, Equatable {
    /// Waiting for the caller to speak.
    case listening
    /// The caller is speaking (or pausing inside a turn).
    case userSpeaking = "user_speaking"
    /// The caller's turn ended; waiting for the brain and the first agent audio.
    case thinking
    /// Agent audio is playing (possibly paused by a barge-in being confirmed).
    case agentSpeaking = "agent_speaking"
    /// Saying the last words before hanging up.
    case ending
    /// The call is over.
    case ended
}
