#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// CPU time and resident memory of a process from `/proc` (Linux), read between
/// measurement points so server and load generator are accounted separately.
public struct ProcessSample: Sendable {
    /// User + system CPU time, milliseconds (10 ms resolution with the usual 100 Hz ticks).
    public var cpuMilliseconds: Double
    /// Resident set size, bytes.
    public var residentBytes: Int64
    public var at: ContinuousClock.Instant

    /// `pid` nil: this process.
    public static func read(pid: Int32? = nil) -> ProcessSample? {
        let base = pid.map { "/proc/\($0)" } ?? "/proc/self"
        guard let stat = try? String(contentsOfFile: base + "/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: base + "/status", encoding: .utf8) else { return nil }
        // Fields after the command name, which is in parentheses and may contain spaces.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3); utime and stime are fields 14 and 15.
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        #if canImport(Glibc)
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        #else
        let ticks = 100.0
        #endif
        var rss: Int64 = 0
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            rss = (Int64(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1_024
        }
        return ProcessSample(cpuMilliseconds: (user + system) * 1_000 / ticks, residentBytes: rss, at: ContinuousClock.now)
    }
}
