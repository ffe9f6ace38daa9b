import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON answers of the January routes, keys sorted so cached and fresh answers are byte for byte the same.
enum JSONResponse {
    static func make<Value: Encodable>(_ value: Value, headers extra: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
