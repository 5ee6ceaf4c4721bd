import Foundation

extension SpeechWorkerPool {
    /// How the pool starts and bounds its workers.
    public struct Configuration: Sendable {
        /// The `.speech` directory made by `make speech`.
        public var speechDirectory: String
        /// Worker processes (each single-threaded). Default: one per core.
        public var workers: Int
        /// Requests allowed to wait for a free worker before new ones are refused.
        public var maximumQueued: Int
        /// Whisper model: `tiny.en` (default) or `base`.
        public var sttModel: String
        /// Time a worker may take to load its models and print READY.
        public var startupTimeout: Duration
        /// Time a single request may take before the worker is presumed hung and replaced.
        public var requestTimeout: Duration
        /// Extra environment for the workers (tests enable fault injection with it).
        public var environment: [String: String]
        /// Discard the workers' stderr (tests) instead of passing it through.
        public var quiet: Bool

        public init(
            speechDirectory: String,
            workers: Int = max(ProcessInfo.processInfo.activeProcessorCount, 1),
            maximumQueued: Int = 64,
            sttModel: String = "tiny.en",
            startupTimeout: Duration = .seconds(60),
            requestTimeout: Duration = .seconds(5),
            environment: [String: String] = [:],
            quiet: Bool = false
        ) {
            self.speechDirectory = speechDirectory
            self.workers = workers
            self.maximumQueued = maximumQueued
            self.sttModel = sttModel
            self.startupTimeout = startupTimeout
            self.requestTimeout = requestTimeout
            self.environment = environment
            self.quiet = quiet
        }

        /// The worker program inside the speech directory.
        public var executable: String {
            URL(fileURLWithPath: speechDirectory).appendingPathComponent("bin/parley-speech").path
        }
    }
}
