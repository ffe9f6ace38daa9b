/// The roles, the parts of the service one process runs. `serve` runs them all; each has a subcommand of its own
/// that runs it alone, so front ends and workers scale apart. Each role is described once, by its `definition`:
/// adding a role is a case here, its definition file in `Roles/`, and its own target.
public enum AppRole: String, Sendable, CaseIterable {
    /// The Autumn file server (`/autumn/*`) and the internal files API.
    case files
    /// The January link proxy (`/january/*`): embeds and the media proxy.
    case proxy
    /// The GIF search proxy (`/gifbox/*`, `/gifs/*`): cached provider answers and mirrored media.
    case gifs
    /// The chat API (`/api/*`): accounts, servers, channels, members and messages, publishing events.
    case api
    /// The gateway (`/ws`): Revolt's Bonfire protocol, the events of every API process to every socket.
    case gateway
    /// The web client (`/`): the browser application, its modules and its service worker.
    case web
    /// The job worker: runs queued jobs (media, embeds, GIF mirroring, cleanup) as their handlers are registered.
    case worker
    /// Scheduled cleanup alone: a worker for `cleanup.sweep` only, firing it on `cleanup.schedule`.
    case cleanup

    public var definition: any RoleDefinition.Type {
        switch self {
        case .files: FilesRole.self
        case .proxy: ProxyRole.self
        case .gifs: GifsRole.self
        case .api: APIRole.self
        case .gateway: GatewayRole.self
        case .web: WebRole.self
        case .worker: WorkerRole.self
        case .cleanup: CleanupRole.self
        }
    }
}
