import Foundation

extension AgentConfiguration {
    /// Built-in tools of LLM brains; agent tools may not take these names.
    public static let builtInToolNames: Set<String> = ["end_call", "transfer_call"]

    /// Problems with `tools`, `transferTargets`, `outboundDisclosure` and `recordingDisclosure`.
    func callFieldProblems() -> [AgentConfigurationProblem] {
        var problems: [AgentConfigurationProblem] = []
        func fail(_ field: String, _ message: String, severity: FlowProblem.Severity = .error) {
            problems.append(AgentConfigurationProblem(field: field, message, severity: severity))
        }

        var toolNames: Set<String> = []
        for (index, tool) in tools.enumerated() {
            let field = "tools[\(index)]"
            if !Self.isIdentifier(tool.name) {
                fail("\(field).name", "'\(tool.name)' must be 1–64 letters, digits, '_' or '-'")
            } else if Self.builtInToolNames.contains(tool.name) {
                fail("\(field).name", "'\(tool.name)' is a built-in tool; choose another name")
            } else if !toolNames.insert(tool.name).inserted {
                fail("\(field).name", "'\(tool.name)' is used by another tool")
            }
            if tool.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                fail("\(field).description", "must say what the tool does (the model reads it)")
            }
            for problem in JSONSchemaValidator.schemaProblems(tool.parameters) {
                fail("\(field).parameters" + (problem.path.isEmpty ? "" : "." + problem.path), problem.message)
            }
            if !Self.isWebURL(tool.url) {
                fail("\(field).url", "'\(tool.url)' must be an absolute http:// or https:// URL with a host")
            }
            if !AgentTool.allowedMethods.contains(tool.method) {
                fail("\(field).method", "'\(tool.method)' must be one of \(AgentTool.allowedMethods.joined(separator: ", "))")
            }
            if !AgentTool.timeoutRange.contains(tool.timeoutMs) {
                fail("\(field).timeoutMs", "must be between \(AgentTool.timeoutRange.lowerBound) and \(AgentTool.timeoutRange.upperBound) ms (got \(tool.timeoutMs))")
            }
            for name in (tool.headers ?? [:]).keys.sorted() {
                if let problem = Self.headerProblem(name: name, value: tool.headers![name]!) {
                    fail("\(field).headers.\(name)", problem)
                }
            }
            if let filler = tool.filler, filler.trimmingCharacters(in: .whitespaces).isEmpty {
                fail("\(field).filler", "must not be empty when given")
            }
        }
        if !tools.isEmpty, case .flow = brain {
            fail("tools", "tools are offered to llm brains only; this flow agent does not call them", severity: .warning)
        }

        var targetNames: Set<String> = []
        for (index, target) in transferTargets.enumerated() {
            let field = "transferTargets[\(index)]"
            if !Self.isIdentifier(target.name) {
                fail("\(field).name", "'\(target.name)' must be 1–64 letters, digits, '_' or '-'")
            } else if !targetNames.insert(target.name).inserted {
                fail("\(field).name", "'\(target.name)' is used by another transfer target")
            }
            if !Self.isE164(target.destination) && !Self.isSIPURI(target.destination) {
                fail("\(field).destination", "'\(target.destination)' must be an E.164 number such as +15551234567 or a sip: URI")
            }
            if let description = target.description, description.trimmingCharacters(in: .whitespaces).isEmpty {
                fail("\(field).description", "must not be empty when given")
            }
        }

        let disclosure = TextNormalizer.tokens(outboundDisclosureText)
        if disclosure.isEmpty {
            fail("outboundDisclosure", "cannot be disabled or empty: outbound calls must open by saying the caller is talking to an AI")
        } else if !disclosure.contains(where: Self.disclosureWords.contains) {
            fail("outboundDisclosure", "must say that the agent is an AI (mention AI, artificial intelligence, automated or virtual assistant)")
        }
        if recordingEnabled, TextNormalizer.tokens(recordingDisclosureText).isEmpty {
            fail("recordingDisclosure", "must not be empty while recordingEnabled is true: callers are told the call is recorded")
        }
        return problems
    }

    /// 1–64 of `a-z A-Z 0-9 _ -` (tool and transfer target names; OpenAI's function-name rule).
    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// `+` then 8–15 digits, the first not 0 (the API's phone-number rule).
    static func isE164(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 9, bytes.count <= 16, bytes[0] == UInt8(ascii: "+"), bytes[1] != UInt8(ascii: "0") else { return false }
        return bytes.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `sip:` or `sips:` followed by a user part and/or host, no whitespace or control characters.
    static func isSIPURI(_ text: String) -> Bool {
        let lowered = text.lowercased()
        guard let prefix = ["sip:", "sips:"].first(where: lowered.hasPrefix) else { return false }
        let rest = text.dropFirst(prefix.count)
        guard !rest.isEmpty, text.utf8.count <= 256, !rest.hasPrefix("@"), !rest.hasSuffix("@") else { return false }
        return rest.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" && $0 != "\"" }
    }

    /// An absolute http(s) URL with a host.
    static func isWebURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = components.host, !host.isEmpty else { return false }
        return !text.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F }
    }

    /// Headers Parley sets itself or that would carry secrets, which agent files (stored in
    /// clear and shown by the API) must not.
    static let reservedHeaders: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "host", "content-type", "content-length",
        "transfer-encoding", "connection", "user-agent",
    ]

    static func headerProblem(name: String, value: String) -> String? {
        let tokenSymbols = Set("!#$%&'*+-.^_`|~".utf8)
        let isToken = !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || tokenSymbols.contains(byte)
        }
        if !isToken { return "'\(name)' is not a valid header name" }
        let lowered = name.lowercased()
        if reservedHeaders.contains(lowered) || lowered.hasPrefix("parley-") {
            return "'\(name)' is set by Parley or carries secrets; requests are authenticated with Parley-Signature instead"
        }
        if value.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) {
            return "the value must not contain control characters or line breaks"
        }
        return nil
    }
}
