import PostgresNIO
import SQLiteNIO

/// Recognises engine errors that callers turn into domain errors.
public enum StorageErrors {
    /// True for a UNIQUE / PRIMARY KEY violation on either engine.
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        if let pg = error as? PSQLError {
            return pg.serverInfo?[.sqlState] == "23505"
        }
        if let lite = error as? SQLiteError {
            return lite.reason == .constraint || lite.reason == .constraintUniqueFailed || lite.reason == .constraintPrimaryKeyFailed
        }
        return false
    }
}
