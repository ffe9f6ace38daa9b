import CCompressionShim

/// One-shot compression of the client's files when they load, so each answer picks a stored encoding instead of
/// compressing per request.
enum Precompression {
    /// The gzip form of `bytes`, or nil when it is not smaller.
    static func gzip(_ bytes: [UInt8]) -> [UInt8]? {
        compress(bytes, bound: dcn_gzip_bound(bytes.count), with: dcn_gzip)
    }

    /// The Brotli form of `bytes`, or nil when it is not smaller.
    static func brotli(_ bytes: [UInt8]) -> [UInt8]? {
        compress(bytes, bound: dcn_brotli_bound(bytes.count), with: dcn_brotli)
    }

    private static func compress(
        _ bytes: [UInt8], bound: Int,
        with compressor: (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<Int>?) ->
            Int32
    ) -> [UInt8]? {
        guard !bytes.isEmpty else { return nil }
        var output = [UInt8](repeating: 0, count: bound)
        var length = bound
        let succeeded = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                compressor(input.baseAddress, input.count, out.baseAddress, &length) == 1
            }
        }
        guard succeeded, length < bytes.count else { return nil }
        return Array(output.prefix(length))
    }
}
