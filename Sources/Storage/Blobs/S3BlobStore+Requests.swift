import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A response whose body was either read (`text`) or left to stream (`body`).
struct S3Response: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var text: Substring
    var body: HTTPClientResponse.Body
}

extension S3BlobStore {
    /// Sends one signed request, retrying with backoff when the store answers 5xx or 429 or cannot be reached.
    /// A status outside `expecting` becomes a `StorageError` naming S3's error code. With `streaming`, the body of
    /// a successful response is left unread for the caller.
    func send(
        _ method: HTTPMethod,
        key: String,
        query: [(String, String)] = [],
        headers: [String: String] = [:],
        body: ByteBuffer? = nil,
        expecting: Set<UInt>,
        streaming: Bool = false
    ) async throws -> S3Response {
        let url = configuration.url(forKey: key, query: query)
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = method
            // Small bodies are signed with their hash; parts go as UNSIGNED-PAYLOAD, as the AWS SDKs stream them.
            let payloadHash =
                body.map {
                    $0.readableBytes <= 1 << 20
                        ? SigV4Signer.sha256Hex(Array($0.readableBytesView)) : SigV4Signer.unsignedPayload
                } ?? SigV4Signer.emptyPayloadHash
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            let signed = signer.signedHeaders(
                method: method.rawValue, url: url, headers: headers, payloadHash: payloadHash
            )
            for (name, value) in signed { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(body) }
            let retryable: StorageError
            do {
                let response = try await httpClient.execute(request, timeout: TimeAmount(options.requestTimeout))
                if expecting.contains(response.status.code) {
                    if streaming { return S3Response(response, text: "") }
                    let text = try await response.body.collect(upTo: 16 << 20)
                    return S3Response(response, text: Substring(String(buffer: text)))
                }
                let text = Substring(String(buffer: try await response.body.collect(upTo: 1 << 20)))
                let error = Self.error(status: response.status, document: text, method: method, key: key)
                guard Self.isRetryable(response.status) else { throw error }
                retryable = error
            } catch let error as StorageError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                retryable = .unreachable("S3 endpoint \(configuration.endpoint.absoluteString): \(error)")
            }
            try Task.checkCancellation()
            guard attempt < options.maximumAttempts else { throw retryable }
            let ceiling = options.retryBaseDelay * (1 << min(attempt - 1, 10))
            let delay = Duration.milliseconds(Int64.random(in: 0...max(1, ceiling.wholeMillisecondsInStorage)))
            logger.debug(
                "S3 request will be retried",
                metadata: ["method": "\(method)", "key": "\(key)", "attempt": "\(attempt)", "error": "\(retryable)"]
            )
            try await Task.sleep(for: delay)
        }
    }

    static func isRetryable(_ status: HTTPResponseStatus) -> Bool {
        status.code >= 500 || status.code == 429
    }

    /// The `StorageError` for a refused request, from the status and S3's `<Code>`/`<Message>`.
    static func error(status: HTTPResponseStatus, document: Substring, method: HTTPMethod, key: String) -> StorageError
    {
        let code = S3XML.value("Code", in: document) ?? "\(status.code)"
        let message = S3XML.value("Message", in: document).map { ": \($0)" } ?? ""
        let what = "S3 \(method) \(key.isEmpty ? "(bucket)" : key) answered \(status.code) \(code)\(message)"
        switch (status.code, code) {
        case (403, _), (_, "InvalidAccessKeyId"), (_, "SignatureDoesNotMatch"): return .accessDenied(what)
        case (_, "NoSuchBucket"): return .missing(what)
        case (404, _): return .notFound(what)
        case (416, _): return .invalidRange(what)
        default: return .unreachable(what)
        }
    }

    /// S3 can answer 200 and still report a failure in the body (CompleteMultipartUpload, CopyObject).
    static func throwIfErrorDocument(_ document: Substring, context: String) throws {
        guard document.contains("<Error>") else { return }
        let code = S3XML.value("Code", in: document) ?? "unknown"
        let message = S3XML.value("Message", in: document) ?? ""
        throw StorageError.unreachable("S3 failed \(context): \(code) \(message)")
    }
}

extension S3Response {
    init(_ response: HTTPClientResponse, text: Substring) {
        self.init(status: response.status, headers: response.headers, text: text, body: response.body)
    }
}

extension Duration {
    fileprivate var wholeMillisecondsInStorage: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
