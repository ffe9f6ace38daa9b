#ifndef C_COMPRESSION_SHIM_H
#define C_COMPRESSION_SHIM_H

#include <stddef.h>
#include <stdint.h>

/// The largest gzip output `dcn_gzip` may write for `length` input bytes.
size_t dcn_gzip_bound(size_t length);

/// Compresses `input` as one gzip member (zlib's deflate, best compression) into `output`, which holds `*outputLength`
/// bytes; on success sets `*outputLength` to the bytes written and returns 1, otherwise returns 0.
int dcn_gzip(const uint8_t *input, size_t length, uint8_t *output, size_t *outputLength);

/// The largest Brotli output `dcn_brotli` may write for `length` input bytes.
size_t dcn_brotli_bound(size_t length);

/// Compresses `input` with Brotli at its best quality for text into `output` (`*outputLength` bytes); on success sets
/// `*outputLength` to the bytes written and returns 1, otherwise returns 0.
int dcn_brotli(const uint8_t *input, size_t length, uint8_t *output, size_t *outputLength);

#endif
