/// The caller's side: speech onset, endpointing and turn hand-over.
extension CallSession {
    mutating func trackCallerSpeech(_ frame: FrameAnalysis) {
        var isSpeech = frame.speechProbability >= configuration.speechThreshold
        if isSpeech, !echoGate.passes(callerLevelDB: frame.levelDB) { isSpeech = false }
        let step = configuration.frameMilliseconds
        if isSpeech {
            if speechRunMilliseconds == 0 { speechRunStart = frame.time }
            speechRunMilliseconds += step
            silenceRunMilliseconds = 0
            if var current = utterance {
                current.lastSpeechEnd = frame.time + step
                utterance = current
            }
        } else {
            silenceRunMilliseconds += step
            // One quiet frame inside a word does not end a speech run.
            if silenceRunMilliseconds > step { speechRunMilliseconds = 0 }
        }
    }

    var callerIsSpeaking: Bool { silenceRunMilliseconds == 0 }

    mutating func listeningFrame(actions: inout [CallSessionAction]) {
        if speechRunMilliseconds >= configuration.onsetMilliseconds {
            beginUtterance(at: speechRunStart, actions: &actions)
            return
        }
        guard dtmfDigits.isEmpty, reply == nil else { return }
        if now.since(listeningSince) >= configuration.silenceRepromptMilliseconds {
            if reprompts < configuration.maximumReprompts {
                reprompts += 1
                actions.append(.event(.reprompt(count: reprompts, at: now)))
                startReply(input: .noInput, actions: &actions)
            } else {
                speak(configuration.silenceHangupLine, then: .hangUp("silence"), actions: &actions)
            }
        }
    }

    mutating func beginUtterance(at start: MediaTime, actions: inout [CallSessionAction]) {
        phase = .userSpeaking
        reprompts = 0
        let lastSpeechEnd = now + configuration.frameMilliseconds
        utterance = Utterance(start: start, lastSpeechEnd: lastSpeechEnd)
        actions.append(.event(.callerSpeechStarted(at: start)))
    }

    mutating func userSpeakingFrame(actions: inout [CallSessionAction]) {
        guard var current = utterance else {
            phase = .listening
            return
        }
        if let barge = bargeIn, callerIsSpeaking,
           now.since(barge.onset) >= configuration.bargeInCommitAfterMilliseconds {
            commitBargeIn(actions: &actions)
        }
        let silence = now.since(current.lastSpeechEnd) + configuration.frameMilliseconds
        if callerIsSpeaking {
            // Stage two needs words: ask for the ones so far instead of waiting for a pause.
            if var barge = bargeIn, !barge.earlyTranscriptRequested, configuration.bargeInTranscribeAfterMilliseconds > 0,
               current.pendingRequest == nil, now.since(barge.onset) >= configuration.bargeInTranscribeAfterMilliseconds {
                barge.earlyTranscriptRequested = true
                bargeIn = barge
                requestTranscript(&current, actions: &actions)
            }
            return
        }

        if silence >= configuration.candidatePauseMilliseconds, current.requestedThrough != current.lastSpeechEnd {
            requestTranscript(&current, actions: &actions)
            return
        }

        if current.pendingRequest != nil,
           now.since(current.pendingSince) >= configuration.providerDeadlineMilliseconds {
            let error = ProviderError(.timeout, provider: "stt", "no transcript within \(configuration.providerDeadlineMilliseconds) ms")
            transcriptFailed(error, actions: &actions)
            return
        }

        guard current.transcribedThrough == current.lastSpeechEnd else { return }
        let complete = turnLooksComplete(current)
        let needed = complete ? configuration.minimumEndpointMilliseconds : configuration.maximumEndpointMilliseconds
        if silence >= needed {
            endCallerTurn(actions: &actions)
        }
    }

    /// Asks for the words of the utterance so far (pre-roll included, through this frame).
    mutating func requestTranscript(_ current: inout Utterance, actions: inout [CallSessionAction]) {
        requestCounter += 1
        current.pendingRequest = requestCounter
        current.pendingSince = now
        current.requestedThrough = current.lastSpeechEnd
        current.turnProbability = nil
        let from = current.start - configuration.preRollMilliseconds
        let through = now + configuration.frameMilliseconds
        current.requestedRange = (from, through)
        utterance = current
        actions.append(.transcribe(id: requestCounter, from: from, to: through))
    }

    /// No words, or only acknowledgements ("uh-huh", "right"): not an interruption —
    /// unless the agent is finishing a question, when "yes" is the answer.
    func isBackchannel(_ text: String) -> Bool {
        if TextNormalizer.tokens(text).isEmpty { return true }
        guard backchannels.isBackchannel(text) else { return false }
        return !agentIsFinishingAQuestion
    }

    /// The reply is complete, ends with a question, and under 1.5 s of it is left to play.
    var agentIsFinishingAQuestion: Bool {
        guard let current = reply, current.brainFinished, current.finishedSentences >= current.sentences.count,
              current.sentences.last?.trimmingWhitespace().hasSuffix("?") == true else { return false }
        return playout.remainingSamples <= configuration.sampleRate * 3 / 2
    }

    /// Complete words end the turn after the short silence unless the turn
    /// model is confident the caller is mid-sentence; the model alone can end
    /// a turn early only when it is very sure.
    func turnLooksComplete(_ current: Utterance) -> Bool {
        let wordsComplete = current.wordsComplete
        guard let probability = current.turnProbability else { return wordsComplete }
        if probability >= 0.85 { return true }
        return wordsComplete && probability >= configuration.turnIncompleteProbability
    }

    /// A transcript arrived for request `id`.
    mutating func transcribed(id: Int, text: String, actions: inout [CallSessionAction]) {
        guard var current = utterance, current.pendingRequest == id, let through = current.requestedThrough else { return }
        current.pendingRequest = nil
        current.text = text.trimmingWhitespace()
        current.wordsComplete = EndpointingSettings.looksComplete(current.text)
        current.transcribedThrough = through
        current.transcribedAt = eventTime
        utterance = current
        // The turn model is asked only when the words alone look unfinished: it can
        // then end the turn early. (Asking for every pause would double the speech work.)
        if bargeIn == nil, !current.wordsComplete, let range = current.requestedRange {
            actions.append(.predictTurn(id: id, from: range.from, to: range.to))
        }
        guard bargeIn != nil else { return }
        // Stage two of a barge-in: only real words interrupt.
        if isBackchannel(current.text) {
            if callerIsSpeaking { return }
            dismissBargeIn(words: current.text, actions: &actions)
        } else {
            commitBargeIn(actions: &actions)
        }
    }

    mutating func turnPredicted(id: Int, probability: Double) {
        guard var current = utterance, current.requestedThrough != nil, id == requestCounter else { return }
        current.turnProbability = probability
        utterance = current
    }

    mutating func transcriptFailed(_ error: ProviderError, actions: inout [CallSessionAction]) {
        actions.append(.event(.providerError(error, at: now)))
        utterance = nil
        if bargeIn != nil {
            dismissBargeIn(words: "", actions: &actions)
            return
        }
        phase = .listening
        listeningSince = now
        speak(configuration.fallbackLine, then: nil, reason: "stt_failed", actions: &actions)
    }

    /// The caller finished their turn: hand the words to the brain.
    mutating func endCallerTurn(actions: inout [CallSessionAction]) {
        guard let current = utterance else { return }
        utterance = nil
        if bargeIn != nil {
            if isBackchannel(current.text) {
                dismissBargeIn(words: current.text, actions: &actions)
                return
            }
            commitBargeIn(actions: &actions)
        }
        actions.append(.event(.callerSpeechEnded(at: current.lastSpeechEnd)))
        guard !TextNormalizer.tokens(current.text).isEmpty else {
            // Noise or a cough: no turn.
            phase = .listening
            listeningSince = now
            return
        }
        actions.append(.transcript(TranscriptEntry(speaker: .caller, text: current.text, start: current.start, end: current.lastSpeechEnd)))
        turnCount += 1
        telemetry = TurnTelemetry(turn: turnCount)
        telemetry.userSpeechEnd = current.lastSpeechEnd
        telemetry.endpoint = eventTime
        telemetry.sttFinal = current.transcribedAt
        telemetryReported = false
        startReply(input: .utterance(current.text), actions: &actions)
    }

    mutating func thinkingFrame(actions: inout [CallSessionAction]) {
        guard let current = reply else { return }
        // The caller carries on talking before any agent audio: take it as the
        // same turn and drop the reply.
        if current.fromBrain, current.startedPlayingAt == nil,
           speechRunMilliseconds >= configuration.bargeInMinimumSpeechMilliseconds, turnCount > 0 {
            cancelReply(actions: &actions)
            phase = .userSpeaking
            utterance = Utterance(start: speechRunStart, lastSpeechEnd: now + configuration.frameMilliseconds)
            return
        }
        if current.fromBrain, !current.gotBrainOutput,
           now.since(current.askedAt) >= configuration.providerDeadlineMilliseconds {
            let error = ProviderError(.timeout, provider: "brain", "no reply within \(configuration.providerDeadlineMilliseconds) ms")
            actions.append(.event(.providerError(error, at: now)))
            cancelReply(actions: &actions)
            speak(configuration.fallbackLine, then: nil, reason: "brain_timeout", actions: &actions)
        }
    }
}
