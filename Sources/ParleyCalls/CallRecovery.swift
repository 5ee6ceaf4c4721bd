import Logging
import ParleyCore
import ParleyKeyring

/// At start-up, before any call runs: every call still marked in progress died with the
/// previous process. Its recording is finished up to the last segment that reached the
/// disk (playable to the crash), and the call is closed with end reason `server_restart`.
public struct CallRecovery: Sendable {
    let calls: CallRepository
    let blobs: any BlobStore
    let clock: any WallClock
    let logger: Logger

    public init(calls: CallRepository, blobs: any BlobStore, clock: any WallClock, logger: Logger) {
        self.calls = calls
        self.blobs = blobs
        self.clock = clock
        self.logger = logger
    }

    /// Returns the number of calls closed.
    @discardableResult
    public func run() async throws -> Int {
        let unfinished = try await calls.unfinished()
        for call in unfinished {
            var bytes: Int64?
            if call.state == .spooling {
                let name = RecordingWriter.blobName(org: call.org, call: call.id)
                do {
                    if let key = try await calls.recordingKey(call.id, org: call.org), blobs.exists(name) {
                        bytes = Int64(try EncryptedBlobWriter.recover(store: blobs, name: name, key: key))
                    }
                } catch {
                    logger.error("recording of an interrupted call could not be recovered",
                                 metadata: ["call.id": .string(call.id), "error": .string("\(error)")])
                }
            }
            let record = try await calls.find(call.id, org: call.org)
            let now = clock.nowMicros()
            let duration = bytes.map { $0 / 4 * 1000 / Int64(record?.recordingSampleRate ?? 8_000) }
                ?? record.map { max(0, (now - $0.startedAt) / 1000) } ?? 0
            try await calls.finish(call.id, org: call.org, CallOutcome(
                endReason: "server_restart", endedAt: now, durationMilliseconds: duration, recordingBytes: bytes))
            logger.notice("closed a call interrupted by a restart", metadata: [
                "call.id": .string(call.id), "recording.bytes": .stringConvertible(bytes ?? 0)])
        }
        return unfinished.count
    }
}
