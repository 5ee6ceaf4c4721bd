/// Reads one Media Streams frame with `JSONScanner`. Members may come in any order; known
/// members may appear once; unknown members are skipped (Twilio adds fields over time).
struct TwilioStreamMessageParser {
    private enum Event {
        case connected, start, media, dtmf, mark, stop
    }

    /// Known top-level members, for duplicate detection.
    private struct Seen: OptionSet {
        let rawValue: UInt16
        static let event = Seen(rawValue: 1 << 0)
        static let sequenceNumber = Seen(rawValue: 1 << 1)
        static let streamSid = Seen(rawValue: 1 << 2)
        static let `protocol` = Seen(rawValue: 1 << 3)
        static let version = Seen(rawValue: 1 << 4)
        static let body = Seen(rawValue: 1 << 5)
    }

    private var scanner: JSONScanner
    private let knownStreamSid: String?
    private var seen: Seen = []
    private var event: Event?
    private var bodyEvent: Event?
    private var sequenceNumber: Int64?
    private var streamSid: String?
    private var protocolName: String?
    private var version: String?
    private var start: TwilioStartInfo?
    private var media: (track: String, chunk: Int64, timestamp: Int64)?
    private var dtmf: (track: String, digit: Character)?
    private var markName: String?
    private var stop: (accountSid: String, callSid: String)?

    init(_ bytes: UnsafeRawBufferPointer, knownStreamSid: String?) {
        scanner = JSONScanner(bytes)
        self.knownStreamSid = knownStreamSid
    }

    mutating func parse(payloadBuffer: inout [UInt8]) throws(TwilioStreamError) -> TwilioStreamMessage {
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            try member(key, payloadBuffer: &payloadBuffer)
        }
        try scanner.expectEnd()
        return try assemble(payload: payloadBuffer)
    }

    private mutating func once(_ member: Seen, _ name: String) throws(TwilioStreamError) {
        guard !seen.contains(member) else { throw scanner.failure("duplicate member \"\(name)\"") }
        seen.insert(member)
    }

    private mutating func member(_ key: JSONScanner.StringToken, payloadBuffer: inout [UInt8]) throws(TwilioStreamError) {
        if scanner.matches(key, "event") {
            try once(.event, "event")
            event = try readEvent()
        } else if scanner.matches(key, "sequenceNumber") {
            try once(.sequenceNumber, "sequenceNumber")
            sequenceNumber = try scanner.readCount()
        } else if scanner.matches(key, "streamSid") {
            try once(.streamSid, "streamSid")
            streamSid = try readStreamSid()
        } else if scanner.matches(key, "protocol") {
            try once(.protocol, "protocol")
            protocolName = try scanner.readStringValue()
        } else if scanner.matches(key, "version") {
            try once(.version, "version")
            version = try scanner.readStringValue()
        } else if scanner.matches(key, "start") {
            try body(.start)
            start = try readStart()
        } else if scanner.matches(key, "media") {
            try body(.media)
            media = try readMedia(payloadBuffer: &payloadBuffer)
        } else if scanner.matches(key, "dtmf") {
            try body(.dtmf)
            dtmf = try readDTMF()
        } else if scanner.matches(key, "mark") {
            try body(.mark)
            markName = try readMark()
        } else if scanner.matches(key, "stop") {
            try body(.stop)
            stop = try readStop()
        } else {
            try scanner.skipValue()
        }
    }

    private mutating func body(_ kind: Event) throws(TwilioStreamError) {
        guard !seen.contains(.body) else { throw scanner.failure("more than one event body") }
        seen.insert(.body)
        bodyEvent = kind
    }

    private mutating func readEvent() throws(TwilioStreamError) -> Event {
        let token = try scanner.readString()
        if scanner.matches(token, "media") { return .media }
        if scanner.matches(token, "connected") { return .connected }
        if scanner.matches(token, "start") { return .start }
        if scanner.matches(token, "dtmf") { return .dtmf }
        if scanner.matches(token, "mark") { return .mark }
        if scanner.matches(token, "stop") { return .stop }
        let name = (try? scanner.string(token)) ?? "?"
        throw TwilioStreamError(.unexpectedEvent, "unknown event \"\(name.prefix(40))\"")
    }

    /// Reuses the caller's copy of the stream SID when it matches, so the media path does not
    /// allocate a string per frame.
    private mutating func readStreamSid() throws(TwilioStreamError) -> String {
        let token = try scanner.readString()
        if let knownStreamSid, scanner.matches(token, string: knownStreamSid) { return knownStreamSid }
        return try scanner.string(token)
    }

    private mutating func readStart() throws(TwilioStreamError) -> TwilioStartInfo {
        try scanner.beginObject()
        var accountSid: String?, callSid: String?, streamSid: String?
        var tracks: [String]?, customParameters: [String: String]?, format: TwilioMediaFormat?
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if scanner.matches(key, "accountSid") {
                try ensureAbsent(accountSid != nil, "start.accountSid")
                accountSid = try scanner.readStringValue()
            } else if scanner.matches(key, "callSid") {
                try ensureAbsent(callSid != nil, "start.callSid")
                callSid = try scanner.readStringValue()
            } else if scanner.matches(key, "streamSid") {
                try ensureAbsent(streamSid != nil, "start.streamSid")
                streamSid = try scanner.readStringValue()
            } else if scanner.matches(key, "tracks") {
                try ensureAbsent(tracks != nil, "start.tracks")
                tracks = try scanner.readStringArray()
            } else if scanner.matches(key, "customParameters") {
                try ensureAbsent(customParameters != nil, "start.customParameters")
                customParameters = try scanner.readStringMap()
            } else if scanner.matches(key, "mediaFormat") {
                guard format == nil else { throw scanner.failure("duplicate member \"start.mediaFormat\"") }
                format = try readMediaFormat()
            } else {
                try scanner.skipValue(depth: 1)
            }
        }
        return TwilioStartInfo(
            accountSid: try required(accountSid, "start.accountSid"),
            callSid: try required(callSid, "start.callSid"),
            streamSid: try required(streamSid, "start.streamSid"),
            tracks: tracks ?? [],
            customParameters: customParameters ?? [:],
            mediaFormat: try required(format, "start.mediaFormat"))
    }

    private mutating func readMediaFormat() throws(TwilioStreamError) -> TwilioMediaFormat {
        try scanner.beginObject()
        var encoding: String?, sampleRate: Int64?, channels: Int64?
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if scanner.matches(key, "encoding") {
                try ensureAbsent(encoding != nil, "mediaFormat.encoding")
                encoding = try scanner.readStringValue()
            } else if scanner.matches(key, "sampleRate") {
                try ensureAbsent(sampleRate != nil, "mediaFormat.sampleRate")
                sampleRate = try scanner.readCount()
            } else if scanner.matches(key, "channels") {
                try ensureAbsent(channels != nil, "mediaFormat.channels")
                channels = try scanner.readCount()
            } else {
                try scanner.skipValue(depth: 2)
            }
        }
        return TwilioMediaFormat(
            encoding: try required(encoding, "mediaFormat.encoding"),
            sampleRate: Int(try required(sampleRate, "mediaFormat.sampleRate")),
            channels: Int(try required(channels, "mediaFormat.channels")))
    }

    private mutating func readMedia(payloadBuffer: inout [UInt8]) throws(TwilioStreamError) -> (track: String, chunk: Int64, timestamp: Int64) {
        try scanner.beginObject()
        var track: String?, chunk: Int64?, timestamp: Int64?, hasPayload = false
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if scanner.matches(key, "track") {
                try ensureAbsent(track != nil, "media.track")
                let token = try scanner.readString()
                track = try scanner.matches(token, "inbound") ? "inbound" : scanner.string(token)
            } else if scanner.matches(key, "chunk") {
                try ensureAbsent(chunk != nil, "media.chunk")
                chunk = try scanner.readCount()
            } else if scanner.matches(key, "timestamp") {
                try ensureAbsent(timestamp != nil, "media.timestamp")
                timestamp = try scanner.readCount()
            } else if scanner.matches(key, "payload") {
                guard !hasPayload else { throw scanner.failure("duplicate member \"media.payload\"") }
                hasPayload = true
                let token = try scanner.readString()
                let valid = scanner.withBytes(token) { Base64.decode($0, into: &payloadBuffer) }
                guard valid else { throw TwilioStreamError(.badBase64, "media.payload is not valid base64") }
            } else {
                try scanner.skipValue(depth: 1)
            }
        }
        guard hasPayload else { throw TwilioStreamError(.invalidField, "media.payload is missing") }
        return (try required(track, "media.track"), try required(chunk, "media.chunk"), try required(timestamp, "media.timestamp"))
    }

    private mutating func readDTMF() throws(TwilioStreamError) -> (track: String, digit: Character) {
        try scanner.beginObject()
        var track: String?, digit: String?
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if scanner.matches(key, "track") {
                try ensureAbsent(track != nil, "dtmf.track")
                track = try scanner.readStringValue()
            } else if scanner.matches(key, "digit") {
                try ensureAbsent(digit != nil, "dtmf.digit")
                digit = try scanner.readStringValue()
            } else {
                try scanner.skipValue(depth: 1)
            }
        }
        let text = try required(digit, "dtmf.digit")
        guard text.count == 1, let character = text.first, "0123456789*#ABCD".contains(character) else {
            throw TwilioStreamError(.invalidField, "dtmf.digit \"\(text.prefix(8))\" is not a keypad digit")
        }
        return (track ?? "inbound_track", character)
    }

    private mutating func readMark() throws(TwilioStreamError) -> String {
        try scanner.beginObject()
        var name: String?
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if scanner.matches(key, "name") {
                try ensureAbsent(name != nil, "mark.name")
                name = try scanner.readStringValue()
            } else {
                try scanner.skipValue(depth: 1)
            }
        }
        return try required(name, "mark.name")
    }

    private mutating func readStop() throws(TwilioStreamError) -> (accountSid: String, callSid: String) {
        try scanner.beginObject()
        var accountSid: String?, callSid: String?
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if scanner.matches(key, "accountSid") {
                try ensureAbsent(accountSid != nil, "stop.accountSid")
                accountSid = try scanner.readStringValue()
            } else if scanner.matches(key, "callSid") {
                try ensureAbsent(callSid != nil, "stop.callSid")
                callSid = try scanner.readStringValue()
            } else {
                try scanner.skipValue(depth: 1)
            }
        }
        return (accountSid ?? "", callSid ?? "")
    }

    private func ensureAbsent(_ present: Bool, _ name: String) throws(TwilioStreamError) {
        if present { throw scanner.failure("duplicate member \"\(name)\"") }
    }

    private func required<T>(_ value: T?, _ name: String) throws(TwilioStreamError) -> T {
        guard let value else { throw TwilioStreamError(.invalidField, "\(name) is missing") }
        return value
    }

    private func assemble(payload: [UInt8]) throws(TwilioStreamError) -> TwilioStreamMessage {
        let event = try required(self.event, "event")
        if let bodyEvent, bodyEvent != event {
            throw TwilioStreamError(.invalidField, "a \(Self.name(event)) message carries a \(Self.name(bodyEvent)) body")
        }
        switch event {
        case .connected:
            return .connected(protocol: protocolName ?? "", version: version ?? "")
        case .start:
            let info = try required(start, "start")
            if let topLevel = self.streamSid, topLevel != info.streamSid {
                throw TwilioStreamError(.invalidField, "streamSid and start.streamSid differ")
            }
            return .start(sequenceNumber: try required(sequenceNumber, "sequenceNumber"), info: info)
        case .media:
            let media = try required(self.media, "media")
            return .media(
                sequenceNumber: try required(sequenceNumber, "sequenceNumber"), streamSid: try required(streamSid, "streamSid"),
                media: TwilioMediaChunk(track: media.track, chunk: media.chunk, timestamp: media.timestamp, payload: payload))
        case .dtmf:
            let dtmf = try required(self.dtmf, "dtmf")
            return .dtmf(
                sequenceNumber: try required(sequenceNumber, "sequenceNumber"), streamSid: try required(streamSid, "streamSid"),
                track: dtmf.track, digit: dtmf.digit)
        case .mark:
            return .mark(
                sequenceNumber: try required(sequenceNumber, "sequenceNumber"), streamSid: try required(streamSid, "streamSid"),
                name: try required(markName, "mark"))
        case .stop:
            let stop = self.stop ?? ("", "")
            return .stop(
                sequenceNumber: try required(sequenceNumber, "sequenceNumber"), streamSid: try required(streamSid, "streamSid"),
                accountSid: stop.accountSid, callSid: stop.callSid)
        }
    }

    private static func name(_ event: Event) -> String {
        switch event {
        case .connected: "connected"
        case .start: "start"
        case .media: "media"
        case .dtmf: "dtmf"
        case .mark: "mark"
        case .stop: "stop"
        }
    }
}
