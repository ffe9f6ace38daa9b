import Storage

extension ChatStore {
    /// Waits, at most `limit`, for the media workers to finish with files just uploaded, so the message stores
    /// their final metadata (dimensions, ThumbHash placeholder) as Autumn's clients expect it at send time. Files
    /// that are not found, or still processing at the deadline, are left for the claim to judge as they are.
    func awaitProcessing(fileIDs: [String], limit: Duration) async throws {
        guard !fileIDs.isEmpty else { return }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        var pending = fileIDs
        var pause = Duration.milliseconds(20)
        while true {
            var still: [String] = []
            for id in pending where try await metadata.file(id: id)?.processing == .pending { still.append(id) }
            pending = still
            guard !pending.isEmpty, clock.now < deadline else { return }
            try await Task.sleep(for: min(pause, deadline - clock.now))
            pause = min(pause * 2, .milliseconds(250))
        }
    }
}
