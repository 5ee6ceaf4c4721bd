/// Carrying out the session's actions with the providers.
extension CallEngine {
    func perform() {
        while !actions.isEmpty {
            let batch = actions
            actions.removeAll(keepingCapacity: true)
            for action in batch { perform(action) }
        }
    }

    private func perform(_ action: CallSessionAction) {
        switch action {
        case .transcribe(let id, let from, let to):
            transcribe(id: id, audio: history.extract(from: from, to: to))
        case .predictTurn(let id, let from, let to):
            predictTurn(id: id, audio: history.extract(from: from, to: to))
        case .askBrain(let reply, let input):
            askBrain(reply: reply, input: input)
        case .cancelBrain(let reply):
            brainTasks.removeValue(forKey: reply)?.cancel()
        case .truncateBrainHistory(let playedText):
            conversation.replyWasInterrupted(playedText: playedText)
        case .synthesize(let reply, let sentence, let text):
            // The last sentence the caller heard is the recogniser's context (more primes
            // tiny models into hearing the prompt's words instead of the caller's).
            agentContext = text
            synthesize(reply: reply, sentence: sentence, text: text)
        case .cancelSynthesis(let reply):
            cancelSynthesis(reply: reply)
        case .pausePlayback, .resumePlayback:
            break  // Playout is frame-synchronous: the session simply stops or resumes handing out agent frames.
        case .clearPlayback:
            observer?.callEngineClearPlayback()
        case .transcript(let entry):
            observer?.callEngine(transcript: entry)
        case .event(let notice):
            observer?.callEngine(notice: notice)
        case .turnCompleted(let telemetry):
            observer?.callEngine(turn: telemetry)
        case .transfer(let target):
            observer?.callEngine(ended: "transfer", transferTarget: target)
            shutdown()
        case .hangUp(let reason):
            observer?.callEngine(ended: reason, transferTarget: nil)
            shutdown()
        }
    }

    private func cancelSynthesis(reply: Int) {
        for task in speechTasks.removeValue(forKey: reply) ?? [] { task.cancel() }
    }

    private func transcribe(id: Int, audio samples: [Int16]) {
        let stt = providers.speechToText
        let rate = stt.preferredSampleRates.first ?? session.configuration.sampleRate
        let audio = AudioBuffer(sampleRate: session.configuration.sampleRate, samples: samples).resampled(to: rate)
        let inbox = self.inbox
        let context = agentContext
        inbox.begin()
        recognitionTasks.removeAll { $0.isCancelled }
        recognitionTasks.append(Task {
            do {
                let result = try await stt.transcribe(audio, context: context)
                inbox.end(posting: [.transcribed(id: id, text: result.text)])
            } catch {
                inbox.end(posting: [.transcriptionFailed(id: id, error: ProviderError.wrapping(error, provider: stt.name))])
            }
        })
    }

    private func predictTurn(id: Int, audio samples: [Int16]) {
        guard let predictor = providers.turnPredictor else { return }
        let audio = AudioBuffer(sampleRate: session.configuration.sampleRate, samples: samples).resampled(to: 16_000)
        let inbox = self.inbox
        inbox.begin()
        recognitionTasks.append(Task {
            if let probability = try? await predictor.endOfTurnProbability(audio) {
                inbox.end(posting: [.turnPredicted(id: id, probability: probability)])
            } else {
                inbox.end()
            }
        })
    }

    private func askBrain(reply: Int, input: BrainInput) {
        let inbox = self.inbox
        if case .utterance(let text) = input {
            switch screen(text) {
            case .brain:
                break
            case .aiDisclosure(let answer):
                inbox.post(.brain(reply: reply, .text(answer)))
                inbox.post(.brainFinished(reply: reply))
                return
            case .endCall:
                inbox.post(.brain(reply: reply, .text("Thanks for calling. Goodbye!")))
                inbox.post(.brain(reply: reply, .endCall(reason: "caller_goodbye")))
                inbox.post(.brainFinished(reply: reply))
                return
            }
        }
        let stream = conversation.respond(to: input)
        let brainName = providers.brain.name
        inbox.begin()
        brainTasks[reply] = Task {
            do {
                for try await output in stream {
                    if Task.isCancelled { break }
                    inbox.post(.brain(reply: reply, output))
                }
                inbox.end(posting: [.brainFinished(reply: reply)])
            } catch {
                inbox.end(posting: [.brainFailed(reply: reply, error: ProviderError.wrapping(error, provider: brainName))])
            }
        }
    }

    /// Sentences of one reply are synthesised concurrently (as many as there are
    /// workers) but delivered in order: each task waits for the previous
    /// sentence's delivery before posting its own audio.
    private func synthesize(reply: Int, sentence: Int, text: String) {
        let previous = speechTasks[reply]?.last
        let tts = providers.textToSpeech
        let rate = session.configuration.sampleRate
        let inbox = self.inbox
        inbox.begin()
        let priority: SpeechWorkPriority = previous == nil ? .interactive : .background
        speechTasks[reply, default: []].append(Task {
            defer { inbox.end() }
            var chunks: [[Int16]] = []
            var failure: ProviderError?
            do {
                let stream = SpeechWorkPriority.$current.withValue(priority) {
                    tts.synthesize(text, preferredSampleRate: rate)
                }
                for try await chunk in stream {
                    if Task.isCancelled { return }
                    let samples = chunk.resampled(to: rate).samples
                    // The first sentence streams; later ones wait their turn.
                    if previous == nil {
                        inbox.post(.synthesized(reply: reply, sentence: sentence, samples: samples))
                    } else {
                        chunks.append(samples)
                    }
                }
            } catch {
                failure = ProviderError.wrapping(error, provider: tts.name)
            }
            await previous?.value
            if Task.isCancelled { return }
            for samples in chunks { inbox.post(.synthesized(reply: reply, sentence: sentence, samples: samples)) }
            if let failure {
                inbox.post(.synthesisFailed(reply: reply, sentence: sentence, error: failure))
            } else {
                inbox.post(.synthesisFinished(reply: reply, sentence: sentence))
            }
        })
    }
}

extension ProviderError {
    /// Any error as a provider error (cancellation and timeouts keep their meaning).
    public static func wrapping(_ error: any Error, provider: String) -> ProviderError {
        if let error = error as? ProviderError { return error }
        if error is CancellationError { return ProviderError(.cancelled, provider: provider, "cancelled") }
        return ProviderError(.failed, provider: provider, "\(error)")
    }
}
