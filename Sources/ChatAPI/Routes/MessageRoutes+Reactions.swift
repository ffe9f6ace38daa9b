import EventBus
import Foundation
import HTTPSupport
import HTTPTypes
import Hummingbird
import Identity
import Storage

/// Reactions and pins of a message.
extension MessageRoutes {
    func react(_ context: Context) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        let existing = try await message(try context.parameters.require("message"), in: access)
        let emoji = try Self.emoji(try context.parameters.require("emoji"))
        try access.require(.react)
        guard existing.reactions?[emoji] != nil || (existing.reactions?.count ?? 0) < 20 else {
            throw APIError(.badRequest, "TooManyReactions", ["max": .int(20)])
        }
        let userID = caller.userID
        _ = try await chat.store.updateReactions(messageID: existing.id) { reactions in
            if !(reactions[emoji] ?? []).contains(userID) { reactions[emoji, default: []].append(userID) }
        }
        await chat.publish(
            "MessageReact", Reaction(id: existing.id, channelID: existing.channel, userID: userID, emojiID: emoji),
            to: [.channel(existing.channel)])
        return .noContent
    }

    /// Removes the caller's reaction, someone else's (`?user_id`, ManageMessages) or all of one emoji
    /// (`?remove_all=true`, ManageMessages).
    func unreact(_ request: Request, _ context: Context) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        let existing = try await message(try context.parameters.require("message"), in: access)
        let emoji = try Self.emoji(try context.parameters.require("emoji"))
        let parameters = request.uri.queryParameters
        let removeAll = parameters.get("remove_all") == "true"
        let userID = parameters.get("user_id") ?? caller.userID
        if removeAll || userID != caller.userID {
            try access.require(.manageMessages)
        } else {
            try access.require(.react)
        }
        _ = try await chat.store.updateReactions(messageID: existing.id) { reactions in
            if removeAll { reactions[emoji] = nil } else { reactions[emoji]?.removeAll { $0 == userID } }
        }
        if removeAll {
            await chat.publish(
                "MessageRemoveReaction", Reaction(id: existing.id, channelID: existing.channel, emojiID: emoji),
                to: [.channel(existing.channel)])
        } else {
            await chat.publish(
                "MessageUnreact",
                Reaction(id: existing.id, channelID: existing.channel, userID: userID, emojiID: emoji),
                to: [.channel(existing.channel)])
        }
        return .noContent
    }

    func clearReactions(_ context: Context) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        let existing = try await message(try context.parameters.require("message"), in: access)
        try access.require(.manageMessages)
        _ = try await chat.store.updateReactions(messageID: existing.id) { $0.removeAll() }
        await chat.publish(
            "MessageUpdate",
            Update(id: existing.id, channel: existing.channel, data: [String: String](), clear: ["Reactions"]),
            to: [.channel(existing.channel)])
        return .noContent
    }

    func pin(_ context: Context, _ pinned: Bool) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        let access = try await chat.channelAccess(try context.parameters.require("channel"), caller: caller)
        let existing = try await message(try context.parameters.require("message"), in: access)
        try access.require(.manageMessages)
        guard (existing.pinned ?? false) != pinned else {
            throw APIError(.badRequest, pinned ? "AlreadyPinned" : "NotPinned")
        }
        _ = try await chat.store.setPinned(messageID: existing.id, pinned)
        await chat.publish(
            "MessageUpdate",
            Update(
                id: existing.id, channel: existing.channel, data: pinned ? ["pinned": true] : [String: Bool](),
                clear: pinned ? [] : ["Pinned"]),
            to: [.channel(existing.channel)])
        return .noContent
    }

    /// A unicode emoji (up to 32 bytes, no spaces or slashes) or a custom emoji's ULID.
    static func emoji(_ text: String) throws -> String {
        let decoded = text.removingPercentEncoding ?? text
        guard !decoded.isEmpty, decoded.utf8.count <= 32, !decoded.contains(where: { $0.isWhitespace || $0 == "/" })
        else { throw APIError.failedValidation("not an emoji") }
        return decoded
    }
}
