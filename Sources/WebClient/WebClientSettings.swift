/// The web client's `web.*` settings and where it finds the other front ends.
public struct WebClientSettings: Sendable {
    /// A directory to serve the client from instead of the copy built into the binary (`web.root`), for working on
    /// the client without rebuilding; nil serves the built-in one.
    public var root: String?
    /// The name the client and its install manifest show (`web.name`).
    public var name: String
    /// Where the client finds the other front ends, as this process mounts them; same origin, so paths.
    public var endpoints: Endpoints

    public struct Endpoints: Sendable, Encodable {
        public var api: String
        public var autumn: String
        public var january: String
        public var gifbox: String
        public var ws: String

        public init(api: String, autumn: String, january: String, gifbox: String, ws: String) {
            self.api = api
            self.autumn = autumn
            self.january = january
            self.gifbox = gifbox
            self.ws = ws
        }
    }

    public init(root: String?, name: String, endpoints: Endpoints) {
        self.root = root
        self.name = name
        self.endpoints = endpoints
    }
}
