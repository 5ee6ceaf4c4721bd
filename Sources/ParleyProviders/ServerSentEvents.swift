/// Splits a `text/event-stream` body into the `data:` payloads of its events
/// (the WHATWG server-sent events format, as OpenAI-compatible APIs stream).
/// Bytes may arrive in any chunking; a payload is complete at a blank line.
struct ServerSentEvents: Sendable {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    /// Longest event accepted; a peer sending more is broken or hostile.
    let maximumEventBytes: Int

    init(maximumEventBytes: Int = 1 << 20) {
        self.maximumEventBytes = maximumEventBytes
    }

    /// Feeds bytes; returns the payloads of the events they completed.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(ProviderErrorBox) -> [String] {
        var events: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if let event = endLine() { events.append(event) }
            } else if byte != UInt8(ascii: "\r") {
                line.append(byte)
                if line.count + data.count > maximumEventBytes { throw .eventTooLarge(maximumEventBytes) }
            }
        }
        return events
    }

    private mutating func endLine() -> String? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard hasData else { return nil }
            let event = String(decoding: data, as: UTF8.self)
            data.removeAll(keepingCapacity: true)
            hasData = false
            return event
        }
        guard line.starts(with: Array("data:".utf8)) else { return nil }  // comments, event:, id:, retry:
        var value = line.dropFirst(5)
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        if hasData { data.append(UInt8(ascii: "\n")) }
        data.append(contentsOf: value)
        hasData = true
        return nil
    }
}
