import Foundation
import SQLKit
import Storage

/// What a user's `Ready` is made of, read on one connection: the user, its memberships, their servers with their
/// channels and members, its private channels, and the users it knows through them.
struct ReadySnapshot: Sendable {
    struct Server: Sendable {
        var server: ServerObject
        var membership: MemberObject
        /// Every channel of the server, in the server's order (the caller keeps those the user may view).
        var channels: [ChannelObject]
        var memberIDs: [String]
    }

    var user: UserObject
    var memberships: [MemberObject]
    var servers: [Server]
    var privateChannels: [ChannelObject]
    /// The other members of its servers and recipients of its private channels.
    var knownUsers: [UserObject]
}

extension ChatStore {
    /// The snapshot of `userID`, nil when there is no such user. One connection lease and the same few queries however
    /// many servers the user is in: a reconnect storm builds thousands of these at once, and reading each part on a
    /// lease of its own (eight per one-server user) kept SQLite's single connection waiting between them.
    func readySnapshot(userID: String) async throws -> ReadySnapshot? {
        try await read { connection in
            guard let user = try await Self.user(id: userID, on: connection) else { return nil }
            let memberships = try await connection.raw("SELECT * FROM members WHERE user_id = \(bind: userID)")
                .all().map(MemberObject.init(row:))
            let servers = try await Self.servers(of: memberships, on: connection)
            let privateChannels = try await Self.privateChannels(userID: userID, on: connection)
            var known = Set(servers.flatMap(\.memberIDs))
            for channel in privateChannels { known.formUnion(channel.recipients ?? []) }
            known.remove(userID)
            let knownUsers =
                known.isEmpty
                ? []
                : try await connection.raw("SELECT * FROM users WHERE id IN (\(binds: Array(known)))").all().map(
                    UserObject.init(row:))
            return ReadySnapshot(
                user: user, memberships: memberships, servers: servers, privateChannels: privateChannels,
                knownUsers: knownUsers)
        }
    }

    /// The servers of `memberships` (in their order; a membership whose server is gone is skipped), each with its
    /// channels and members, in three queries.
    private static func servers(
        of memberships: [MemberObject], on connection: any SQLDatabase
    ) async throws -> [ReadySnapshot.Server] {
        let ids = memberships.map(\.id.server)
        guard !ids.isEmpty else { return [] }
        let rows = try await connection.raw("SELECT * FROM servers WHERE id IN (\(binds: ids))").all()
        var channels: [String: [ChannelObject]] = [:]
        for row in try await connection.raw(
            "SELECT * FROM channels WHERE server_id IN (\(binds: ids)) ORDER BY created_at, id"
        ).all() {
            let channel = try ChannelObject(row: row)
            channels[channel.server ?? "", default: []].append(channel)
        }
        var members: [String: [String]] = [:]
        for row in try await connection.raw(
            "SELECT server_id, user_id FROM members WHERE server_id IN (\(binds: ids)) ORDER BY joined_at, user_id"
        ).all() {
            members[try row.decode(column: "server_id", as: String.self), default: []].append(
                try row.decode(column: "user_id", as: String.self))
        }
        var byID: [String: ServerObject] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            byID[id] = try ServerObject(row: row, channels: (channels[id] ?? []).map(\.id))
        }
        return memberships.compactMap { membership in
            byID[membership.id.server].map {
                ReadySnapshot.Server(
                    server: $0, membership: membership, channels: channels[$0.id] ?? [],
                    memberIDs: members[$0.id] ?? [])
            }
        }
    }
}
