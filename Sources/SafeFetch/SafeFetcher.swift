import NIOCore
import NIOHTTP1

/// The one way Discordination reaches the internet. Every hop is parsed and normalised, its host resolved once and
/// every address checked (`AddressClassifier`, the operator's lists), then connected to at exactly the address
/// checked; redirects are followed by hand and checked like the first URL; time, headers and body are bounded.
public struct SafeFetcher: Sendable {
    public let settings: SafeFetchSettings
    let resolver: any HostResolver
    let connector: any FetchConnector
    let admission: any HostAdmission

    public init(
        settings: SafeFetchSettings,
        resolver: any HostResolver = SystemResolver(),
        connector: any FetchConnector,
        admission: any HostAdmission = UnlimitedHostAdmission()
    ) {
        self.settings = settings
        self.resolver = resolver
        self.connector = connector
        self.admission = admission
    }

    /// Whether the URL's host is on the operator's allow-list (`proxy.allow`): their own network, trusted with
    /// plain http.
    public func isAllowListed(_ text: String) -> Bool {
        guard let url = try? FetchURL(parsing: text) else { return false }
        if settings.allow.matches(url.host) { return true }
        if case .address(let address) = url.host { return settings.allow.matches(address) }
        return false
    }

    /// The same fetcher without the per-host politeness limits (`proxy.host_concurrency`, `proxy.host_rate`), for
    /// requests to endpoints their owners chose to receive them (a bot's interactions URL): the address rules still
    /// apply; how many are in flight is bounded by the caller.
    public func withoutHostLimits() -> SafeFetcher {
        SafeFetcher(settings: settings, resolver: resolver, connector: connector, admission: UnlimitedHostAdmission())
    }

    /// The same fetcher with every fetch over within `total` (connect, send and answer), for callers with a
    /// deadline shorter than the operator's.
    public func limited(to total: Duration) -> SafeFetcher {
        var settings = settings
        settings.totalTimeout = min(settings.totalTimeout, total)
        settings.connectTimeout = min(settings.connectTimeout, total)
        return SafeFetcher(settings: settings, resolver: resolver, connector: connector, admission: admission)
    }

    private enum HopOutcome<Result: Sendable>: Sendable {
        case done(Result)
        case redirect(String)
    }

    /// Fetches `text` with GET and hands the final 2xx answer (any final answer with
    /// `FetchLimits.handlesErrorStatuses`) and its bounded body to `handle` while the connection is open.
    public func fetch<Result: Sendable>(
        _ text: String,
        limits: FetchLimits,
        _ handle: (FetchResponse, inout FetchBody) async throws -> Result
    ) async throws -> Result {
        let deadline = NIODeadline.now() + TimeAmount(settings.totalTimeout)
        var url = try FetchURL(parsing: text)
        for _ in 0...settings.maxRedirects {
            let hop = url
            let address = try await withDeadline(deadline) { try await pin(hop) }
            let slot = try await admission.admit(host: url.host.description, lease: settings.totalTimeout + .seconds(5))
            let outcome: HopOutcome<Result>
            do {
                outcome = try await connector.exchange(hopRequest(url, address, limits: limits, deadline: deadline)) {
                    head, body in
                    if [301, 302, 303, 307, 308].contains(head.status),
                        let location = head.headers.first(name: "location")
                    {
                        return .redirect(location)
                    }
                    let success = (200..<300).contains(head.status)
                    guard success || limits.handlesErrorStatuses else {
                        throw SafeFetchError.httpStatus(head.status)
                    }
                    let response = FetchResponse(url: url, head: head)
                    guard !success || limits.accepts(response.mediaType) else {
                        throw SafeFetchError.unsupportedContentType(
                            response.mediaType.isEmpty ? "none" : response.mediaType)
                    }
                    if let declared = response.declaredLength, declared > limits.maxBodyBytes, limits.overflow == .fail
                    {
                        throw SafeFetchError.tooLarge(limit: limits.maxBodyBytes)
                    }
                    body.limit = limits.maxBodyBytes
                    body.overflow = limits.overflow
                    return .done(try await handle(response, &body))
                }
            } catch {
                await admission.release(slot)
                if case .tooLarge = error as? SafeFetchError {
                    throw SafeFetchError.tooLarge(limit: limits.maxBodyBytes)
                }
                throw error
            }
            await admission.release(slot)
            switch outcome {
            case .done(let result): return result
            case .redirect(let location): url = try url.resolving(location)
            }
        }
        throw SafeFetchError.tooManyRedirects(settings.maxRedirects)
    }

    /// POSTs `body` to `text` under the same rules as a fetch (address checks, pinning, deadline, bounded answer)
    /// and reads the answer, whatever its status. Redirects are not followed: a 3xx is the answer (a webhook
    /// endpoint that redirects is refused by its caller, wherever it points).
    public func post(
        _ text: String, body: [UInt8], headers extra: [(String, String)], limits: FetchLimits
    ) async throws -> (status: Int, headers: HTTPHeaders, body: [UInt8]) {
        let deadline = NIODeadline.now() + TimeAmount(settings.totalTimeout)
        let url = try FetchURL(parsing: text)
        let address = try await withDeadline(deadline) { try await pin(url) }
        var request = hopRequest(url, address, limits: limits, deadline: deadline)
        request.method = .POST
        request.body = body
        for (name, value) in extra { request.headers.replaceOrAdd(name: name, value: value) }
        let slot = try await admission.admit(host: url.host.description, lease: settings.totalTimeout + .seconds(5))
        do {
            let answer = try await connector.exchange(request) { head, answer in
                answer.limit = limits.maxBodyBytes
                answer.overflow = limits.overflow
                return (head.status, head.headers, try await answer.collect())
            }
            await admission.release(slot)
            return answer
        } catch {
            await admission.release(slot)
            throw error
        }
    }

    /// Fetches `text` and reads its body into memory (bounded by `limits`).
    public func fetchBytes(_ text: String, limits: FetchLimits) async throws -> (FetchResponse, [UInt8]) {
        try await fetch(text, limits: limits) { response, body in (response, try await body.collect()) }
    }

    /// Every check a hop's URL must pass, and the one address it may be connected to.
    public func pin(_ url: FetchURL) async throws -> IPAddress {
        let allowed = settings.allow.matches(url.host)
        guard allowed || settings.allowedPorts.contains(url.port) else {
            throw SafeFetchError.blocked("port \(url.port) is not allowed")
        }
        guard !settings.deny.matches(url.host) else { throw SafeFetchError.blocked("the host is on the deny-list") }
        guard !settings.ownHosts.contains(url.host) else {
            throw SafeFetchError.blocked("the URL points at this service")
        }
        let addresses: [IPAddress]
        switch url.host {
        case .address(let address):
            addresses = [address]
        case .name(let name):
            if !allowed, name == "localhost" || name.hasSuffix(".localhost") || !name.contains(".") {
                throw SafeFetchError.blocked("local host names are not fetched")
            }
            addresses = try await resolver.addresses(of: name)
        }
        guard let first = addresses.first else { throw SafeFetchError.failed("the host has no address") }
        for address in addresses {
            guard !settings.deny.matches(address) else {
                throw SafeFetchError.blocked("the host resolves into a denied network")
            }
            if allowed || settings.allow.matches(address) { continue }
            if let reason = AddressClassifier.blockReason(address) {
                throw SafeFetchError.blocked("the host resolves to a \(reason) address")
            }
        }
        return first
    }

    private func hopRequest(
        _ url: FetchURL, _ address: IPAddress, limits: FetchLimits, deadline: NIODeadline
    )
        -> HopRequest
    {
        var headers = HTTPHeaders()
        headers.add(name: "User-Agent", value: settings.userAgent)
        headers.add(name: "Accept", value: limits.accept)
        headers.add(name: "Accept-Language", value: "en;q=0.9, *;q=0.5")
        return HopRequest(
            target: PinnedTarget(
                address: address, port: url.port, host: url.host, authority: url.authority, tls: url.isTLS
            ),
            path: url.target,
            headers: headers,
            connectTimeout: settings.connectTimeout,
            deadline: deadline,
            maxHeaderBytes: settings.maxHeaderBytes,
            maxDecompressedBytes: limits.maxBodyBytes + 256 * 1024
        )
    }

    private func withDeadline<Value: Sendable>(
        _ deadline: NIODeadline,
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let remaining = deadline - NIODeadline.now()
        guard remaining > .zero else { throw SafeFetchError.timedOut }
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: .nanoseconds(remaining.nanoseconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let value = try await group.next(), let value else { throw SafeFetchError.timedOut }
            return value
        }
    }
}
