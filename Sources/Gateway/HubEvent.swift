import NIOCore
import Synchronization

/// One event as the hub hands it to a socket, with what every socket taking it unchanged needs made once, however
/// many sockets receive it: its text, the JSON frame with its `seq`, and the authors it names.
struct HubEvent: Sendable {
    /// The stream entry's id (`<milliseconds>-<n>`), empty for events made by the gateway itself.
    let id: String
    /// The id as a stream position; nil for events made by the gateway itself.
    let position: StreamPosition?
    let type: String
    let topics: [String]
    let body: [UInt8]
    let text: String
    /// The text frame every socket taking the event as it is gets: the body with `seq` first.
    let frame: SharedFrame
    /// The values of every `"author"` member, for messages: a message is adjusted on its author's own sockets.
    let authors: [String]
    /// A message as its author's own sockets see it (`relationship: "User"`), made by the first of them to ask.
    let ownerView = OwnerView()

    init(id: String = "", type: String, topics: [String], body: [UInt8]) {
        self.id = id
        position = StreamPosition(id)
        self.type = type
        self.topics = topics
        self.body = body
        text = String(decoding: body, as: UTF8.self)
        frame = SharedFrame(payload: ByteBuffer(string: GatewayConnection.withSequence(text, id)))
        authors = type == "Message" ? Self.values(of: #""author":""#, in: text) : []
    }

    /// The message with its embedded user as that user sees itself, and whose view it is; nil when it embeds none.
    /// Parsed and encoded once per event, whichever of the author's sockets asks first.
    func ownersView() -> OwnerView.View? {
        ownerView.value.withLock { cached in
            if let cached { return cached }
            let made = GatewayConnection.rewritingRelationship(of: body).map { userID, text in
                OwnerView.View(
                    userID: userID, text: text,
                    frame: SharedFrame(payload: ByteBuffer(string: GatewayConnection.withSequence(text, id))))
            }
            cached = .some(made)
            return made
        }
    }

    /// The text frame `userID`'s sockets get for this event when it needs no view of theirs worked out (most events:
    /// the shared frame; a message on its author's sockets: the author's view); nil when it does, or when the socket
    /// acts on the event itself (`Logout`).
    func frame(for userID: String) -> SharedFrame? {
        // A logout is acted on by the socket, not passed on as it is.
        guard type != "Logout" else { return nil }
        if GatewayConnection.passesUnchanged(self, to: userID) { return frame }
        guard type == "Message", let view = ownersView(), view.userID == userID else { return nil }
        return view.frame
    }

    /// Every string value that follows `key` (`"name":"`) in `text`.
    static func values(of key: String, in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let start = rest.range(of: key) {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            found.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return found
    }

    /// Typing and presence: worth nothing once late, so a socket falling behind loses them first.
    var isEphemeral: Bool {
        switch type {
        case "ChannelStartTyping", "ChannelStopTyping": true
        case "UserUpdate": body.starts(with: Self.presencePrefix)
        default: false
        }
    }

    /// How the gateway's own presence updates begin (`GatewayHub.presenceChange`).
    static let presencePrefix = Array(#"{"clear":[],"data":{"online":"#.utf8)
}

/// The once-made owner's view of one event, shared by every copy of it.
final class OwnerView: Sendable {
    struct View: Sendable {
        let userID: String
        let text: String
        /// The text with `seq`, as a frame.
        let frame: SharedFrame
    }

    let value = Mutex<View??>(nil)
}
