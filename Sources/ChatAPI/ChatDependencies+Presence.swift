import EventBus

extension ChatDependencies {
    /// `users` with `online` as the gateways record it now, so a client that learns of a user over HTTP (a member
    /// list, a page of history) shows the right presence; unchanged when Redis cannot say.
    func withPresence(_ users: [UserObject]) async -> [UserObject] {
        guard !users.isEmpty, let online = try? await presence.online(users.map(\.id)) else { return users }
        return users.map { user in
            var copy = user
            copy.online = online.contains(user.id)
            return copy
        }
    }

    func withPresence(_ user: UserObject) async -> UserObject {
        await withPresence([user]).first ?? user
    }
}
