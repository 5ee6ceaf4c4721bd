import ParleyVoice

/// One entry of a call's event log (barge-in, tool call, keypad digit, provider error,
/// transfer) on the call's media clock. `detail` holds ids and codes, never caller words.
public struct CallEventRecord: Sendable, Equatable, Codable {
    public var atMilliseconds: Int64
    public var kind: String
    public var detail: [String: String]

    public init(atMilliseconds: Int64, kind: String, detail: [String: String] = [:]) {
        self.atMilliseconds = atMilliseconds
        self.kind = kind
        self.detail = detail
    }

    /// The record of a session notice.
    public init(_ notice: CallSessionNotice) {
        switch notice {
        case .callerSpeechStarted(let at): self.init(atMilliseconds: at.milliseconds, kind: "caller_speech_started")
        case .callerSpeechEnded(let at): self.init(atMilliseconds: at.milliseconds, kind: "caller_speech_ended")
        case .bargeInPaused(let at): self.init(atMilliseconds: at.milliseconds, kind: "barge_in_paused")
        case .bargeInCommitted(let at): self.init(atMilliseconds: at.milliseconds, kind: "barge_in")
        case .bargeInDismissed(let at, _): self.init(atMilliseconds: at.milliseconds, kind: "barge_in_dismissed")
        case .dtmf(let digit, let at): self.init(atMilliseconds: at.milliseconds, kind: "dtmf", detail: ["digit": String(digit)])
        case .providerError(let error, let at):
            self.init(atMilliseconds: at.milliseconds, kind: "provider_error", detail: ["provider": error.provider, "code": error.code.rawValue])
        case .fallbackSpoken(let reason, let at): self.init(atMilliseconds: at.milliseconds, kind: "fallback_spoken", detail: ["reason": reason])
        case .toolCall(let name, let succeeded, let at):
            self.init(atMilliseconds: at.milliseconds, kind: "tool_call",
                      detail: ["name": name, "succeeded": succeeded.map { $0 ? "true" : "false" } ?? "pending"])
        case .reprompt(let count, let at): self.init(atMilliseconds: at.milliseconds, kind: "reprompt", detail: ["count": String(count)])
        }
    }
}
