/// The handlers a worker process runs, by job name.
public struct JobRegistry: Sendable {
    private(set) var handlers: [String: JobHandler] = [:]

    public init() {}

    public mutating func register<Parameters, Output>(_ definition: JobDefinition<Parameters, Output>) {
        precondition(handlers[Parameters.jobName] == nil, "job \(Parameters.jobName) registered twice")
        handlers[Parameters.jobName] = JobHandler(definition)
    }

    /// Registers a handler with the default retry strategy and timeout.
    public mutating func register<Parameters: JobParameters, Output: Codable & Sendable>(
        _ parameters: Parameters.Type,
        retry: RetryStrategy = RetryStrategy(),
        timeout: Duration = .seconds(60),
        execute: @escaping @Sendable (Parameters, JobContext) async throws -> Output
    ) {
        register(JobDefinition(parameters, retry: retry, timeout: timeout, execute: execute))
    }

    /// The queues that have at least one handler here: the ones this process works.
    public var queues: [QueueName] {
        Set(handlers.values.map(\.queue)).sorted { $0.rawValue < $1.rawValue }
    }

    public var jobNames: [String] { handlers.keys.sorted() }

    func handler(named name: String) -> JobHandler? { handlers[name] }
}
