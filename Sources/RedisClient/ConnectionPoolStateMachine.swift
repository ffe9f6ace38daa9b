import DequeModule

/// The decisions of a bounded connection pool, free of I/O: callers feed it events and carry out the actions
/// it returns. Connections that fail to open push the next attempt back with jittered exponential backoff.
struct ConnectionPoolStateMachine<Connection> {
    /// What a caller asking for a connection must do next.
    enum LeaseAction {
        /// Use this idle connection.
        case use(Connection)
        /// Open a new connection (after waiting `delay`) and use it; report the result with `connected` or
        /// `connectFailed`.
        case connect(delay: Duration)
        /// The pool is at its bound: wait until `release` or a failure hands the waiter something.
        case wait
        /// The pool is shut down.
        case fail
    }

    /// What a caller must do with a waiter after a release or a failed connect.
    enum WaiterAction {
        case none
        /// Give this connection to the waiter.
        case hand(Connection, toWaiter: Int)
        /// Let the waiter open a new connection itself.
        case letConnect(waiter: Int, delay: Duration)
    }

    struct Backoff {
        var base: Duration
        var maximum: Duration
    }

    private(set) var idle: Deque<Connection> = []
    private(set) var leased = 0
    private(set) var connecting = 0
    private(set) var waiters: Deque<Int> = []
    private(set) var consecutiveFailures = 0
    private(set) var isShutDown = false
    let maximumConnections: Int
    let backoff: Backoff

    init(maximumConnections: Int, backoff: Backoff) {
        precondition(maximumConnections > 0)
        self.maximumConnections = maximumConnections
        self.backoff = backoff
    }

    private var open: Int { idle.count + leased + connecting }

    /// The pause before the next connection attempt: zero while connections succeed, then base × 2ⁿ⁻¹ capped at
    /// the maximum, scaled by `jitter` (expected in 0.5...1).
    func connectDelay(jitter: @autoclosure () -> Double) -> Duration {
        guard consecutiveFailures > 0 else { return .zero }
        let exponent = min(consecutiveFailures - 1, 20)
        let raw = backoff.base * (1 << exponent)
        return min(raw, backoff.maximum) * jitter()
    }

    /// `jitter` is asked for only when a connect is due. `preferring` picks among idle connections (the most
    /// recently returned one it accepts); when none is accepted, a new connection is opened if the bound allows and
    /// `openForPreference` is set, else the most recently returned one is used.
    mutating func lease(
        waiter: Int,
        jitter: @autoclosure () -> Double,
        preferring preferred: (Connection) -> Bool = { _ in true },
        openForPreference: Bool = false
    ) -> LeaseAction {
        if isShutDown { return .fail }
        if !idle.isEmpty {
            if let index = idle.lastIndex(where: preferred) {
                leased += 1
                return .use(idle.remove(at: index))
            }
            if !openForPreference || open >= maximumConnections {
                leased += 1
                return .use(idle.removeLast())
            }
        }
        if open < maximumConnections {
            connecting += 1
            return .connect(delay: connectDelay(jitter: jitter()))
        }
        waiters.append(waiter)
        return .wait
    }

    /// A connection opened by a caller that got `.connect`; the caller uses it.
    mutating func connected() {
        connecting -= 1
        leased += 1
        consecutiveFailures = 0
    }

    /// A caller that got `.connect` could not open a connection; it reports the error to its own caller.
    mutating func connectFailed(jitter: @autoclosure () -> Double) -> WaiterAction {
        connecting -= 1
        consecutiveFailures += 1
        return nextWaiterConnects(jitter: jitter)
    }

    /// A leased connection comes back; a broken one is dropped and its place offered to a waiter.
    mutating func release(_ connection: Connection, reusable: Bool, jitter: @autoclosure () -> Double) -> WaiterAction {
        leased -= 1
        guard reusable, !isShutDown else { return nextWaiterConnects(jitter: jitter) }
        if let waiter = waiters.popFirst() {
            leased += 1
            return .hand(connection, toWaiter: waiter)
        }
        idle.append(connection)
        return .none
    }

    private mutating func nextWaiterConnects(jitter: () -> Double) -> WaiterAction {
        guard !isShutDown, open < maximumConnections, let waiter = waiters.popFirst() else { return .none }
        connecting += 1
        return .letConnect(waiter: waiter, delay: connectDelay(jitter: jitter()))
    }

    /// A waiter gave up (deadline or cancellation); returns false when it had already been served.
    mutating func cancelWaiter(_ waiter: Int) -> Bool {
        guard let index = waiters.firstIndex(of: waiter) else { return false }
        waiters.remove(at: index)
        return true
    }

    /// Closes the pool: returns the idle connections to close and the waiters to fail.
    mutating func shutDown() -> (close: [Connection], fail: [Int]) {
        isShutDown = true
        let result = (Array(idle), Array(waiters))
        idle.removeAll()
        waiters.removeAll()
        return result
    }
}
