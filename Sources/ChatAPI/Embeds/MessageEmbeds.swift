import Crypto
import EventBus
import Foundation
import JobQueue
import Logging
import SafeFetch
import Storage

/// The job queued after a message with links commits: get each link's embed from the link proxy's `embed.fetch`
/// work (cached and single-flight there), append the embeds to the message and publish `MessageAppend`.
public struct MessageEmbeds: JobParameters {
    public static let jobName = "message.embeds"
    public static let queue: QueueName = .chat

    public var messageID: String
    public var channelID: String
    public var urls: [String]

    public init(messageID: String, channelID: String, urls: [String]) {
        self.messageID = messageID
        self.channelID = channelID
        self.urls = urls
    }
}

/// The link proxy's `embed.fetch` job as this front end asks for it: the same job name, queue, parameters and
/// idempotency key, without importing the link proxy (front ends meet through the queue). A test in
/// `ChatAppTests` checks the two stay one contract.
public struct EmbedRequest: JobParameters {
    public static let jobName = "embed.fetch"
    public static let queue: QueueName = .fetch
    public var url: String

    public init(url: String) { self.url = url }

    /// One job per URL however many messages link it at once: the link proxy's key.
    public var idempotencyKey: String {
        "embed.fetch:" + Hex.encode(SHA256.hash(data: Data(url.utf8)))
    }
}

extension MessageEmbeds {
    /// Registers the handler in a worker. Failed or empty embeds are skipped; a message deleted meanwhile gets
    /// nothing.
    public static func register(
        in registry: inout JobRegistry, chat: ChatDependencies, wait: Duration = .seconds(15)
    ) {
        registry.register(MessageEmbeds.self, retry: .never, timeout: wait * 6) { job, _ in
            var embeds: [JSONValue] = []
            for url in job.urls.prefix(5) {
                let entry: JSONValue
                do {
                    let request = EmbedRequest(url: try FetchURL(parsing: url).description)
                    entry = try await chat.jobs.enqueueAndWait(
                        request, as: JSONValue.self,
                        options: JobOptions(idempotencyKey: request.idempotencyKey, uniqueFor: wait + .seconds(5)),
                        timeout: wait)
                } catch {
                    chat.logger.debug("no embed", metadata: ["url": "\(url)", "error": "\(error)"])
                    continue
                }
                // The link proxy's cache entry: `{"value": {"_0": embed}}` or `{"error": …}`.
                guard let embed = entry["value"]?["_0"], embed["type"]?.string != "None" else { continue }
                embeds.append(embed)
            }
            guard !embeds.isEmpty, try await chat.store.appendEmbeds(messageID: job.messageID, embeds) != nil else {
                return false
            }
            await chat.publish(
                "MessageAppend",
                Appended(id: job.messageID, channel: job.channelID, append: .init(embeds: embeds)),
                to: [.channel(job.channelID)])
            return true
        }
    }

    struct Appended: Encodable, Sendable {
        var id: String
        var channel: String
        var append: Append

        struct Append: Encodable, Sendable {
            var embeds: [JSONValue]
        }
    }
}
