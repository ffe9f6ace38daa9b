import JobQueue

/// The `media.*` jobs a worker runs for the file server.
public enum MediaJobs {
    /// `media.process`, retried with the default back-off when the stores fail (a file libvips cannot decode is
    /// marked `failed` and not retried); two minutes at most per upload. `media.resize` is not retried (a request is
    /// waiting for it, and falls back to the nearest stored size), and has one minute.
    public static func register(in registry: inout JobRegistry, processor: MediaProcessor) {
        registry.register(MediaProcess.self, timeout: .seconds(120)) { job, _ in
            try await processor.process(job)
            return true
        }
        registry.register(MediaResize.self, retry: .never, timeout: .seconds(60)) { job, _ in
            try await processor.resize(job)
        }
    }
}
