/// A TwiML document: `<Response>` and its verbs, XML-escaped.
public struct TwiMLResponse: Sendable {
    public var verbs: [TwiMLVerb]

    public init(_ verbs: [TwiMLVerb] = []) {
        self.verbs = verbs
    }

    /// The media type to answer Twilio with.
    public static let contentType = "text/xml; charset=utf-8"

    /// The answer to an inbound call: stream it to `url`, carrying the stream token.
    public static func stream(url: String, token: String, parameters: [(name: String, value: String)] = [], action: String? = nil) -> TwiMLResponse {
        TwiMLResponse([.connectStream(url: url, parameters: [(StreamToken.parameterName, token)] + parameters, action: action)])
    }

    /// The answer when the org is at its concurrency limit.
    public static let busy = TwiMLResponse([.reject(.busy)])

    /// The document text.
    public var xml: String {
        var out = #"<?xml version="1.0" encoding="UTF-8"?><Response>"#
        for verb in verbs { Self.write(verb, to: &out) }
        out += "</Response>"
        return out
    }

    private static func write(_ verb: TwiMLVerb, to out: inout String) {
        switch verb {
        case .say(let text, let voice, let language):
            out += "<Say" + attribute("voice", voice) + attribute("language", language) + ">" + escape(text) + "</Say>"
        case .connectStream(let url, let parameters, let action):
            out += "<Connect" + attribute("action", action) + "><Stream" + attribute("url", url)
            if parameters.isEmpty {
                out += "/>"
            } else {
                out += ">"
                for parameter in parameters {
                    out += "<Parameter" + attribute("name", parameter.name) + attribute("value", parameter.value) + "/>"
                }
                out += "</Stream>"
            }
            out += "</Connect>"
        case .dial(let target, let callerID, let timeout, let action):
            out += "<Dial" + attribute("callerId", callerID) + attribute("timeout", timeout.map { String($0) })
                + attribute("action", action) + ">"
            let noun = target.lowercased().hasPrefix("sip:") ? "Sip" : "Number"
            out += "<\(noun)>" + escape(target) + "</\(noun)></Dial>"
        case .pause(let seconds):
            out += "<Pause" + attribute("length", String(max(1, seconds))) + "/>"
        case .hangup:
            out += "<Hangup/>"
        case .reject(let reason):
            out += "<Reject" + attribute("reason", reason.rawValue) + "/>"
        }
    }

    private static func attribute(_ name: String, _ value: String?) -> String {
        guard let value else { return "" }
        return " \(name)=\"\(escape(value))\""
    }

    /// Escapes markup characters and drops characters XML 1.0 cannot carry.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let allowed = value >= 0x20 && value != 0xFFFE && value != 0xFFFF
                if allowed { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
