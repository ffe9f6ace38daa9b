import Dispatch

/// Runs the hub's reading of the events stream and its fan-out on a thread of their own, off the event loops. With
/// the loops as Swift's global executor the fan-out would otherwise run on the loop its Redis connection reads on,
/// taking turns with the writes to that loop's sockets; measured with `Benchmarks/gateway/run.sh 5000 20 10 300 10`:
/// 79,375 deliveries/s and 10.5 µs of server CPU per delivery on the loop, 108,349 and 8.2 µs on Swift's own pool.
final class FanOutExecutor: TaskExecutor, Sendable {
    static let shared = FanOutExecutor()

    private let queue = DispatchQueue(label: "discordination.gateway.fan-out")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
