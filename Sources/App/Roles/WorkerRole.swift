import JobQueue

/// `worker`: runs the queued jobs of every role (media, embeds, GIF mirroring, cleanup); its HTTP port serves only
/// `/healthz`, `/readyz` and `/metrics`. It adds the queue's own probe (`discordination queue ping`).
enum WorkerRole: RoleDefinition {
    static let role = AppRole.worker
    static let summary = "Run the job worker without a front end."
    static let works = JobScope.everyRole

    static func registerJobs(in jobs: inout JobRegistration, _ parts: RoleParts) throws {
        BuiltInJobs.register(in: &jobs.registry, consumer: parts.configuration.jobs.consumerName)
    }
}
