import Testing

@testable import RedisClient

@Suite struct ConnectionPoolStateMachineTests {
    typealias Machine = ConnectionPoolStateMachine<String>
    let backoff = Machine.Backoff(base: .milliseconds(100), maximum: .seconds(1))

    @Test func opensUpToTheBoundThenQueuesWaiters() {
        var machine = Machine(maximumConnections: 2, backoff: backoff)
        guard case .connect(let delay) = machine.lease(waiter: 1, jitter: 1) else {
            Issue.record("first lease should connect")
            return
        }
        #expect(delay == .zero)
        machine.connected()
        guard case .connect = machine.lease(waiter: 2, jitter: 1) else {
            Issue.record("second lease should connect")
            return
        }
        machine.connected()
        guard case .wait = machine.lease(waiter: 3, jitter: 1) else {
            Issue.record("third lease should wait at the bound")
            return
        }
        // A reusable connection coming back goes straight to the waiter.
        guard case .hand("a", let waiter) = machine.release("a", reusable: true, jitter: 1) else {
            Issue.record("release should hand the connection to the waiter")
            return
        }
        #expect(waiter == 3)
        #expect(machine.leased == 2)
    }

    @Test func idleConnectionsAreReused() {
        var machine = Machine(maximumConnections: 1, backoff: backoff)
        _ = machine.lease(waiter: 1, jitter: 1)
        machine.connected()
        guard case .none = machine.release("a", reusable: true, jitter: 1) else {
            Issue.record("no waiter: the connection goes idle")
            return
        }
        guard case .use("a") = machine.lease(waiter: 2, jitter: 1) else {
            Issue.record("the idle connection should be reused")
            return
        }
    }

    @Test func brokenConnectionLetsAWaiterReconnect() {
        var machine = Machine(maximumConnections: 1, backoff: backoff)
        _ = machine.lease(waiter: 1, jitter: 1)
        machine.connected()
        _ = machine.lease(waiter: 2, jitter: 1)
        guard case .letConnect(waiter: 2, let delay) = machine.release("a", reusable: false, jitter: 1) else {
            Issue.record("a broken connection frees its place for the waiter")
            return
        }
        #expect(delay == .zero)
        #expect(machine.idle.isEmpty)
    }

    @Test func failedConnectsBackOffExponentiallyWithJitterAndReset() {
        var machine = Machine(maximumConnections: 1, backoff: backoff)
        var delays: [Duration] = []
        for attempt in 1...6 {
            guard case .connect(let delay) = machine.lease(waiter: attempt, jitter: 1) else {
                Issue.record("each lease after a failure should try to connect again")
                return
            }
            delays.append(delay)
            _ = machine.connectFailed(jitter: 1)
        }
        #expect(
            delays == [
                .zero, .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1),
            ])
        #expect(machine.connectDelay(jitter: 0.5) == .milliseconds(500))
        _ = machine.lease(waiter: 99, jitter: 1)
        machine.connected()
        #expect(machine.consecutiveFailures == 0)
        #expect(machine.connectDelay(jitter: 1) == .zero)
    }

    @Test func cancelledWaitersAreForgottenAndShutdownFailsTheRest() {
        var machine = Machine(maximumConnections: 1, backoff: backoff)
        _ = machine.lease(waiter: 1, jitter: 1)
        machine.connected()
        _ = machine.lease(waiter: 2, jitter: 1)
        _ = machine.lease(waiter: 3, jitter: 1)
        let cancelled = machine.cancelWaiter(2)
        let cancelledAgain = machine.cancelWaiter(2)
        #expect(cancelled)
        #expect(!cancelledAgain)
        let (close, fail) = machine.shutDown()
        #expect(close.isEmpty)
        #expect(fail == [3])
        guard case .fail = machine.lease(waiter: 4, jitter: 1) else {
            Issue.record("a shut-down pool refuses leases")
            return
        }
        // A connection returned after shutdown is not kept.
        guard case .none = machine.release("a", reusable: true, jitter: 1) else {
            Issue.record("nothing to hand out after shutdown")
            return
        }
        #expect(machine.idle.isEmpty)
    }

    /// An idle connection the caller prefers (one on its own loop) is chosen over more recent ones; with none, the
    /// caller opens its own while the bound allows, then takes what there is.
    @Test func preferredIdleConnectionsComeFirst() {
        var machine = Machine(maximumConnections: 3, backoff: backoff)
        for waiter in 1...2 {
            _ = machine.lease(waiter: waiter, jitter: 1)
            machine.connected()
        }
        _ = machine.release("a", reusable: true, jitter: 1)
        _ = machine.release("b", reusable: true, jitter: 1)
        guard case .use("a") = machine.lease(waiter: 3, jitter: 1, preferring: { $0 == "a" }) else {
            Issue.record("the preferred idle connection should be used")
            return
        }
        guard case .connect = machine.lease(waiter: 4, jitter: 1, preferring: { $0 == "c" }, openForPreference: true)
        else {
            Issue.record("below the bound, a caller with no preferred idle connection opens one")
            return
        }
        machine.connected()
        guard case .use("b") = machine.lease(waiter: 5, jitter: 1, preferring: { $0 == "d" }, openForPreference: true)
        else {
            Issue.record("at the bound, any idle connection serves")
            return
        }
    }
}
