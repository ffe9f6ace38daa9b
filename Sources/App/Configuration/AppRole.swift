/// The parts of the service one process runs. `serve` runs them all; the role subcommands run one each, so they can
/// be scaled apart (front ends on many machines, workers where the CPUs are).
public enum AppRole: String, Sendable, CaseIterable {
    /// The Autumn file server (`/autumn/*`) and the internal files API.
    case files
    /// The January link proxy (`/january/*`): embeds and the media proxy.
    case proxy
    /// The GIF search proxy (`/gifbox/*`, `/gifs/*`): cached provider answers and mirrored media.
    case gifs
    /// The job worker: runs queued jobs (media, embeds, GIF mirroring, cleanup) as their handlers are registered.
    case worker
    /// Scheduled cleanup alone: a worker for `cleanup.sweep` only, firing it on `cleanup.schedule`.
    case cleanup
}
