import Metrics

/// The queue's metrics, through swift-metrics (the process bootstraps the backend; `/metrics` serves it).
enum JobMetrics {
    static func enqueued(queue: QueueName, job: String, count: Int = 1) {
        Counter(label: "dcn_jobs_enqueued_total", dimensions: [("queue", queue.rawValue), ("job", job)])
            .increment(by: count)
    }

    static func started(queue: QueueName, job: String) {
        Counter(label: "dcn_jobs_started_total", dimensions: [("queue", queue.rawValue), ("job", job)]).increment()
    }

    static func finished(queue: QueueName, job: String, outcome: JobOutcomeKind, duration: Duration) {
        let dimensions = [("queue", queue.rawValue), ("job", job)]
        switch outcome {
        case .succeeded:
            Counter(label: "dcn_jobs_succeeded_total", dimensions: dimensions).increment()
        case .retrying:
            Counter(label: "dcn_jobs_failed_total", dimensions: dimensions).increment()
            Counter(label: "dcn_jobs_retried_total", dimensions: dimensions).increment()
        case .dead:
            Counter(label: "dcn_jobs_failed_total", dimensions: dimensions).increment()
            Counter(label: "dcn_jobs_dead_total", dimensions: dimensions).increment()
        case .handedBack:
            Counter(label: "dcn_jobs_handed_back_total", dimensions: dimensions).increment()
        }
        Timer(label: "dcn_job_duration_seconds", dimensions: dimensions).record(duration: duration)
    }

    /// Enqueue to start, for first runs of jobs that were due at once.
    static func waited(queue: QueueName, microseconds: Int64) {
        Timer(label: "dcn_job_wait_seconds", dimensions: [("queue", queue.rawValue)])
            .recordNanoseconds(max(microseconds, 0) * 1000)
    }

    static func reclaimed(queue: QueueName, count: Int) {
        Counter(label: "dcn_jobs_reclaimed_total", dimensions: [("queue", queue.rawValue)]).increment(by: count)
    }

    static func depth(_ stats: QueueStats) {
        for (state, value) in [
            ("waiting", stats.waiting), ("pending", stats.pending), ("delayed", stats.delayed), ("dead", stats.dead),
        ] {
            Gauge(label: "dcn_queue_jobs", dimensions: [("queue", stats.queue.rawValue), ("state", state)])
                .record(value)
        }
    }
}

/// How one run of a job ended.
public enum JobOutcomeKind: String, Sendable {
    case succeeded
    /// Failed, and queued again after a backoff.
    case retrying
    /// Failed for good: moved to the dead-letter stream.
    case dead
    /// Interrupted by shutdown and put back on the queue for another worker, not counted as an attempt.
    case handedBack = "handed_back"
}
