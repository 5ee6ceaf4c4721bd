#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import ParleyCore

/// The master key in a file readable only by its owner (mode 0600), created on first run.
public struct FileKeyProvider: KeyProvider {
    public let path: String

    public init(path: String) { self.path = path }

    public var source: String { path }

    public func masterKey(createIfMissing: Bool) throws(ParleyError) -> SymmetricKey {
        var info = stat()
        if stat(path, &info) != 0 {
            guard createIfMissing else {
                throw ParleyError(.configuration, "the master key file \(path) is missing, but this database was encrypted with a master key. Restore the file (or set PARLEY_MASTER_KEY); without it the encrypted data cannot be read.")
            }
            return try create()
        }
        guard info.st_mode & 0o077 == 0 else {
            throw ParleyError(.configuration, "the master key file \(path) is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))); run `chmod 600 \(path)`")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParleyError(.configuration, "cannot read the master key file \(path)")
        }
        return try MasterKeyFormat.parse(String(decoding: data, as: UTF8.self), source: path)
    }

    private func create() throws(ParleyError) -> SymmetricKey {
        let (key, text) = MasterKeyFormat.generate()
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // O_EXCL: never overwrite a key another process just created.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ParleyError(.configuration, "cannot create the master key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array((text + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            unlink(path)
            throw ParleyError(.configuration, "cannot write the master key file \(path)")
        }
        return key
    }
}
