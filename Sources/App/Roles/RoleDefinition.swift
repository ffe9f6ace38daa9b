import Gateway
import Hummingbird
import JobQueue
import ServiceLifecycle

/// Everything one role adds to a process, in one place: its routes, the handlers of the jobs its feature queues,
/// the services it runs beside the HTTP server, and its configuration section. `buildApplication` assembles any
/// set of roles from these, and the command line makes a subcommand of each.
public protocol RoleDefinition {
    static var role: AppRole { get }
    /// One line for the role's subcommand.
    static var summary: String { get }
    /// The role's keys, a section of their own in the configuration reference; nil when it has none.
    static var configuration: ConfigurationSection? { get }
    /// Which jobs a process running this role works on.
    static var works: JobScope { get }
    /// Refuses combinations of the role's values that each key's form alone allows; run for every role when the
    /// configuration loads (`serve`, `config check`), so a bad value stops start-up naming its key.
    static func validate(_ resolved: ResolvedConfiguration) throws(ConfigurationError)
    /// Mounts the role's routes (front ends).
    static func addRoutes(to router: Router<AppRequestContext>, _ parts: RoleParts) throws
    /// Mounts the role's WebSocket upgrades; true when it added any (the server then accepts upgrades).
    static func addWebSocketRoutes(to router: Router<GatewayRequestContext>, _ parts: RoleParts) throws -> Bool
    /// Registers the handlers of the jobs this role's feature queues. Called in every process that works on them
    /// (`works` of a role it runs), whether or not it also runs this role's front end.
    static func registerJobs(in jobs: inout JobRegistration, _ parts: RoleParts) throws
    /// Long-running services of the role, started with the HTTP server and stopped with it.
    static func services(_ parts: RoleParts) throws -> [any Service]
}

extension RoleDefinition {
    public static var configuration: ConfigurationSection? { nil }
    public static var works: JobScope { .none }
    public static func validate(_ resolved: ResolvedConfiguration) throws(ConfigurationError) {}
    public static func addRoutes(to router: Router<AppRequestContext>, _ parts: RoleParts) throws {}
    public static func addWebSocketRoutes(to router: Router<GatewayRequestContext>, _ parts: RoleParts) throws -> Bool {
        false
    }
    public static func registerJobs(in jobs: inout JobRegistration, _ parts: RoleParts) throws {}
    public static func services(_ parts: RoleParts) throws -> [any Service] { [] }
}

/// The jobs a process works on because it runs a role.
public enum JobScope: Sendable {
    /// None: a front end only queues.
    case none
    /// Every feature's jobs (`worker`).
    case everyRole
    /// Only the role's own jobs (`cleanup`).
    case ownRole
}

/// The job handlers and schedules a process's worker runs, as the roles register them.
public struct JobRegistration: Sendable {
    public var registry = JobRegistry()
    public var recurring: [RecurringJob] = []

    public init() {}
}
