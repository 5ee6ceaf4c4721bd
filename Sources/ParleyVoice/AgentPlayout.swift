/// The agent audio queued for one reply, in call-rate samples, with the text of
/// each sentence so an interrupted reply can be cut to what was actually heard.
struct AgentPlayout: Sendable {
    struct Segment: Sendable {
        var index: Int
        var text: String
        var samples: [Int16]
        var complete: Bool
        var readPosition = 0
    }

    private(set) var segments: [Segment] = []
    /// Fully played sentences of the current reply.
    private(set) var playedTexts: [String] = []
    private(set) var paused = false

    var isEmpty: Bool { segments.isEmpty }

    /// True while there are samples ready to play.
    var hasAudioReady: Bool {
        guard let first = segments.first else { return false }
        return first.readPosition < first.samples.count
    }

    /// Samples queued but not played yet.
    var remainingSamples: Int {
        segments.reduce(0) { $0 + $1.samples.count - $1.readPosition }
    }

    mutating func expect(index: Int, text: String) {
        segments.append(Segment(index: index, text: text, samples: [], complete: false))
    }

    mutating func append(index: Int, samples: [Int16]) {
        guard let position = segments.firstIndex(where: { $0.index == index }) else { return }
        segments[position].samples.append(contentsOf: samples)
    }

    mutating func finish(index: Int) {
        guard let position = segments.firstIndex(where: { $0.index == index }) else { return }
        segments[position].complete = true
    }

    mutating func setPaused(_ value: Bool) {
        paused = value
    }

    /// Copies the next frame into `frame`; returns false (and writes nothing)
    /// when paused or nothing is ready. A partial last frame is padded with silence.
    mutating func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        guard !paused else { return false }
        dropFinishedSegments()
        guard !segments.isEmpty, segments[0].readPosition < segments[0].samples.count else { return false }
        var written = 0
        while written < frame.count, !segments.isEmpty {
            let available = segments[0].samples.count - segments[0].readPosition
            if available == 0 {
                if segments[0].complete {
                    playedTexts.append(segments[0].text)
                    segments.removeFirst()
                    continue
                }
                break
            }
            let count = min(available, frame.count - written)
            segments[0].samples.withUnsafeBufferPointer { source in
                let start = segments[0].readPosition
                for offset in 0..<count {
                    frame[written + offset] = source[start + offset]
                }
            }
            segments[0].readPosition += count
            written += count
        }
        for offset in written..<frame.count { frame[offset] = 0 }
        dropFinishedSegments()
        return true
    }

    private mutating func dropFinishedSegments() {
        while let first = segments.first, first.complete, first.readPosition >= first.samples.count {
            playedTexts.append(first.text)
            segments.removeFirst()
        }
    }

    /// The text the caller heard: whole played sentences plus the played share
    /// of the current one (by its share of samples, cut at a word boundary).
    func heardText() -> String {
        var parts = playedTexts
        if let current = segments.first, current.readPosition > 0, !current.samples.isEmpty {
            let share = Double(current.readPosition) / Double(max(current.samples.count, 1))
            let words = current.text.split(separator: " ")
            let heard = Int((Double(words.count) * share).rounded(.down))
            if heard > 0 { parts.append(words.prefix(heard).joined(separator: " ")) }
        }
        return parts.joined(separator: " ")
    }

    /// The whole reply text queued so far.
    func fullText() -> String {
        (playedTexts + segments.map(\.text)).joined(separator: " ")
    }

    mutating func reset() {
        segments.removeAll(keepingCapacity: true)
        playedTexts.removeAll(keepingCapacity: true)
        paused = false
    }
}
