import ParleyVoice

/// Matches Deepgram's results to the utterances sent on one socket.
///
/// Each utterance occupies a span of the stream (Deepgram times results in seconds from the
/// start of the connection), so results are routed by time: a final result belongs to the
/// utterance whose span holds its end. An utterance is complete when a final result reaches
/// its end, when Deepgram answers its `Finalize` (`from_finalize`), or when a later
/// utterance hears back (results come in stream order). Pure: no I/O, no clock.
struct DeepgramUtteranceQueue: Sendable {
    struct Completed: Sendable, Equatable {
        var id: Int
        var transcription: Transcription
    }

    private struct Pending: Sendable {
        var id: Int
        var start: Double
        var end: Double
        var words: [String] = []
        var confidences: [Double] = []
        var heardBack = false

        var transcription: Transcription {
            let confidence = confidences.isEmpty ? nil : confidences.reduce(0, +) / Double(confidences.count)
            return Transcription(text: words.joined(separator: " "), confidence: confidence)
        }
    }

    /// Seconds of audio sent on the socket so far.
    private(set) var streamSeconds: Double = 0
    private var pending: [Pending] = []
    private var nextID = 0
    /// Deepgram reports offsets in milliseconds, rounded.
    private let tolerance = 0.02

    var isEmpty: Bool { pending.isEmpty }

    /// Registers an utterance of `seconds` of audio sent next; returns its id.
    mutating func enqueue(seconds: Double) -> Int {
        defer { nextID += 1 }
        pending.append(Pending(id: nextID, start: streamSeconds, end: streamSeconds + seconds))
        streamSeconds += seconds
        return nextID
    }

    /// Takes in one result; returns the utterances it completed, oldest first.
    mutating func receive(_ result: DeepgramResult) -> [Completed] {
        guard result.isFinal || result.fromFinalize else { return [] }  // interim guesses change
        guard let index = pending.firstIndex(where: { result.end <= $0.end + tolerance }) else { return [] }
        // A result for audio before this utterance's span belongs to one already given up on.
        if result.end <= pending[index].start + tolerance, result.end > 0 { return [] }
        let trimmed = result.transcript.trimmingWhitespace()
        if !trimmed.isEmpty {
            pending[index].words.append(trimmed)
            if let confidence = result.confidence { pending[index].confidences.append(confidence) }
        }
        pending[index].heardBack = true
        let done = result.fromFinalize || result.end >= pending[index].end - tolerance
        let count = done ? index + 1 : index
        let completed = pending.prefix(count).map { Completed(id: $0.id, transcription: $0.transcription) }
        pending.removeFirst(count)
        return completed
    }

    /// Gives up on an utterance (deadline, cancellation): what was heard of it, if anything.
    mutating func remove(_ id: Int) -> Transcription? {
        guard let index = pending.firstIndex(where: { $0.id == id }) else { return nil }
        let removed = pending.remove(at: index)
        return removed.heardBack ? removed.transcription : nil
    }

    /// The socket closed: every waiting utterance fails.
    mutating func removeAll() -> [Int] {
        defer { pending.removeAll() }
        return pending.map(\.id)
    }
}
