import RedisClient
import ServiceLifecycle

/// Keeps the shared `RedisClient` for the process's lifetime and closes its connections on shutdown.
struct RedisClientService: Service {
    let client: RedisClient

    func run() async throws {
        try? await gracefulShutdown()
        await client.shutDown()
    }
}
