import Hummingbird

/// A JSON answer with a chosen status, coded as `JSONCoding` says (keys sorted, so answers are stable).
public struct JSONBody<Value: Encodable & Sendable>: ResponseGenerator {
    public var value: Value
    public var status: HTTPResponse.Status

    public init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status,
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONCoding.encode(value)))
        )
    }
}
