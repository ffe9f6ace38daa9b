import Logging

/// Hooks around every run, for cross-cutting concerns (metrics, logging, tracing).
public protocol JobMiddleware: Sendable {
    func jobStarted(_ context: JobContext)
    func jobFinished(_ context: JobContext, outcome: JobOutcomeKind, duration: Duration, error: (any Error)?)
}

extension JobMiddleware {
    public func jobStarted(_ context: JobContext) {}
}

/// Counts runs and outcomes and records durations (`dcn_jobs_*`, `dcn_job_duration_seconds`).
public struct JobMetricsMiddleware: JobMiddleware {
    public init() {}

    public func jobStarted(_ context: JobContext) {
        JobMetrics.started(queue: context.queue, job: context.name)
    }

    public func jobFinished(_ context: JobContext, outcome: JobOutcomeKind, duration: Duration, error: (any Error)?) {
        JobMetrics.finished(queue: context.queue, job: context.name, outcome: outcome, duration: duration)
    }
}

/// One log line per run, with the job's id, attempt, outcome and duration.
public struct JobLogMiddleware: JobMiddleware {
    public init() {}

    public func jobFinished(_ context: JobContext, outcome: JobOutcomeKind, duration: Duration, error: (any Error)?) {
        var metadata: Logger.Metadata = [
            "attempt": "\(context.attempt)", "outcome": "\(outcome.rawValue)",
            "duration_ms": "\(Double(duration.wholeMicroseconds) / 1000)",
        ]
        if let error { metadata["error"] = "\(error)" }
        switch outcome {
        case .succeeded, .handedBack: context.logger.info("job finished", metadata: metadata)
        case .retrying: context.logger.warning("job failed; retrying", metadata: metadata)
        case .dead: context.logger.error("job failed for good", metadata: metadata)
        }
    }
}
