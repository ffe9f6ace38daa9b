import Testing

@testable import Gateway

/// The socket protocol as a state machine, without sockets.
@Suite struct GatewaySessionTests {
    @Test func authenticateThenReady() {
        var session = GatewaySession()
        #expect(session.received(.beginTyping(channel: "c")).isEmpty, "nothing before authentication")
        #expect(session.received(.authenticate(token: "t")) == [.authenticate(token: "t")])
        #expect(session.received(.authenticate(token: "again")).isEmpty, "a second Authenticate is ignored")
        #expect(session.authenticated(userID: "u") == [.send(#"{"type":"Authenticated"}"#), .sendReady(userID: "u")])
        #expect(session.state == .ready(userID: "u"))
        #expect(session.received(.beginTyping(channel: "c")) == [.startTyping(channel: "c")])
        #expect(session.received(.endTyping(channel: "c")) == [.stopTyping(channel: "c")])
        #expect(session.received(.unknown).isEmpty)
    }

    @Test func aBadTokenIsAnErrorAndAClose() {
        var session = GatewaySession()
        #expect(session.connected(token: "bad") == [.authenticate(token: "bad")])
        #expect(
            session.authenticated(userID: nil) == [
                .send(#"{"type":"Error","error":"InvalidSession"}"#), .close(code: 1008, reason: "InvalidSession"),
            ])
        #expect(session.state == .closed)
        #expect(session.received(.ping(data: "1")).isEmpty)
    }

    @Test func aSocketThatNeverAuthenticatesIsClosed() {
        let start = ContinuousClock.now
        var session = GatewaySession(now: start)
        #expect(session.tick(at: start + .seconds(9)).isEmpty)
        let closing = session.tick(at: start + .seconds(10))
        #expect(closing.count == 1)
        guard case .close(let code, _) = closing.first else { return }
        #expect(code == GatewaySession.CloseCode.authenticationTimeout)
        #expect(session.state == .closed)
    }

    @Test func aQuietSocketIsClosedAndPingsKeepItOpen() {
        let start = ContinuousClock.now
        var session = GatewaySession(now: start)
        _ = session.received(.authenticate(token: "t"), at: start)
        _ = session.authenticated(userID: "u")
        _ = session.received(.ping(data: "1"), at: start + .seconds(80))
        #expect(session.tick(at: start + .seconds(160)).isEmpty, "the ping at 80 s counts")
        guard case .close(let code, _) = session.tick(at: start + .seconds(171)).first else {
            Issue.record("no close after 91 s of silence")
            return
        }
        #expect(code == GatewaySession.CloseCode.idle)
    }

    @Test func aFloodIsClosedWithTheRateLimitCode() {
        let start = ContinuousClock.now
        var session = GatewaySession(limits: .init(messagesPerWindow: 5, rateWindow: .seconds(60)), now: start)
        for second in 0..<5 {
            #expect(session.received(.unknown, at: start + .seconds(second)).isEmpty, "within the allowance")
        }
        guard case .close(let code, _) = session.received(.unknown, at: start + .seconds(6)).first else {
            Issue.record("the sixth message in a minute was let through")
            return
        }
        #expect(code == GatewaySession.CloseCode.rateLimited)
        var later = GatewaySession(limits: .init(messagesPerWindow: 5, rateWindow: .seconds(60)), now: start)
        for second in stride(from: 0, to: 300, by: 20) {
            #expect(later.received(.unknown, at: start + .seconds(second)).isEmpty, "one message per 20 s is fine")
        }
    }

    /// Typing stops on its own 10 s after the last BeginTyping; renewals extend it without repeating the start.
    @Test func typingExpiresWithoutARenewal() {
        let start = ContinuousClock.now
        var session = GatewaySession(now: start)
        _ = session.received(.authenticate(token: "t"), at: start)
        _ = session.authenticated(userID: "u")
        #expect(session.received(.beginTyping(channel: "c"), at: start) == [.startTyping(channel: "c")])
        #expect(session.received(.beginTyping(channel: "c"), at: start + .seconds(5)).isEmpty, "a renewal")
        #expect(session.tick(at: start + .seconds(14)).isEmpty, "10 s after the renewal, not the start")
        #expect(session.tick(at: start + .seconds(15)) == [.stopTyping(channel: "c")])
        #expect(session.received(.endTyping(channel: "c"), at: start + .seconds(16)).isEmpty, "already stopped")
    }

    @Test func aReconnectingClientAsksToResume() {
        var session = GatewaySession()
        #expect(session.received(.authenticate(token: "t", resume: "1700-3")) == [.authenticate(token: "t")])
        #expect(
            session.authenticated(userID: "u") == [
                .send(#"{"type":"Authenticated"}"#), .resume(userID: "u", from: "1700-3"),
            ])
        var byQuery = GatewaySession()
        _ = byQuery.connected(token: "t", resume: "5-0")
        #expect(byQuery.authenticated(userID: "u").last == .resume(userID: "u", from: "5-0"))
        #expect(
            ClientMessage.decode(#"{"type":"Authenticate","token":"a","resume":"9-1"}"#)
                == .authenticate(token: "a", resume: "9-1"))
    }

    @Test func streamPositionsCompareAsNumbers() throws {
        let nine = try #require(StreamPosition("9-5"))
        let ten = try #require(StreamPosition("10-0"))
        #expect(nine < ten)
        #expect(StreamPosition("10-1")! > ten)
        #expect(StreamPosition("ten") == nil && StreamPosition("1-2-3") == nil && StreamPosition("") == nil)
        #expect(ten.description == "10-0")
    }

    @Test func aRevokedSessionIsToldAndClosed() {
        var session = GatewaySession()
        #expect(session.loggedOut().isEmpty, "not before Ready")
        _ = session.connected(token: "t")
        _ = session.authenticated(userID: "u")
        let actions = session.loggedOut()
        #expect(actions.first == .send(#"{"type":"Logout"}"#))
        #expect(actions.last == .close(code: GatewaySession.CloseCode.loggedOut, reason: "logged out"))
    }

    @Test func pingIsAnsweredWithTheSameData() {
        var session = GatewaySession()
        #expect(session.received(.ping(data: "42")) == [.send(#"{"type":"Pong","data":42}"#)])
        #expect(ClientMessage.decode(#"{"type":"Ping","data":"x"}"#) == .ping(data: #""x""#))
        #expect(ClientMessage.decode(#"{"type":"Ping","data":7}"#) == .ping(data: "7"))
    }

    @Test func framesAreReadAsBonfireReadsThem() {
        #expect(ClientMessage.decode(#"{"type":"Authenticate","token":"abc"}"#) == .authenticate(token: "abc"))
        #expect(ClientMessage.decode(#"{"type":"BeginTyping","channel":"c1"}"#) == .beginTyping(channel: "c1"))
        #expect(ClientMessage.decode(#"{"type":"Subscribe","server_id":"s1"}"#) == .subscribe(serverID: "s1"))
        for ignored in ["not json", "[]", #"{"type":"Launch"}"#, #"{"type":"Authenticate"}"#, #"{"token":"x"}"#] {
            #expect(ClientMessage.decode(ignored) == .unknown, "\(ignored)")
        }
    }

    /// A socket that does not keep up is cut off at its bound; the events already queued stay readable.
    @Test func aSlowSocketIsCutOffAtItsBound() async {
        let subscriber = Subscriber(userID: "u", following: Following(topics: ["channel:c"]), limit: 3)
        let event = HubEvent(type: "Message", topics: ["channel:c"], body: [])
        #expect((0..<3).allSatisfy { _ in subscriber.deliver(event) == .queued })
        #expect(subscriber.deliver(event) == .overflowed)
        #expect(subscriber.overflowed)
        #expect(subscriber.deliver(event) == .overflowed, "nothing more once cut off")
        var received = 0
        while subscriber.nextQueued() != nil {
            subscriber.consumed()
            received += 1
        }
        #expect(received == 3)
        #expect(subscriber.follows(any: ["server:s", "channel:c"]))
        subscriber.update { $0.unfollow(channel: "c") }
        #expect(!subscriber.follows(any: ["channel:c"]))
    }

    /// Past half of its byte budget a socket loses typing and presence first, keeps messages until the budget is
    /// spent, and is cut off at it; what it consumes frees the budget again.
    @Test func typingAndPresenceAreShedBeforeASocketIsCutOff() async {
        let subscriber = Subscriber(
            userID: "u", following: Following(topics: ["channel:c", "user:v"]), limit: 1000, byteLimit: 1000)
        let message = HubEvent(type: "Message", topics: ["channel:c"], body: [UInt8](repeating: 32, count: 300))
        let typing = HubEvent(
            type: "ChannelStartTyping", topics: ["channel:c"], body: [UInt8](repeating: 32, count: 40))
        let presence = HubEvent(
            type: "UserUpdate", topics: ["user:v"],
            body: HubEvent.presencePrefix + Array(#"true},"id":"v","type":"UserUpdate"}"#.utf8))
        let profile = HubEvent(type: "UserUpdate", topics: ["user:v"], body: Array(#"{"data":{"status":1}}"#.utf8))
        #expect(!profile.isEphemeral && presence.isEphemeral && typing.isEphemeral)

        #expect(subscriber.deliver(typing) == .queued, "an empty queue takes anything")
        #expect(subscriber.deliver(message) == .queued)
        #expect(subscriber.deliver(message) == .queued)  // 640 bytes: past half
        #expect(subscriber.deliver(typing) == .shed)
        #expect(subscriber.deliver(presence) == .shed)
        #expect(subscriber.deliver(profile) == .queued, "a profile change is not presence")
        #expect(subscriber.deliver(message) == .queued, "messages still fit: 962 of 1000 bytes")
        #expect(subscriber.deliver(message) == .overflowed, "past the budget")
        #expect(subscriber.overflowed)

        let roomy = Subscriber(userID: "u", following: Following(topics: ["channel:c"]), limit: 1000, byteLimit: 1000)
        for _ in 0..<2 { roomy.deliver(message) }
        #expect(roomy.deliver(typing) == .shed)
        #expect(roomy.nextQueued() != nil)
        roomy.consumed()
        #expect(roomy.deliver(typing) == .queued, "room again once the client reads")
    }

    /// Leaving a server drops its channels; a change of roles says which channels came into view and left it.
    @Test func followingServersAndTheirChannels() {
        var following = Following(topics: ["user:u", "channel:dm"], servers: ["s": ["a", "b"]])
        #expect(following.contains("server:s") && following.contains("channel:a"))
        let (gained, lost) = following.setChannels(of: "s", to: ["b", "c"])
        #expect(gained == ["c"] && lost == ["a"])
        #expect(following.contains("channel:c") && !following.contains("channel:a"))
        #expect(following.setChannels(of: "elsewhere", to: ["x"]) == ([], []), "not a server it follows")
        following.follow(channel: "d", in: "s")
        following.unfollow(server: "s")
        #expect(following.topics == ["user:u", "channel:dm"])
    }
}
