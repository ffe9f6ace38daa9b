import Foundation
import Testing

@testable import ChatAPI

/// Revolt's permission numbers and algorithm, reproduced without a database.
@Suite struct PermissionCalculatorTests {
    typealias Facts = PermissionCalculator.ServerFacts

    @Test func theReferenceConstantsAreTheNamedBits() {
        let everyone: Permissions = [
            .changeNickname, .changeAvatar, .viewChannel, .readMessageHistory, .sendMessage, .inviteOthers,
            .sendEmbeds, .uploadFiles, .react, .connect, .speak, .video, .listen,
        ]
        #expect(everyone.rawValue == 77_014_766_592)
        #expect(Permissions.serverDefault == everyone)
        let directMessage = everyone.subtracting([.changeNickname, .changeAvatar]).union([.manageChannel, .masquerade])
        #expect(directMessage.rawValue == 77_283_196_929)
        #expect(Permissions([.sendMessage, .sendEmbeds, .masquerade, .react]).rawValue == 876_609_536)
        #expect(Permissions.all.rawValue == (1 << 52) - 1)
        #expect(Permissions.manageMessages.name == "ManageMessages")
        #expect(Permissions.named.count == 32)
    }

    @Test func ownersHaveEverythingAndStrangersNothing() {
        let owner = Facts(isOwner: true, isMember: true, defaultPermissions: [], roles: [])
        #expect(
            PermissionCalculator.channel(owner, .init(defaultOverride: .init(deny: Permissions.all.rawValue))) == .all)
        let stranger = Facts(isOwner: false, isMember: false, defaultPermissions: .serverDefault, roles: [])
        #expect(PermissionCalculator.server(stranger).isEmpty)
        #expect(PermissionCalculator.channel(stranger, .init()).isEmpty)
    }

    @Test func aMemberStartsFromTheServerDefault() {
        let member = Facts(isOwner: false, isMember: true, defaultPermissions: .serverDefault, roles: [])
        #expect(PermissionCalculator.server(member) == .serverDefault)
        #expect(PermissionCalculator.channel(member, .init()) == .serverDefault)
    }

    @Test func theHighestRoleIsAppliedLast() {
        // Rank 0 is the highest role: its deny wins over the lower role's allow.
        let high = PermissionCalculator.RankedRole(
            id: "high", rank: 0, permissions: .init(deny: Permissions.manageMessages.rawValue))
        let low = PermissionCalculator.RankedRole(
            id: "low", rank: 3, permissions: .init(allow: Permissions([.manageMessages, .kickMembers]).rawValue))
        let member = Facts(isOwner: false, isMember: true, defaultPermissions: .serverDefault, roles: [high, low])
        let permissions = PermissionCalculator.server(member)
        #expect(!permissions.contains(.manageMessages))
        #expect(permissions.contains(.kickMembers))
        #expect(permissions.rawValue == Permissions.serverDefault.rawValue | Permissions.kickMembers.rawValue)
    }

    @Test func channelOverridesComeAfterServerRolesInRankOrder() {
        let mods = PermissionCalculator.RankedRole(id: "mods", rank: 1, permissions: .init())
        let member = Facts(isOwner: false, isMember: true, defaultPermissions: .serverDefault, roles: [mods])
        // The channel is read-only for everyone but mods may send.
        let channel = PermissionCalculator.ChannelOverrides(
            defaultOverride: .init(deny: Permissions.sendMessage.rawValue),
            roleOverrides: ["mods": .init(allow: Permissions.sendMessage.rawValue)])
        #expect(PermissionCalculator.channel(member, channel).contains(.sendMessage))
        let everyone = Facts(isOwner: false, isMember: true, defaultPermissions: .serverDefault, roles: [])
        let readOnly = PermissionCalculator.channel(everyone, channel)
        #expect(!readOnly.contains(.sendMessage))
        #expect(readOnly.rawValue == Permissions.serverDefault.rawValue & ~Permissions.sendMessage.rawValue)
        // A role's server-wide allow does not beat the channel's default deny (Revolt's order).
        let senders = PermissionCalculator.RankedRole(
            id: "senders", rank: 2, permissions: .init(allow: Permissions.sendMessage.rawValue))
        let sender = Facts(isOwner: false, isMember: true, defaultPermissions: [], roles: [senders])
        let viewOnly = PermissionCalculator.ChannelOverrides(
            defaultOverride: .init(allow: Permissions.viewChannel.rawValue, deny: Permissions.sendMessage.rawValue))
        #expect(PermissionCalculator.channel(sender, viewOnly) == .viewChannel)
    }

    @Test func withoutViewChannelThereIsNothing() {
        let member = Facts(isOwner: false, isMember: true, defaultPermissions: .serverDefault, roles: [])
        let hidden = PermissionCalculator.ChannelOverrides(
            defaultOverride: .init(deny: Permissions.viewChannel.rawValue))
        #expect(PermissionCalculator.channel(member, hidden).isEmpty)
    }

    @Test func aTimedOutMemberOnlyViewsAndReads() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        var member = Facts(
            isOwner: false, isMember: true, defaultPermissions: .serverDefault, roles: [],
            timedOutUntil: now.addingTimeInterval(60))
        #expect(PermissionCalculator.channel(member, .init(), now: now) == [.viewChannel, .readMessageHistory])
        member.timedOutUntil = now.addingTimeInterval(-1)
        #expect(PermissionCalculator.channel(member, .init(), now: now) == .serverDefault)
    }

    @Test func privateChannels() {
        #expect(PermissionCalculator.savedMessages(isOwner: true) == .all)
        #expect(PermissionCalculator.savedMessages(isOwner: false).isEmpty)
        #expect(PermissionCalculator.directMessage(isRecipient: true).rawValue == 77_283_196_929)
        #expect(PermissionCalculator.directMessage(isRecipient: false).isEmpty)
        #expect(PermissionCalculator.group(isOwner: false, isRecipient: true, permissions: nil) == .directMessage)
        let readOnly = PermissionCalculator.group(isOwner: false, isRecipient: true, permissions: [])
        #expect(readOnly == [.viewChannel, .readMessageHistory])
        #expect(PermissionCalculator.group(isOwner: false, isRecipient: false, permissions: .all).isEmpty)
    }

    @Test func overridesTravelAsAAndD() throws {
        let override = PermissionOverride(allow: 5, deny: 2)
        let json = String(decoding: try JSONEncoder().encode(override), as: UTF8.self)
        #expect(json.contains("\"a\":5") && json.contains("\"d\":2"))
        #expect(Permissions(rawValue: 7).applying(override).rawValue == 5)
    }
}
