/// Where a Media Streams WebSocket is in its life.
public enum TwilioStreamState: Sendable, Equatable {
    /// Nothing received yet; `connected` comes first.
    case awaitingConnected
    /// `connected` received; `start` comes next.
    case awaitingStart
    /// `start` accepted: media, DTMF and marks flow until `stop`.
    case streaming
    /// Twilio sent `stop`.
    case stopped
    /// A frame was refused; the driver closes the socket.
    case failed
}
