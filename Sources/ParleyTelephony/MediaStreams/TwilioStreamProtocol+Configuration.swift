import ParleyCore
extension TwilioStreamProtocol {
    /// Limits of one stream; the defaults fit Twilio's documented behaviour.
    public struct Configuration: Sendable {
        /// Largest text frame accepted, in bytes.
        public var maxFrameBytes = TwilioStreamMessage.defaultMaxFrameBytes
        /// μ-law bytes in one 20 ms frame at 8 kHz; payloads are whole multiples of it.
        public var bytesPerFrame = 160
        /// Most frames one media message may carry (10 = 200 ms).
        public var maxFramesPerMessage = 10
        /// How long `start` may take after the WebSocket opened.
        public var startTimeout: Duration = .seconds(10)
        /// How long Twilio may stay silent while streaming (it sends media every 20 ms, silence included).
        public var idleTimeout: Duration = .seconds(15)
        /// Marks awaiting their echo beyond this many are forgotten, oldest first.
        public var maxPendingMarks = 256

        public init() {}
    }
}
