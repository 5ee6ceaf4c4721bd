/// Interruptions: pause on speech onset, commit only on real words.
extension CallSession {
    mutating func agentSpeakingFrame(actions: inout [CallSessionAction]) {
        guard configuration.interruptionsEnabled, bargeIn == nil, reply?.startedPlayingAt != nil,
              speechRunMilliseconds >= configuration.bargeInMinimumSpeechMilliseconds else { return }
        // Stage one: stop agent audio at once, keep everything queued.
        bargeIn = BargeIn(onset: speechRunStart, pausedAt: now)
        playout.setPaused(true)
        actions.append(.pausePlayback)
        actions.append(.event(.bargeInPaused(at: now)))
        phase = .userSpeaking
        utterance = Utterance(start: speechRunStart, lastSpeechEnd: now + configuration.frameMilliseconds)
        actions.append(.event(.callerSpeechStarted(at: speechRunStart)))
    }

    /// Stage two: the caller really interrupted. Drop unplayed audio, cut the
    /// reply to what was heard, and let the caller's turn continue.
    mutating func commitBargeIn(actions: inout [CallSessionAction]) {
        guard bargeIn != nil, let current = reply else {
            bargeIn = nil
            return
        }
        bargeIn = nil
        let heard = playout.heardText()
        actions.append(.clearPlayback)
        actions.append(.event(.bargeInCommitted(at: now)))
        if current.fromBrain {
            actions.append(.truncateBrainHistory(playedText: heard))
        }
        let start = current.startedPlayingAt ?? now
        actions.append(.transcript(TranscriptEntry(speaker: .agent, text: heard, start: start, end: now, interrupted: true)))
        cancelReply(actions: &actions)
    }

    /// The "interruption" was a backchannel or noise: resume the agent where it paused.
    mutating func dismissBargeIn(words: String, actions: inout [CallSessionAction]) {
        guard bargeIn != nil else { return }
        bargeIn = nil
        utterance = nil
        playout.setPaused(false)
        actions.append(.resumePlayback)
        actions.append(.event(.bargeInDismissed(at: now, words: words)))
        phase = reply == nil ? .listening : .agentSpeaking
        if reply == nil { listeningSince = now }
    }
}
