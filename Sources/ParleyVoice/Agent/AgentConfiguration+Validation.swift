import Foundation

extension AgentConfiguration {
    /// Throws if `validationProblems()` has any error (warnings alone pass).
    public func validate() throws(AgentConfigurationError) {
        let problems = validationProblems()
        let errors = problems.filter { $0.severity == .error }
        guard errors.isEmpty else {
            throw AgentConfigurationError(
                code: .invalid,
                message: "agent '\(name)' has \(errors.count) configuration error\(errors.count == 1 ? "" : "s")",
                problems: problems)
        }
    }

    /// Every problem in this configuration, each naming its field path.
    public func validationProblems() -> [AgentConfigurationProblem] {
        var problems: [AgentConfigurationProblem] = []
        func fail(_ field: String, _ message: String) {
            problems.append(AgentConfigurationProblem(field: field, message))
        }
        func inRange(_ value: Int, _ range: ClosedRange<Int>, _ field: String, unit: String) {
            if !range.contains(value) {
                fail(field, "must be between \(range.lowerBound) and \(range.upperBound) \(unit) (got \(value))")
            }
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { fail("name", "must not be empty") }
        if name.count > 64 { fail("name", "must be at most 64 characters") }
        if let organisation, organisation.trimmingCharacters(in: .whitespaces).isEmpty {
            fail("organisation", "must not be empty when given")
        }
        if language.range(of: #"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"#, options: .regularExpression) == nil {
            fail("language", "'\(language)' is not a BCP-47 language tag such as en-US")
        }
        if let voice, voice.isEmpty { fail("voice", "must not be empty when given") }
        if let firstMessage, firstMessage.trimmingCharacters(in: .whitespaces).isEmpty {
            fail("firstMessage", "must not be empty when given")
        }

        switch brain {
        case .flow(let flow):
            for problem in FlowValidator.validate(flow, knownVariables: Set(builtInVariables.keys).union(variables.keys)) {
                let field = "brain.flow" + (problem.path.isEmpty ? "" : "." + problem.path)
                problems.append(AgentConfigurationProblem(field: field, problem.message, severity: problem.severity))
            }
        case .llm(let settings):
            if settings.systemPrompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                fail("brain.systemPrompt", "must not be empty")
            }
            if let model = settings.model, model.isEmpty { fail("brain.model", "must not be empty when given") }
            if let temperature = settings.temperature, !(0...2).contains(temperature) {
                fail("brain.temperature", "must be between 0 and 2")
            }
            if providers.llm.isEmpty { fail("providers.llm", "an llm brain needs at least one llm provider") }
        }

        for (kind, chain) in [("stt", providers.stt), ("tts", providers.tts), ("llm", providers.llm), ("turn", providers.turn)] {
            if chain.isEmpty && kind != "llm" { fail("providers.\(kind)", "needs at least one provider") }
            var seen: Set<String> = []
            for (index, selection) in chain.enumerated() {
                let field = "providers.\(kind)[\(index)].provider"
                if selection.provider.range(of: #"^[a-z0-9][a-z0-9._-]*$"#, options: .regularExpression) == nil {
                    fail(field, "'\(selection.provider)' is not a provider name (lowercase letters, digits, . _ -)")
                } else if !seen.insert(selection.provider).inserted {
                    fail(field, "'\(selection.provider)' is listed twice")
                }
            }
        }

        for (index, phrase) in endCallPhrases.enumerated() where TextNormalizer.tokens(phrase).isEmpty {
            fail("endCallPhrases[\(index)]", "must contain words")
        }
        inRange(silence.repromptAfterMs, 1000...60_000, "silence.repromptAfterMs", unit: "ms")
        inRange(silence.maxReprompts, 0...10, "silence.maxReprompts", unit: "reprompts")
        inRange(silence.hangUpAfterMs, 1000...600_000, "silence.hangUpAfterMs", unit: "ms")
        if silence.hangUpAfterMs < silence.repromptAfterMs {
            fail("silence.hangUpAfterMs", "must not be shorter than silence.repromptAfterMs")
        }
        if silence.maxReprompts > 0, silence.repromptText.trimmingCharacters(in: .whitespaces).isEmpty {
            fail("silence.repromptText", "must not be empty when maxReprompts is above 0")
        }
        inRange(maxDurationSeconds, 10...14_400, "maxDurationSeconds", unit: "seconds")
        inRange(interruptions.minSpeechMs, 0...2000, "interruptions.minSpeechMs", unit: "ms")
        for (index, word) in interruptions.backchannelWords.enumerated() where TextNormalizer.tokens(word).isEmpty {
            fail("interruptions.backchannelWords[\(index)]", "must contain a word")
        }
        inRange(endpointing.minSilenceMs, 50...5000, "endpointing.minSilenceMs", unit: "ms")
        inRange(endpointing.maxSilenceMs, 50...10_000, "endpointing.maxSilenceMs", unit: "ms")
        if endpointing.maxSilenceMs < endpointing.minSilenceMs {
            fail("endpointing.maxSilenceMs", "must not be shorter than endpointing.minSilenceMs")
        }
        for key in variables.keys.sorted() where !TemplateRenderer.isVariablePath(key) || key.contains(".") {
            fail("variables.\(key)", "variable names use letters, digits and underscores and start with a letter")
        }
        let answer = TextNormalizer.tokens(aiDisclosureAnswer)
        if answer.isEmpty {
            fail("aiDisclosure", "cannot be disabled or empty: the agent must always say it is an AI when asked")
        } else if !answer.contains(where: AgentConfiguration.disclosureWords.contains) {
            fail("aiDisclosure", "must say that the agent is an AI (mention AI, artificial intelligence, automated or virtual assistant)")
        }
        problems += callFieldProblems()
        return problems
    }

    static let disclosureWords: Set<String> = ["ai", "artificial", "automated", "virtual", "bot", "robot", "machine"]
}
