/// Nearest-rank percentiles of a sample.
public struct Percentiles: Sendable {
    public let sorted: [Double]

    public init(_ values: [Double]) {
        sorted = values.sorted()
    }

    public var count: Int { sorted.count }

    /// `p` in 0…100; nil for an empty sample.
    public func at(_ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }

    public var largest: Double? { sorted.last }
}
