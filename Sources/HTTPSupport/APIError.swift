import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The one error every front end answers with: the documented JSON shape `{"type": "…", …fields}` with its HTTP
/// status, plus any headers it needs (rate limits, `Retry-After`, `Connection: close`). Front ends name their
/// errors as static members in extensions (`APIError.unknownTag`); errors that are also stored (a cached embed
/// failure) keep their own Codable type and render through `APIErrorConvertible`.
public struct APIError: HTTPResponseError, Equatable {
    public var status: HTTPResponse.Status
    /// The error's name: `FileTooLarge`, `UnknownTag`, `InvalidSession`, …
    public var type: String
    /// Further members of the JSON body: `max`, `reason`, `retry_after`.
    public var fields: [String: Field]
    public var headers: [(name: String, value: String)]

    public enum Field: Equatable, Sendable, Encodable {
        case int(Int)
        case double(Double)
        case string(String)

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let value): try container.encode(value)
            case .double(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            }
        }
    }

    public init(
        _ status: HTTPResponse.Status,
        _ type: String,
        _ fields: [String: Field] = [:],
        headers: [(name: String, value: String)] = []
    ) {
        self.status = status
        self.type = type
        self.fields = fields
        self.headers = headers
    }

    public static func == (left: APIError, right: APIError) -> Bool {
        left.status == right.status && left.type == right.type && left.fields == right.fields
    }

    /// The same error, telling the client the connection closes: used when the request body was not read to its
    /// end, so the server stops reading instead of draining a body it refused.
    public func closingConnection() -> APIError {
        var copy = self
        copy.headers.append(("Connection", "close"))
        return copy
    }

    /// The JSON body: `type` beside the fields, keys sorted.
    public func body() throws -> [UInt8] {
        var body = fields
        body["type"] = .string(type)
        return try JSONCoding.encode(body)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        for header in headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: try body())))
    }
}

/// An error with a wire form of its own (kept in a cache, returned by a job) that answers HTTP requests as an
/// `APIError`, so every front end renders errors one way.
public protocol APIErrorConvertible: HTTPResponseError {
    var apiError: APIError { get }
}

extension APIErrorConvertible {
    public var status: HTTPResponse.Status { apiError.status }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try apiError.response(from: request, context: context)
    }
}
