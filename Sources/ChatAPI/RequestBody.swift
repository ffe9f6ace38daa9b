import Foundation
import HTTPSupport
import Hummingbird
import NIOCore

extension Request {
    /// The JSON body decoded as `Body`, read up to `limit` bytes: a longer body answers `PayloadTooLarge`, one that
    /// is not JSON of the right shape `FailedValidation` naming what is wrong. Nothing is stored before this passes.
    func decodeJSON<Body: Decodable>(as type: Body.Type, limit: Int) async throws -> Body {
        try await decodeJSON(as: type, limit: limit, emptyAs: nil)
    }

    /// The same, with `emptyAs` standing in for an empty body (routes whose every field is optional).
    func decodeJSON<Body: Decodable>(as type: Body.Type, limit: Int, emptyAs empty: Body?) async throws -> Body {
        let body = try await bodyBytes(limit: limit)
        if body.isEmpty, let empty { return empty }
        return try Self.decodeJSON(as: type, from: body)
    }

    /// The raw body, read up to `limit` bytes (`PayloadTooLarge` beyond): for routes that check a signature over the
    /// exact bytes, or read one body as more than one shape.
    func bodyBytes(limit: Int) async throws -> Data {
        var request = self
        do {
            return Data(buffer: try await request.collectBody(upTo: limit))
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge
        }
    }

    /// `body` decoded as `Body`; `FailedValidation` naming what is wrong otherwise.
    static func decodeJSON<Body: Decodable>(as type: Body.Type, from body: Data) throws -> Body {
        do {
            return try JSONCoding.decoder.decode(Body.self, from: body)
        } catch let error as DecodingError {
            throw APIError.failedValidation(describe(error))
        }
    }

    /// A decoding error in a sentence that names the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "the body" : path
        }
        switch error {
        case .typeMismatch(_, let context): return "\(path(context)) has the wrong type"
        case .valueNotFound(_, let context): return "\(path(context)) is missing"
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return (parent == "the body" ? "" : parent + ".") + key.stringValue + " is missing"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context)) is not valid"
        @unknown default: return "the body is not valid"
        }
    }
}

extension Set<String> {
    /// What a `PATCH` body says of one optional field, given its `remove` list: set it (`value`), clear it (`field`
    /// is listed), or leave it as it is (nil).
    func change<Value>(_ value: Value?, clearedBy field: String) -> Value?? {
        if let value { return .some(value) }
        return contains(field) ? .some(nil) : nil
    }
}
