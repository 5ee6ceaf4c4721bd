import Foundation

/// Media Streams frames as Twilio sends them (shapes from Twilio's public documentation).
enum TwilioFrames {
    static let accountSid = "AC00000000000000000000000000000001"
    static let callSid = "CA00000000000000000000000000000001"
    static let streamSid = "MZ00000000000000000000000000000001"

    static let connected = #"{"event":"connected","protocol":"Call","version":"1.0.0"}"#

    static func start(
        sequence: Int = 1, streamSid: String = streamSid, callSid: String = callSid,
        parameters: [String: String] = ["token": "t"],
        encoding: String = "audio/x-mulaw", sampleRate: Int = 8000, channels: Int = 1
    ) -> String {
        let custom = parameters.sorted { $0.key < $1.key }.map { "\(json($0.key)):\(json($0.value))" }.joined(separator: ",")
        return #"{"event":"start","sequenceNumber":"\#(sequence)","start":{"accountSid":"\#(accountSid)","streamSid":"\#(streamSid)","callSid":"\#(callSid)","tracks":["inbound"],"mediaFormat":{"encoding":"\#(encoding)","sampleRate":\#(sampleRate),"channels":\#(channels)},"customParameters":{\#(custom)}},"streamSid":"\#(streamSid)"}"#
    }

    static func media(
        sequence: Int, chunk: Int, timestamp: Int, payload: [UInt8] = [UInt8](repeating: 0xFF, count: 160),
        streamSid: String = streamSid, track: String = "inbound"
    ) -> String {
        media(sequence: sequence, chunk: chunk, timestamp: timestamp, base64: Data(payload).base64EncodedString(), streamSid: streamSid, track: track)
    }

    static func media(sequence: Int, chunk: Int, timestamp: Int, base64: String, streamSid: String = streamSid, track: String = "inbound") -> String {
        #"{"event":"media","sequenceNumber":"\#(sequence)","media":{"track":"\#(track)","chunk":"\#(chunk)","timestamp":"\#(timestamp)","payload":"\#(base64)"},"streamSid":"\#(streamSid)"}"#
    }

    static func dtmf(sequence: Int, digit: String, streamSid: String = streamSid) -> String {
        #"{"event":"dtmf","streamSid":"\#(streamSid)","sequenceNumber":"\#(sequence)","dtmf":{"track":"inbound_track","digit":"\#(digit)"}}"#
    }

    static func mark(sequence: Int, name: String, streamSid: String = streamSid) -> String {
        #"{"event":"mark","sequenceNumber":"\#(sequence)","streamSid":"\#(streamSid)","mark":{"name":\#(json(name))}}"#
    }

    static func stop(sequence: Int, streamSid: String = streamSid, callSid: String = callSid) -> String {
        #"{"event":"stop","sequenceNumber":"\#(sequence)","streamSid":"\#(streamSid)","stop":{"accountSid":"\#(accountSid)","callSid":"\#(callSid)"}}"#
    }

    static func json(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}
