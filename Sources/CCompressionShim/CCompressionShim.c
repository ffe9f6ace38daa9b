#include "CCompressionShim.h"

#include <brotli/encode.h>
#include <string.h>
#include <zlib.h>

size_t dcn_gzip_bound(size_t length) {
    // deflateBound plus the gzip header and trailer (18 bytes) and some slack for the stored-block worst case.
    return length + length / 1000 + 64;
}

int dcn_gzip(const uint8_t *input, size_t length, uint8_t *output, size_t *outputLength) {
    z_stream stream;
    memset(&stream, 0, sizeof(stream));
    // 15 window bits plus 16 asks zlib for a gzip wrapper instead of a zlib one.
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        return 0;
    }
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)length;
    stream.next_out = output;
    stream.avail_out = (uInt)*outputLength;
    int result = deflate(&stream, Z_FINISH);
    size_t written = stream.total_out;
    deflateEnd(&stream);
    if (result != Z_STREAM_END) {
        return 0;
    }
    *outputLength = written;
    return 1;
}

size_t dcn_brotli_bound(size_t length) { return BrotliEncoderMaxCompressedSize(length); }

int dcn_brotli(const uint8_t *input, size_t length, uint8_t *output, size_t *outputLength) {
    return BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, length, input,
                                 outputLength, output) == BROTLI_TRUE;
}
