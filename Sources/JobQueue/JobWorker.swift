import Logging
import RedisClient
import ServiceLifecycle

/// The worker side of the queue as a `Service`: a processor per queue that has handlers here, plus the scheduler
/// loop. On graceful shutdown (SIGTERM) it stops pulling, lets running jobs finish within the grace period,
/// hands the rest back to the queue, and returns.
public struct JobWorker: Service {
    public let jobs: JobQueue
    public let registry: JobRegistry
    public let recurring: [RecurringJob]
    public let configuration: JobWorkerConfiguration
    let middleware: [any JobMiddleware]
    let executor: (any TaskExecutor)?
    let logger: Logger

    public init(
        jobs: JobQueue,
        registry: JobRegistry,
        recurring: [RecurringJob] = [],
        configuration: JobWorkerConfiguration = JobWorkerConfiguration(),
        middleware: [any JobMiddleware] = [JobMetricsMiddleware(), JobLogMiddleware()],
        executor: (any TaskExecutor)? = nil,
        logger: Logger = Logger(label: "jobs")
    ) {
        self.executor = executor
        self.jobs = jobs
        self.registry = registry
        self.recurring = recurring
        self.configuration = configuration
        self.middleware = middleware
        var logger = logger
        logger[metadataKey: "consumer"] = "\(configuration.consumerName)"
        self.logger = logger
    }

    /// With an `executor` (an `EventLoopTaskExecutor` on the loop the Redis client uses), every loop and job runs
    /// on that loop's thread, so a Redis round trip makes no thread hop; handlers that compute must then move
    /// their work to a thread pool, as the media handlers do. Without one, a process whose tasks run on event loops
    /// (`GlobalExecutor`) keeps the worker on one loop all the same (measured: 49k jobs/s spread over both loops of
    /// a process against 53k on one, two worker processes on two cores).
    public func run() async throws {
        let executor =
            self.executor ?? (GlobalExecutor.usesEventLoops ? EventLoopTaskExecutor(jobs.redis.loopForCaller) : nil)
        if let executor {
            await withTaskExecutorPreference(executor) { await runLoops() }
        } else {
            await runLoops()
        }
    }

    private func runLoops() async {
        let stop = StopSignal()
        logger.info(
            "job worker started",
            metadata: [
                "queues": "\(registry.queues.map(\.rawValue))", "jobs": "\(registry.jobNames)",
                "concurrency": "\(configuration.concurrency)",
            ])
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    for queue in registry.queues {
                        let processor = JobProcessor(
                            queue: queue, redis: jobs.redis, keys: jobs.keys, registry: registry,
                            settings: configuration, middleware: middleware, stop: stop, logger: logger)
                        group.addTask { await processor.run() }
                    }
                    let scheduler = JobScheduler(
                        jobs: jobs, workedQueues: registry.queues, recurring: recurring, settings: configuration,
                        stop: stop, logger: logger)
                    group.addTask { await scheduler.run() }
                }
            } onGracefulShutdown: {
                stop.stop()
            }
        } onCancel: {
            stop.stop()
        }
        logger.info("job worker stopped")
    }
}
