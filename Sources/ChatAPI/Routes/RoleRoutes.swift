import Foundation
import HTTPSupport
import Hummingbird
import Identity

/// Roles and server-wide permissions (`/servers/{id}/roles`, `/servers/{id}/permissions`). A member may only
/// create, change or hand out roles ranked below its own highest role.
struct RoleRoutes<Context: IdentityRequestContext>: Sendable {
    let chat: ChatDependencies

    struct Creation: Decodable {
        var name: String
        var rank: Int?
    }

    struct Edit: Decodable {
        var name: String?
        var colour: String?
        var hoist: Bool?
        var rank: Int?
        var remove: [String]?
    }

    /// `{permissions: {allow, deny}}` for a role, `{permissions: n}` for @everyone.
    struct OverrideBody: Decodable {
        var permissions: PermissionBody
    }

    /// Either form clients send: a bare integer, `{allow, deny}` or `{a, d}`.
    enum PermissionBody: Decodable {
        case value(UInt64)
        case override(PermissionOverride)

        struct Long: Decodable {
            var allow: UInt64
            var deny: UInt64
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(UInt64.self) {
                self = .value(value)
            } else if let long = try? container.decode(Long.self) {
                self = .override(PermissionOverride(allow: long.allow, deny: long.deny))
            } else {
                self = .override(try container.decode(PermissionOverride.self))
            }
        }

        var asOverride: PermissionOverride {
            switch self {
            case .value(let value): PermissionOverride(allow: value, deny: 0)
            case .override(let override): override
            }
        }
    }

    struct Created: Encodable, Sendable {
        var id: String
        var role: RoleObject
    }

    struct Ranks: Decodable {
        var ranks: [String]
    }

    struct RanksUpdate: Encodable, Sendable {
        var id: String
        var ranks: [String]
    }

    struct RoleUpdate: Encodable, Sendable {
        var id: String
        var roleID: String
        var data: RoleObject
        var clear: [String]

        enum CodingKeys: String, CodingKey {
            case id
            case roleID = "role_id"
            case data, clear
        }
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("servers/:server/roles") { request, context in try await create(request, context) }
        group.patch("servers/:server/roles/ranks") { request, context in try await reorder(request, context) }
        group.get("servers/:server/roles/:role") { _, context in
            let caller = try context.requireCaller()
            let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
            guard let role = access.server.roles?[try context.parameters.require("role")] else {
                throw APIError.notFound
            }
            return JSONBody(role)
        }
        group.patch("servers/:server/roles/:role") { request, context in try await edit(request, context) }
        group.delete("servers/:server/roles/:role") { _, context in
            let caller = try context.requireCaller()
            let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
            let roleID = try context.parameters.require("role")
            let role = try manageable(roleID, access)
            _ = role
            try await chat.store.deleteRole(serverID: access.server.id, roleID: roleID)
            await chat.publish(
                "ServerRoleDelete", ["id": access.server.id, "role_id": roleID], to: [.server(access.server.id)])
            return HTTPResponse.Status.noContent
        }
        group.put("servers/:server/permissions/:role") { request, context in try await setPermissions(request, context)
        }
    }

    /// A role the caller may manage: it exists, the caller has ManageRole and outranks it.
    func manageable(_ roleID: String, _ access: ServerAccess) throws -> RoleObject {
        guard let role = access.server.roles?[roleID] else { throw APIError.notFound }
        try access.require(.manageRole)
        if !access.isOwner, role.rank <= access.rank { throw APIError.notElevated }
        return role
    }

    func create(_ request: Request, _ context: Context) async throws -> JSONBody<Created> {
        let caller = try context.requireCaller()
        let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
        let body = try await request.decodeJSON(as: Creation.self, limit: chat.settings.maxBodyBytes)
        try access.require(.manageRole)
        guard (1...32).contains(body.name.count) else {
            throw APIError.failedValidation("name must be 1 to 32 characters")
        }
        var roles = access.server.roles ?? [:]
        guard roles.count < Self.maximumRoles else {
            throw APIError(.badRequest, "TooManyRoles", ["max": .int(Self.maximumRoles)])
        }
        let rank = body.rank ?? (roles.values.map(\.rank).max().map { $0 + 1 } ?? 0)
        if !access.isOwner, rank <= access.rank { throw APIError.notElevated }
        let id = ULID.make()
        let role = RoleObject(name: body.name, permissions: PermissionOverride(), rank: rank)
        roles[id] = role
        try await chat.store.saveRoles(
            serverID: access.server.id, roles: roles, defaultPermissions: access.server.defaultPermissions)
        await chat.publish(
            "ServerRoleUpdate", RoleUpdate(id: access.server.id, roleID: id, data: role, clear: []),
            to: [.server(access.server.id)])
        return JSONBody(Created(id: id, role: role))
    }

    func edit(_ request: Request, _ context: Context) async throws -> JSONBody<RoleObject> {
        let caller = try context.requireCaller()
        let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
        let roleID = try context.parameters.require("role")
        let body = try await request.decodeJSON(as: Edit.self, limit: chat.settings.maxBodyBytes)
        var role = try manageable(roleID, access)
        if let name = body.name {
            guard (1...32).contains(name.count) else {
                throw APIError.failedValidation("name must be 1 to 32 characters")
            }
            role.name = name
        }
        if let colour = body.colour {
            guard colour.count <= 128 else { throw APIError.failedValidation("colour is too long") }
            role.colour = colour
        }
        if body.remove?.contains("Colour") == true { role.colour = nil }
        if let hoist = body.hoist { role.hoist = hoist }
        if let rank = body.rank {
            if !access.isOwner, rank <= access.rank { throw APIError.notElevated }
            role.rank = rank
        }
        var roles = access.server.roles ?? [:]
        roles[roleID] = role
        try await chat.store.saveRoles(
            serverID: access.server.id, roles: roles, defaultPermissions: access.server.defaultPermissions)
        await chat.publish(
            "ServerRoleUpdate",
            RoleUpdate(id: access.server.id, roleID: roleID, data: role, clear: (body.remove ?? []).sorted()),
            to: [.server(access.server.id)])
        return JSONBody(role)
    }

    /// `PATCH /servers/{id}/roles/ranks {ranks}`: every role of the server, highest first; each gets its position as
    /// its rank. A member other than the owner may only move roles below its own highest role, to places below it.
    func reorder(_ request: Request, _ context: Context) async throws -> JSONBody<ServerObject> {
        let caller = try context.requireCaller()
        let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
        let body = try await request.decodeJSON(as: Ranks.self, limit: chat.settings.maxBodyBytes)
        try access.require(.manageRole)
        var roles = access.server.roles ?? [:]
        guard body.ranks.count == roles.count, Set(body.ranks) == Set(roles.keys) else {
            throw APIError.failedValidation("ranks must list every role of the server once")
        }
        for (rank, id) in body.ranks.enumerated() where roles[id]?.rank != rank {
            if !access.isOwner, (roles[id]?.rank ?? 0) <= access.rank || rank <= access.rank {
                throw APIError.notElevated
            }
            roles[id]?.rank = rank
        }
        try await chat.store.saveRoles(
            serverID: access.server.id, roles: roles, defaultPermissions: access.server.defaultPermissions)
        await chat.publish(
            "ServerRoleRanksUpdate", RanksUpdate(id: access.server.id, ranks: body.ranks),
            to: [.server(access.server.id)])
        var server = access.server
        server.roles = roles.isEmpty ? nil : roles
        return JSONBody(server)
    }

    /// `PUT /servers/{id}/permissions/{role}` sets a role's overrides; `…/default` sets @everyone's permissions.
    /// Answers the server.
    func setPermissions(_ request: Request, _ context: Context) async throws -> JSONBody<ServerObject> {
        let caller = try context.requireCaller()
        let access = try await chat.serverAccess(try context.parameters.require("server"), caller: caller)
        let target = try context.parameters.require("role")
        let body = try await request.decodeJSON(as: OverrideBody.self, limit: chat.settings.maxBodyBytes)
        try access.require(.managePermissions)
        var server = access.server
        let override = body.permissions.asOverride
        // No one grants what it does not have itself.
        if !access.isOwner, !access.permissions.isSuperset(of: Permissions(rawValue: override.allow)) {
            throw APIError.missingPermission(Permissions(rawValue: override.allow).subtracting(access.permissions))
        }
        if target == "default" {
            server.defaultPermissions = Permissions(rawValue: override.allow)
        } else {
            var role = try manageable(target, access)
            role.permissions = override
            server.roles?[target] = role
        }
        try await chat.store.saveRoles(
            serverID: server.id, roles: server.roles ?? [:], defaultPermissions: server.defaultPermissions)
        if target == "default" {
            await chat.publish(
                "ServerUpdate",
                UpdatePayload(id: server.id, data: ["default_permissions": server.defaultPermissions], clear: []),
                to: [.server(server.id)])
        } else if let role = server.roles?[target] {
            await chat.publish(
                "ServerRoleUpdate", RoleUpdate(id: server.id, roleID: target, data: role, clear: []),
                to: [.server(server.id)])
        }
        return JSONBody(server)
    }

    static var maximumRoles: Int { 200 }
}
