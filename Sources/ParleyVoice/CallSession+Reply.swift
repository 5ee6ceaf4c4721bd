/// The agent's side: brain replies, sentences, synthesis and playout.
extension CallSession {
    mutating func startReply(input: BrainInput, notices: [String] = [], actions: inout [CallSessionAction]) {
        replyCounter += 1
        reply = Reply(id: replyCounter, askedAt: now, fromBrain: true)
        playout.reset()
        phase = .thinking
        for notice in notices { queueSentence(notice, actions: &actions) }
        actions.append(.askBrain(reply: replyCounter, input))
    }

    /// Says a fixed line (fallback, goodbye) without the brain, then optionally ends the call.
    mutating func speak(_ line: String, then endAction: EndAction?, reason: String? = nil, actions: inout [CallSessionAction]) {
        if reply != nil { cancelReply(actions: &actions) }
        replyCounter += 1
        var spoken = Reply(id: replyCounter, askedAt: now, fromBrain: false)
        spoken.brainFinished = true
        spoken.endAction = endAction
        reply = spoken
        playout.reset()
        phase = endAction == nil ? .thinking : .ending
        if let reason { actions.append(.event(.fallbackSpoken(reason: reason, at: now))) }
        queueSentence(line, actions: &actions)
    }

    mutating func queueSentence(_ text: String, actions: inout [CallSessionAction]) {
        guard var current = reply else { return }
        let index = current.sentences.count
        current.sentences.append(text)
        if current.endAction == nil, saysEndCallPhrase(text) {
            current.endAction = .hangUp("end_call_phrase")
        }
        reply = current
        playout.expect(index: index, text: text)
        actions.append(.synthesize(reply: current.id, sentence: index, text: text))
    }

    func saysEndCallPhrase(_ text: String) -> Bool {
        guard !configuration.endCallPhrases.isEmpty else { return false }
        let spoken = " " + TextNormalizer.tokens(text).joined(separator: " ") + " "
        return configuration.endCallPhrases.contains { phrase in
            let words = TextNormalizer.tokens(phrase).joined(separator: " ")
            return !words.isEmpty && spoken.contains(" " + words + " ")
        }
    }

    mutating func brainOutput(reply id: Int, _ output: BrainOutput, actions: inout [CallSessionAction]) {
        guard var current = reply, current.id == id, current.fromBrain else { return }
        if !current.gotBrainOutput {
            current.gotBrainOutput = true
            if telemetry.firstBrainOutput == nil, !telemetryReported { telemetry.firstBrainOutput = eventTime }
        }
        switch output {
        case .text(let text):
            let sentences = current.splitter.append(text)
            reply = current
            for sentence in sentences { queueSentence(sentence, actions: &actions) }
        case .filler(let text):
            reply = current
            queueSentence(text, actions: &actions)
        case .toolCall(let name, let succeeded):
            reply = current
            actions.append(.event(.toolCall(name: name, succeeded: succeeded, at: now)))
        case .transfer(let target):
            current.endAction = .transfer(configuration.transferDestinations[target] ?? target)
            reply = current
        case .endCall(let reason):
            current.endAction = .hangUp(reason)
            reply = current
        }
    }

    mutating func brainFinished(reply id: Int, actions: inout [CallSessionAction]) {
        guard var current = reply, current.id == id, current.fromBrain, !current.brainFinished else { return }
        current.brainFinished = true
        let rest = current.splitter.flush()
        reply = current
        if let rest { queueSentence(rest, actions: &actions) }
    }

    mutating func brainFailed(reply id: Int, error: ProviderError, actions: inout [CallSessionAction]) {
        guard let current = reply, current.id == id, current.fromBrain else { return }
        actions.append(.event(.providerError(error, at: now)))
        if current.sentences.isEmpty {
            speak(configuration.fallbackLine, then: nil, reason: "brain_failed", actions: &actions)
        } else {
            // Keep what was said; finish the reply there.
            var finished = current
            finished.brainFinished = true
            reply = finished
        }
    }

    mutating func synthesized(reply id: Int, sentence: Int, samples: [Int16]) {
        guard var current = reply, current.id == id else { return }
        if current.firstAudioAt == nil {
            current.firstAudioAt = eventTime
            if telemetry.firstTTSAudio == nil, !telemetryReported { telemetry.firstTTSAudio = eventTime }
        }
        reply = current
        playout.append(index: sentence, samples: samples)
    }

    mutating func synthesisFinished(reply id: Int, sentence: Int) {
        guard var current = reply, current.id == id else { return }
        current.finishedSentences += 1
        reply = current
        playout.finish(index: sentence)
    }

    mutating func synthesisFailed(reply id: Int, sentence: Int, error: ProviderError, actions: inout [CallSessionAction]) {
        guard reply?.id == id else { return }
        actions.append(.event(.providerError(error, at: now)))
        synthesisFinished(reply: id, sentence: sentence)
    }

    /// Plays the next agent frame, if any; records its level for the echo check.
    mutating func playAgentAudio(into frame: UnsafeMutableBufferPointer<Int16>, actions: inout [CallSessionAction]) -> Bool {
        guard reply != nil, playout.read(into: frame) else {
            echoGate.recordAgentFrame(levelDB: EchoGate.silenceDB)
            return false
        }
        echoGate.recordAgentFrame(levelDB: FrameLevel.decibels(UnsafeBufferPointer(frame)))
        if reply?.startedPlayingAt == nil {
            reply?.startedPlayingAt = now
            if phase == .thinking { phase = .agentSpeaking }
            if !telemetryReported {
                telemetry.firstFrameOut = now
                telemetryReported = true
                actions.append(.turnCompleted(telemetry))
            }
        }
        return true
    }

    /// When the reply is fully generated and played, write it down and move on.
    mutating func finishReplyIfDone(actions: inout [CallSessionAction]) {
        guard let current = reply, bargeIn == nil, current.brainFinished,
              current.finishedSentences >= current.sentences.count, playout.isEmpty else { return }
        let text = current.sentences.joined(separator: " ")
        if !text.isEmpty {
            let start = current.startedPlayingAt ?? now
            actions.append(.transcript(TranscriptEntry(speaker: .agent, text: text, start: start, end: now)))
        }
        reply = nil
        playout.reset()
        switch current.endAction {
        case .transfer(let target)?:
            phase = .ended
            actions.append(.transfer(target: target))
        case .hangUp(let reason)?:
            phase = .ended
            actions.append(.hangUp(reason: reason))
        case nil:
            if phase != .userSpeaking {
                phase = .listening
                listeningSince = now
            }
        }
    }

    /// Abandons the current reply (brain and synthesis), without any transcript.
    mutating func cancelReply(actions: inout [CallSessionAction]) {
        guard let current = reply else { return }
        if current.fromBrain, !current.brainFinished { actions.append(.cancelBrain(reply: current.id)) }
        if current.finishedSentences < current.sentences.count { actions.append(.cancelSynthesis(reply: current.id)) }
        reply = nil
        playout.reset()
        if !telemetryReported {
            telemetryReported = true
            actions.append(.turnCompleted(telemetry))
        }
    }
}
