import Hummingbird
import NIOCore

/// An answer whose JSON is already text (messages as stored), sent as it is.
struct RawJSON {
    var text: String

    func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
