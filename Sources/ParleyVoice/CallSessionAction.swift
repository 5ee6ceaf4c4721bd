/// What the call session asks its driver to do.
public enum CallSessionAction: Sendable, Equatable {
    /// Transcribe the caller's audio from `from` up to now; answer with
    /// `.transcribed(id:)`. A newer request makes older ones stale.
    case transcribe(id: Int, from: MediaTime, to: MediaTime)
    /// Ask the turn predictor about the same audio; answer with `.turnPredicted`.
    case predictTurn(id: Int, from: MediaTime, to: MediaTime)
    /// Ask the brain for reply `reply`.
    case askBrain(reply: Int, BrainInput)
    /// Stop brain reply `reply` (its later output is ignored anyway).
    case cancelBrain(reply: Int)
    /// Tell the brain the caller heard only `playedText` of its last reply.
    case truncateBrainHistory(playedText: String)
    /// Synthesise one sentence of reply `reply`.
    case synthesize(reply: Int, sentence: Int, text: String)
    /// Stop all synthesis for reply `reply`.
    case cancelSynthesis(reply: Int)
    /// Stage one of a barge-in: stop sending agent audio (nothing is discarded).
    case pausePlayback
    /// The interruption was a backchannel or noise: carry on from where it paused.
    case resumePlayback
    /// Stage two: drop agent audio already handed to the transport (Twilio `clear`).
    case clearPlayback
    /// A finished transcript line.
    case transcript(TranscriptEntry)
    /// Something worth recording in the call's event log.
    case event(CallSessionNotice)
    /// Latency breakdown of a finished turn.
    case turnCompleted(TurnTelemetry)
    /// Transfer the call, then stop.
    case transfer(target: String)
    /// Hang up the call.
    case hangUp(reason: String)
}

/// Call events for the record and live views.
public enum CallSessionNotice: Sendable, Equatable {
    case callerSpeechStarted(at: MediaTime)
    case callerSpeechEnded(at: MediaTime)
    case bargeInPaused(at: MediaTime)
    case bargeInCommitted(at: MediaTime)
    case bargeInDismissed(at: MediaTime, words: String)
    case dtmf(digit: Character, at: MediaTime)
    case providerError(ProviderError, at: MediaTime)
    case fallbackSpoken(reason: String, at: MediaTime)
    case toolCall(name: String, succeeded: Bool?, at: MediaTime)
    case reprompt(count: Int, at: MediaTime)
}
