/// A message from the server to Twilio on a bidirectional stream.
public enum TwilioOutboundMessage: Sendable, Equatable {
    /// Audio to play: μ-law bytes, 8 kHz mono (sent base64-encoded).
    case media(streamSid: String, payload: [UInt8])
    /// Ask Twilio to echo `name` back once everything queued before it has played.
    case mark(streamSid: String, name: String)
    /// Drop all queued audio (barge-in); pending marks come back at once.
    case clear(streamSid: String)

    /// The JSON text frame.
    public var text: String {
        var bytes: [UInt8] = []
        encode(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the JSON text of the message to `output`.
    public func encode(into output: inout [UInt8]) {
        switch self {
        case .media(let streamSid, let payload):
            payload.withUnsafeBytes { Self.writeMedia(streamSid: streamSid, muLaw: $0, into: &output) }
        case .mark(let streamSid, let name):
            Self.append(#"{"event":"mark","streamSid":"#, to: &output)
            Self.appendJSONString(streamSid, to: &output)
            Self.append(#","mark":{"name":"#, to: &output)
            Self.appendJSONString(name, to: &output)
            Self.append("}}", to: &output)
        case .clear(let streamSid):
            Self.append(#"{"event":"clear","streamSid":"#, to: &output)
            Self.appendJSONString(streamSid, to: &output)
            Self.append("}", to: &output)
        }
    }

    /// Appends a media message for `muLaw` without building the enum.
    static func writeMedia(streamSid: String, muLaw: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.append(contentsOf: mediaPrefix(streamSid: streamSid))
        Base64.encode(muLaw, into: &output)
        append(mediaSuffix, to: &output)
    }

    /// A media message up to its payload; the per-frame path keeps it for the whole stream.
    static func mediaPrefix(streamSid: String) -> [UInt8] {
        var output: [UInt8] = []
        append(#"{"event":"media","streamSid":"#, to: &output)
        appendJSONString(streamSid, to: &output)
        append(#","media":{"payload":""#, to: &output)
        return output
    }

    /// What follows the payload of a media message.
    static let mediaSuffix: StaticString = #""}}"#

    static func append(_ literal: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func appendJSONString(_ value: String, to output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case 0x0A: append(#"\n"#, to: &output)
            case 0x0D: append(#"\r"#, to: &output)
            case 0x09: append(#"\t"#, to: &output)
            case 0..<0x20:
                append(#"\u00"#, to: &output)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
