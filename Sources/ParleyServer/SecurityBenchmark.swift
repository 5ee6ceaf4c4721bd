import Crypto
import Foundation
import ParleyCore
import ParleyKeyring

/// `parley bench security`: streaming encryption and blind-index throughput on one core.
public struct SecurityBenchmark: Sendable {
    public var megabytes: Int

    public init(megabytes: Int = 512) { self.megabytes = megabytes }

    public func run(report: @Sendable (String) -> Void) throws {
        let key = SymmetricKey(size: .bits256)
        let chunk = [UInt8](repeating: 0x5a, count: 64 * 1024)
        var encryptor = StreamEncryptor(key: key)
        var bytesOut = 0
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<(megabytes * 16) {
            bytesOut += try encryptor.append(chunk).count
        }
        bytesOut += try encryptor.finish().count
        let seconds = (clock.now - start).secondsDouble
        report(String(format: "stream encryption: %.0f MB/s (%d MiB in 64 KiB segments, AES-256-GCM, one core)", Double(megabytes) * 1.048576 / seconds, megabytes))

        // Decryption reads what was just measured, from memory.
        var stream = encryptor.headerBytes
        var enc2 = StreamEncryptor(key: key)
        stream = enc2.headerBytes
        for _ in 0..<(64 * 16) { stream += try enc2.append(chunk) }
        stream += try enc2.finish()
        var offset = 0
        let dstart = clock.now
        var plain = 0
        try StreamDecryptor(key: key) { n in
            let end = min(offset + n, stream.count)
            defer { offset = end }
            return Array(stream[offset..<end])
        }.decrypt { plain += $0.count }
        report(String(format: "stream decryption: %.0f MB/s (64 MiB)", Double(plain) / 1_000_000 / (clock.now - dstart).secondsDouble))

        let index = BlindIndex(orgKey: key)
        let count = 1_000_000
        // The numbers are made before the clock starts: only normalisation and hashing are timed.
        let numbers = (0..<10_000).map { "+1415555\(String($0).leftPadded(to: 4))" }
        let istart = clock.now
        var sink = 0
        for i in 0..<count {
            sink &+= try index.phone(numbers[i % 10_000]).utf8.count
        }
        let iseconds = (clock.now - istart).secondsDouble
        report(String(format: "blind index (phone, incl. normalisation): %.0f /s on one core (checksum %d)", Double(count) / iseconds, sink))
        _ = bytesOut
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
