/// Provider results and call-control events.
extension CallSession {
    /// Handles an event from a provider or the transport at the current media time.
    public mutating func handle(_ event: CallSessionEvent, actions: inout [CallSessionAction]) {
        guard phase != .ended else { return }
        switch event {
        case .transcribed(let id, let text):
            transcribed(id: id, text: text, actions: &actions)
        case .transcriptionFailed(let id, let error):
            guard utterance?.pendingRequest == id else { return }
            transcriptFailed(error, actions: &actions)
        case .turnPredicted(let id, let probability):
            turnPredicted(id: id, probability: probability)
        case .brain(let id, let output):
            brainOutput(reply: id, output, actions: &actions)
        case .brainFinished(let id):
            brainFinished(reply: id, actions: &actions)
        case .brainFailed(let id, let error):
            brainFailed(reply: id, error: error, actions: &actions)
        case .synthesized(let id, let sentence, let samples):
            synthesized(reply: id, sentence: sentence, samples: samples)
        case .synthesisFinished(let id, let sentence):
            synthesisFinished(reply: id, sentence: sentence)
        case .synthesisFailed(let id, let sentence, let error):
            synthesisFailed(reply: id, sentence: sentence, error: error, actions: &actions)
        case .dtmf(let digit):
            receiveDTMF(digit, actions: &actions)
        case .remoteHangup:
            remoteHangup(actions: &actions)
        }
    }

    mutating func receiveDTMF(_ digit: Character, actions: inout [CallSessionAction]) {
        actions.append(.event(.dtmf(digit: digit, at: now)))
        // A key press while the agent talks is an interruption with no doubt about it.
        if reply?.startedPlayingAt != nil, phase == .agentSpeaking || bargeIn != nil {
            if bargeIn == nil { bargeIn = BargeIn(onset: now, pausedAt: now) }
            commitBargeIn(actions: &actions)
        }
        utterance = nil
        phase = .listening
        listeningSince = now
        dtmfDigits.append(digit)
        lastDTMF = now
        if digit == "#" { sendDigits(actions: &actions) }
    }

    mutating func sendDigits(actions: inout [CallSessionAction]) {
        var digits = dtmfDigits
        dtmfDigits = ""
        if digits.count > 1, digits.last == "#" { digits.removeLast() }
        turnCount += 1
        telemetry = TurnTelemetry(turn: turnCount)
        telemetry.userSpeechEnd = lastDTMF
        telemetry.endpoint = now
        telemetryReported = false
        actions.append(.transcript(TranscriptEntry(speaker: .caller, text: "[DTMF \(digits)]", start: lastDTMF, end: lastDTMF)))
        startReply(input: .dtmf(digits), actions: &actions)
    }

    mutating func remoteHangup(actions: inout [CallSessionAction]) {
        if let current = reply {
            let heard = playout.heardText()
            if !heard.isEmpty {
                let start = current.startedPlayingAt ?? now
                actions.append(.transcript(TranscriptEntry(speaker: .agent, text: heard, start: start, end: now, interrupted: true)))
            }
            cancelReply(actions: &actions)
        }
        utterance = nil
        bargeIn = nil
        phase = .ended
        actions.append(.hangUp(reason: "remote_hangup"))
    }

    mutating func checkLimits(actions: inout [CallSessionAction]) {
        if !dtmfDigits.isEmpty, now.since(lastDTMF) >= configuration.dtmfInterDigitMilliseconds {
            sendDigits(actions: &actions)
        }
        if phase != .ending, phase != .ended, now.milliseconds >= configuration.maximumDurationMilliseconds {
            utterance = nil
            bargeIn = nil
            speak(configuration.maximumDurationLine, then: .hangUp("max_duration"), actions: &actions)
        }
    }
}
