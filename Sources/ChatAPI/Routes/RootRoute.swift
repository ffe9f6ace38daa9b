import Foundation
import HTTPSupport
import Hummingbird
import Identity

/// `GET /api/`: Revolt's node description, from which clients discover the file server, the link proxy and the
/// gateway; and `GET /api/openapi.json`, the API's OpenAPI document.
struct RootRoute<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct Node: Encodable, Sendable {
        var revolt: String
        var features: Features
        var ws: String
        var app: String
        var vapid: String
        var build: Build
    }

    struct Features: Encodable, Sendable {
        var captcha: Captcha
        var email: Bool
        var inviteOnly: Bool
        var autumn: Service
        var january: Service
        var livekit: Voice

        enum CodingKeys: String, CodingKey {
            case captcha, email
            case inviteOnly = "invite_only"
            case autumn, january, livekit
        }
    }

    struct Captcha: Encodable, Sendable {
        var enabled: Bool
        var key: String
    }

    struct Service: Encodable, Sendable {
        var enabled: Bool
        var url: String
    }

    struct Voice: Encodable, Sendable {
        var enabled: Bool
        var url: String
        var ws: String
        var nodes: [String]
    }

    struct Build: Encodable, Sendable {
        var commitSHA: String
        var commitTimestamp: String
        var semver: String
        var originURL: String
        var timestamp: String

        enum CodingKeys: String, CodingKey {
            case commitSHA = "commit_sha"
            case commitTimestamp = "commit_timestamp"
            case semver
            case originURL = "origin_url"
            case timestamp
        }
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("") { _, _ in JSONBody(node) }
        let document = OpenAPIDocument.make(prefix: chat.settings.pathPrefix, version: chat.settings.node.version)
        group.get("openapi.json") { _, _ in JSONBody(document) }
    }

    var node: Node {
        let description = chat.settings.node
        return Node(
            revolt: description.version,
            features: Features(
                captcha: Captcha(enabled: false, key: ""), email: false,
                inviteOnly: chat.settings.registration == .inviteOnly,
                autumn: Service(enabled: !description.autumnURL.isEmpty, url: description.autumnURL),
                january: Service(enabled: !description.januaryURL.isEmpty, url: description.januaryURL),
                livekit: Voice(enabled: description.livekit, url: "", ws: "", nodes: [])),
            ws: description.websocketURL,
            app: description.appURL,
            vapid: "",
            build: Build(
                commitSHA: "", commitTimestamp: "", semver: description.version,
                originURL: "https://github.com/discordination/discordination", timestamp: ""))
    }
}
