import Foundation

/// A job kind as a worker runs it: the handler for one `JobParameters` type, its retry strategy and timeout.
/// Handlers must be idempotent (the queue delivers at least once) and must honour task cancellation, which is how
/// timeouts and shutdown stop them.
public struct JobDefinition<Parameters: JobParameters, Output: Codable & Sendable>: Sendable {
    public var retry: RetryStrategy
    public var timeout: Duration
    public var execute: @Sendable (Parameters, JobContext) async throws -> Output

    public init(
        _ parameters: Parameters.Type = Parameters.self,
        retry: RetryStrategy = RetryStrategy(),
        timeout: Duration = .seconds(60),
        execute: @escaping @Sendable (Parameters, JobContext) async throws -> Output
    ) {
        self.retry = retry
        self.timeout = timeout
        self.execute = execute
    }
}

/// A registered job with its types erased: bytes in, optional result bytes out.
struct JobHandler: Sendable {
    var name: String
    var queue: QueueName
    var retry: RetryStrategy
    var timeout: Duration
    /// Decodes the parameters (throwing `JobQueueError.undecodable`), runs the job, encodes its output when the
    /// result is kept.
    var run: @Sendable (_ parameters: [UInt8], _ context: JobContext) async throws -> [UInt8]

    init<Parameters, Output>(_ definition: JobDefinition<Parameters, Output>) {
        name = Parameters.jobName
        queue = Parameters.queue
        retry = definition.retry
        timeout = definition.timeout
        let execute = definition.execute
        // One coder pair per job type, shared by its runs (both are safe to use from many tasks at once).
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        run = { bytes, context in
            let parameters: Parameters
            do {
                parameters = try ParameterDecoder.decode(Parameters.self, from: bytes, fallback: decoder)
            } catch {
                throw JobQueueError.undecodable("parameters of \(Parameters.jobName): \(error)")
            }
            let output = try await execute(parameters, context)
            // The output is written only for callers that await the result.
            return context.keepsResult ? Array(try encoder.encode(output)) : []
        }
    }
}

/// Nothing to report: the output of jobs that only have effects.
public struct NoOutput: Codable, Sendable, Equatable {
    public init() {}
}
