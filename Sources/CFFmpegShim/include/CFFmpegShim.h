#ifndef DCN_FFMPEG_SHIM_H
#define DCN_FFMPEG_SHIM_H

/// `AVERROR(errnum)`: a macro in C, so not visible to Swift.
int dcn_averror(int posix_errnum);

/// `AVERROR_EOF`: a macro built from `FFERRTAG`.
int dcn_averror_eof(void);

/// The description of an libav error code (writes into `buffer`, returns it).
const char *dcn_av_error_string(int errnum, char *buffer, unsigned long size);

/// `av_log_set_level(AV_LOG_QUIET)`: libav logs to stderr by default, which a server must not do.
void dcn_av_log_quiet(void);

#include <stddef.h>
#include <stdint.h>

/// What a header probe found in a media file's first bytes.
typedef struct {
    /// 1 when a video stream (not a cover picture) was found, 2 for audio only, 0 for neither.
    int kind;
    int width;
    int height;
    /// Seconds; negative when unknown.
    double duration;
    char format[32];
    char video_codec[32];
    char audio_codec[32];
    /// 1 when the file carries an attached picture (an audio file's cover).
    int has_cover;
} dcn_av_probe_result;

/// Demuxes `size` bytes held in memory (only the demuxers in `format_whitelist`, no protocols, so nothing
/// outside the buffer is ever opened) and reads their streams' parameters. Returns 0 or a negative AVERROR.
int dcn_av_probe_memory(const uint8_t *data, size_t size, const char *format_whitelist, dcn_av_probe_result *out);

#endif
