/// A point on a call's media clock, in milliseconds since the call started.
///
/// Media timestamps (Twilio's `timestamp`, RTP time, the offline frame counter)
/// drive every timer of a call session, so tests run on a virtual clock.
public struct MediaTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public static let zero = MediaTime(milliseconds: 0)

    public static func < (lhs: MediaTime, rhs: MediaTime) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }

    public static func + (lhs: MediaTime, rhs: Int64) -> MediaTime {
        MediaTime(milliseconds: lhs.milliseconds + rhs)
    }

    public static func - (lhs: MediaTime, rhs: Int64) -> MediaTime {
        MediaTime(milliseconds: lhs.milliseconds - rhs)
    }

    /// Milliseconds from `earlier` to `self`.
    public func since(_ earlier: MediaTime) -> Int64 {
        milliseconds - earlier.milliseconds
    }

    public var description: String { "\(milliseconds)ms" }
}
