import PostgresNIO
import SQLiteNIO

/// Whether the metadata database refused a statement because it would break a unique constraint (SQLite's
/// `SQLITE_CONSTRAINT_UNIQUE` / primary key, PostgreSQL's SQLSTATE 23505): a taken username, a reused nonce.
public func isUniqueViolation(_ error: any Error) -> Bool {
    if let error = error as? SQLiteError {
        return [.constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed].contains(error.reason)
            || error.message.contains("UNIQUE constraint failed")
    }
    if let error = error as? PSQLError {
        return error.serverInfo?[.sqlState] == "23505"
    }
    return false
}
