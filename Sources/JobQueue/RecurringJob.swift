import Foundation

/// A job enqueued on a cron schedule. Every worker process may list it; the scheduler lease and a per-job
/// "last slot fired" key in Redis make each slot fire once across all of them.
public struct RecurringJob: Sendable {
    public let name: String
    public let schedule: CronSchedule
    let queue: QueueName
    let jobName: String
    let parameters: [UInt8]

    /// `name` identifies the schedule in Redis; keep it stable across deployments.
    public init<Parameters: JobParameters>(_ name: String, schedule: CronSchedule, parameters: Parameters) throws {
        self.name = name
        self.schedule = schedule
        self.queue = Parameters.queue
        self.jobName = Parameters.jobName
        self.parameters = Array(try JSONEncoder().encode(parameters))
    }

    func header(forSlot slot: Int64) -> JobHeader {
        JobHeader(
            id: JobID(), name: jobName, queuedAt: WallClock.nowMicroseconds(), scheduledFor: slot, dueAt: slot)
    }
}
