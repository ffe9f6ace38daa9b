import Foundation
import SafeFetch

/// GETs a provider's JSON through the SafeFetcher, turning statuses into `GifProviderError`s. Errors are described
/// without the URL, which carries the API key.
struct ProviderClient: Sendable {
    let fetcher: SafeFetcher
    let maxAnswerBytes: Int

    struct Answer: Sendable {
        var status: Int
        var retryAfter: String?
        var body: [UInt8]
    }

    func json(_ url: String) async throws(GifProviderError) -> [UInt8] {
        let answer: Answer
        do {
            answer = try await fetcher.fetch(
                url,
                limits: FetchLimits(
                    maxBodyBytes: maxAnswerBytes, accept: "application/json", handlesErrorStatuses: true)
            ) { response, body in
                Answer(
                    status: response.status, retryAfter: response.headers.first(name: "retry-after"),
                    body: try await body.collect())
            }
        } catch let error as SafeFetchError {
            switch error {
            case .timedOut: throw .unavailable("the GIF provider did not answer in time")
            case .tooLarge: throw .malformed("larger than \(maxAnswerBytes) bytes")
            default: throw .unavailable("the GIF provider could not be reached")
            }
        } catch {
            throw .unavailable("the GIF provider could not be reached")
        }
        switch answer.status {
        case 200..<300: return answer.body
        case 429: throw .rateLimited(retryAfter: Self.retryAfter(answer.retryAfter))
        case 400, 404, 422: throw .badRequest("the GIF provider refused the request (\(answer.status))")
        case 401, 403: throw .rejected(answer.status)
        default: throw .unavailable("the GIF provider answered \(answer.status)")
        }
    }

    /// `Retry-After` in seconds or as an HTTP date; 30 s when absent or unreadable, at most an hour.
    static func retryAfter(_ value: String?) -> Duration {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return .seconds(30) }
        if let seconds = Int(value) { return .seconds(min(max(seconds, 1), 3600)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: value) {
            return .seconds(min(max(Int(date.timeIntervalSinceNow.rounded(.up)), 1), 3600))
        }
        return .seconds(30)
    }

    /// `base + path + ?name=value&…`, every value percent-encoded.
    static func url(_ base: String, _ path: String, _ parameters: [(String, String)]) -> String {
        let query = parameters.filter { !$0.1.isEmpty }.map { name, value in "\(name)=\(encoded(value))" }
        return base + path + "?" + query.joined(separator: "&")
    }

    /// A query value with everything but RFC 3986's unreserved characters percent-encoded.
    static func encoded(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Decodes `T`, naming the first problem without the bytes.
    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws(GifProviderError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch DecodingError.keyNotFound(let key, _) {
            throw .malformed("\(key.stringValue) is missing")
        } catch DecodingError.typeMismatch(_, let context) {
            throw .malformed("\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch {
            throw .malformed("not JSON")
        }
    }

    /// Only web URLs reach clients: a provider answer cannot hand them `javascript:` or `file:` links.
    static func isWebURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && text.utf8.count <= 2048
    }
}
