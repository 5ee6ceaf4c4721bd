/// Remembers the level of recent agent frames so that the agent's own voice,
/// echoed back by the caller's phone (typically 20 dB down, 100–300 ms late),
/// is not taken for the caller speaking.
struct EchoGate: Sendable {
    private var levels: [Float]
    private var next = 0
    private let margin: Float

    init(windowFrames: Int, marginDB: Float) {
        levels = Array(repeating: EchoGate.silenceDB, count: max(windowFrames, 1))
        margin = marginDB
    }

    static let silenceDB: Float = -96

    /// Records the level of the agent frame sent now (silence when none was sent).
    mutating func recordAgentFrame(levelDB: Float) {
        levels[next] = levelDB
        next = (next + 1) % levels.count
    }

    /// True when a caller frame at `levelDB` is loud enough not to be echo.
    func passes(callerLevelDB levelDB: Float) -> Bool {
        var loudest = EchoGate.silenceDB
        for level in levels where level > loudest { loudest = level }
        if loudest <= EchoGate.silenceDB + 1 { return true }
        return levelDB > loudest - margin
    }
}
