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
        #expect(session.authenticated(userID: nil) == [.send(#"{"type":"Error","error":"InvalidSession"}"#), .close])
        #expect(session.state == .closed)
        #expect(session.received(.ping(data: "1")).isEmpty)
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
        #expect((0..<3).allSatisfy { _ in subscriber.deliver(event) })
        #expect(!subscriber.deliver(event))
        #expect(subscriber.overflowed)
        #expect(!subscriber.deliver(event), "nothing more once cut off")
        var received = 0
        for await _ in subscriber.events { received += 1 }
        #expect(received == 3)
        #expect(subscriber.follows(any: ["server:s", "channel:c"]))
        subscriber.update { $0.unfollow(channel: "c") }
        #expect(!subscriber.follows(any: ["channel:c"]))
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
