import HTTPTypes
import Hummingbird
import NIOCore

/// JSON answers of the January routes: bytes already encoded (`LinkCache.encode`), so cached and fresh answers are
/// byte for byte the same.
enum JSONResponse {
    static func make(bytes: [UInt8], headers extra: HTTPFields) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
