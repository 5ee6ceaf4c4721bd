import Prometheus
import ParleyVoice

/// Prometheus collectors for calls: active calls, refused calls, late inbound frames, and each
/// latency stage of every turn as a histogram (recorded per turn, never per frame).
public final class CallMetrics: Sendable {
    let active: Gauge
    let started: Counter
    let refused: Counter
    let lateFrames: Counter
    let stages: [(name: String, histogram: DurationHistogram)]

    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1_200), .milliseconds(2_000), .milliseconds(5_000),
    ]

    public init(registry: PrometheusCollectorRegistry) {
        active = registry.makeGauge(descriptor: .init(namespace: "parley", metricName: "active_calls", unitName: "count", helpText: "Calls in progress"))
        started = registry.makeCounter(descriptor: .init(namespace: "parley", metricName: "calls_started", unitName: "total", helpText: "Calls started"))
        refused = registry.makeCounter(descriptor: .init(namespace: "parley", metricName: "calls_refused", unitName: "total",
                                                         helpText: "Calls refused by admission control (busy)"))
        lateFrames = registry.makeCounter(descriptor: .init(namespace: "parley", metricName: "late_frames", unitName: "total",
                                                            helpText: "Inbound media frames more than 60 ms behind the stream's clock"))
        stages = ["endpoint", "stt", "brain", "tts", "first_frame", "voice_to_voice"].map { stage in
            (stage, registry.makeDurationHistogram(
                descriptor: .init(namespace: "parley", metricName: "turn_stage_duration", unitName: "seconds",
                                  helpText: "Per-turn latency by stage (from end of caller speech for voice_to_voice)"),
                labels: [("stage", stage)], buckets: Self.buckets))
        }
    }

    func callStarted(active count: Int) {
        started.increment()
        active.set(to: Double(count))
    }

    func callEnded(active count: Int) { active.set(to: Double(count)) }

    func callRefused() { refused.increment() }

    func lateFrame() { lateFrames.increment() }

    /// Records the stages of a finished turn.
    func record(_ t: TurnTelemetry) {
        func since(_ a: MediaTime?, _ b: MediaTime?) -> Int64? {
            guard let a, let b else { return nil }
            return max(0, b.since(a))
        }
        let values: [Int64?] = [
            since(t.userSpeechEnd, t.endpoint), since(t.endpoint, t.sttFinal), since(t.sttFinal, t.firstBrainOutput),
            since(t.firstBrainOutput, t.firstTTSAudio), since(t.firstTTSAudio, t.firstFrameOut), t.voiceToVoiceMilliseconds,
        ]
        for (index, value) in values.enumerated() {
            if let value { stages[index].histogram.record(.milliseconds(value)) }
        }
    }
}
