#if canImport(Glibc)
import Glibc
#endif
import Foundation
import ParleyCore

/// Blobs as files under one directory (created 0700; files 0600).
public struct LocalBlobStore: BlobStore {
    public let root: String

    public init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    func path(_ name: String) throws(ParleyError) -> String {
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._/-".unicodeScalars.contains($0)) }
        guard !name.isEmpty, allowed, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
            throw ParleyError(.validationFailed, "invalid blob name '\(name.prefix(80))'")
        }
        return root + "/" + name
    }

    public func create(_ name: String) throws -> any BlobAppender {
        let p = try path(name)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ParleyError(.storage, "cannot create blob \(name): \(String(cString: strerror(errno)))") }
        return FileAppender(fd: fd, name: name)
    }

    public func append(to name: String, truncatingTo length: Int) throws -> any BlobAppender {
        let p = try path(name)
        let fd = open(p, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ParleyError(.storage, "cannot open blob \(name): \(String(cString: strerror(errno)))") }
        guard ftruncate(fd, off_t(length)) == 0, lseek(fd, 0, SEEK_END) >= 0 else {
            close(fd)
            throw ParleyError(.storage, "cannot truncate blob \(name)")
        }
        return FileAppender(fd: fd, name: name)
    }

    public func reader(_ name: String) throws -> any BlobReader {
        let p = try path(name)
        let fd = open(p, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ParleyError(.notFound, "blob \(name) not found") }
        return FileReader(fd: fd)
    }

    public func exists(_ name: String) -> Bool {
        (try? path(name)).map { FileManager.default.fileExists(atPath: $0) } ?? false
    }

    public func delete(_ name: String) throws {
        let p = try path(name)
        if unlink(p) != 0 && errno != ENOENT { throw ParleyError(.storage, "cannot delete blob \(name)") }
    }

    final class FileAppender: BlobAppender {
        let fd: Int32
        let name: String
        var closed = false

        init(fd: Int32, name: String) {
            self.fd = fd
            self.name = name
        }

        func write(_ bytes: [UInt8]) throws {
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ParleyError(.storage, "cannot write blob \(name): \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }

        func sync() throws {
            guard fdatasync(fd) == 0 else { throw ParleyError(.storage, "cannot sync blob \(name)") }
        }

        func close() throws {
            guard !closed else { return }
            closed = true
            Glibc.close(fd)
        }

        deinit { if !closed { Glibc.close(fd) } }
    }

    final class FileReader: BlobReader {
        let fd: Int32
        var closed = false

        init(fd: Int32) { self.fd = fd }

        func read(_ count: Int) throws -> [UInt8] {
            var out = [UInt8](repeating: 0, count: count)
            var got = 0
            while got < count {
                let n = out.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + got, count - got) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ParleyError(.storage, "cannot read blob: \(String(cString: strerror(errno)))")
                }
                if n == 0 { break }
                got += n
            }
            if got < count { out.removeSubrange(got...) }
            return out
        }

        func close() {
            guard !closed else { return }
            closed = true
            Glibc.close(fd)
        }

        deinit { if !closed { Glibc.close(fd) } }
    }
}
