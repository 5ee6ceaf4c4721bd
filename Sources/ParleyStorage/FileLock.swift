#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyCore

/// An exclusive advisory lock on a file (flock), held until `release()` or process exit.
/// Used so two server processes never share one SQLite file.
public final class FileLock: Sendable {
    private let fd: Int32
    public let path: String

    public init(path: String, purpose: String) throws(ParleyError) {
        self.path = path
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ParleyError(.storage, "cannot open lock file \(path): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            close(fd)
            if err == EWOULDBLOCK {
                throw ParleyError(.storage, "\(purpose) is already in use by another Parley process (lock \(path) is held). Stop that process first, or use a different --data-dir.")
            }
            throw ParleyError(.storage, "cannot lock \(path): \(String(cString: strerror(err)))")
        }
        self.fd = fd
    }

    public func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
