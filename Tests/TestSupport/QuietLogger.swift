import Logging

extension Logger {
    /// A logger that prints critical messages only: for tests that cause failures on purpose (a Redis outage, a
    /// thousand requests timing out) and would otherwise fill the output.
    public static func quiet(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        return logger
    }
}
