/// What the job queue reports to its callers.
public enum JobQueueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stream entry or delayed job that is not a job this code can read.
    case undecodable(String)
    /// A job name with no handler registered in this process.
    case unknownJob(String)
    /// The handler ran past the job's timeout.
    case timedOut(Duration)
    /// Nobody finished the awaited job in time.
    case resultTimedOut(JobID)
    /// The awaited job failed for good (its last error).
    case jobFailed(JobID, String)
    /// No dead job with that id.
    case noSuchDeadJob(String)
    /// A cron expression that does not parse.
    case invalidSchedule(String)

    public var description: String {
        switch self {
        case .undecodable(let reason): "undecodable job: \(reason)"
        case .unknownJob(let name): "no handler registered for job \"\(name)\""
        case .timedOut(let limit): "the job ran longer than its timeout of \(limit)"
        case .resultTimedOut(let id): "job \(id) did not finish in time"
        case .jobFailed(let id, let error): "job \(id) failed: \(error)"
        case .noSuchDeadJob(let id): "no dead job \(id)"
        case .invalidSchedule(let reason): "invalid schedule: \(reason)"
        }
    }
}
