import Prometheus
import Synchronization

/// Prometheus collectors for the HTTP layer and the database pool, exposed at /metrics.
public final class APIMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let requestCounters = Mutex<[String: Counter]>([:])
    private let latencyHistograms = Mutex<[String: DurationHistogram]>([:])
    private let poolInUse: Gauge
    private let poolWaiting: Gauge
    private let poolSize: Gauge

    static let buckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        poolInUse = registry.makeGauge(descriptor: .init(namespace: "parley", metricName: "db_pool_connections_in_use", unitName: "count", helpText: "Database connections currently leased"))
        poolWaiting = registry.makeGauge(descriptor: .init(namespace: "parley", metricName: "db_pool_waiters", unitName: "count", helpText: "Callers waiting for a database connection"))
        poolSize = registry.makeGauge(descriptor: .init(namespace: "parley", metricName: "db_pool_connections", unitName: "count", helpText: "Database connections in the pool"))
    }

    /// Counts one request and records its latency, labelled by route template (not raw path).
    func record(method: String, route: String, status: Int, duration: Duration) {
        let key = "\(method) \(route) \(status)"
        let counter = requestCounters.withLock { c -> Counter in
            if let existing = c[key] { return existing }
            let made = registry.makeCounter(
                descriptor: .init(namespace: "parley", metricName: "http_requests", unitName: "total", helpText: "HTTP requests by route and status"),
                labels: [("method", method), ("route", route), ("status", String(status))])
            c[key] = made
            return made
        }
        counter.increment()
        let hkey = "\(method) \(route)"
        let histogram = latencyHistograms.withLock { h -> DurationHistogram in
            if let existing = h[hkey] { return existing }
            let made = registry.makeDurationHistogram(
                descriptor: .init(namespace: "parley", metricName: "http_request_duration", unitName: "seconds", helpText: "HTTP request latency"),
                labels: [("method", method), ("route", route)], buckets: Self.buckets)
            h[hkey] = made
            return made
        }
        histogram.record(duration)
    }

    func updatePool(inUse: Int, waiting: Int, size: Int) {
        poolInUse.set(to: Double(inUse))
        poolWaiting.set(to: Double(waiting))
        poolSize.set(to: Double(size))
    }
}
