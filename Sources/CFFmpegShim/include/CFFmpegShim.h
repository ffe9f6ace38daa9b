#ifndef DCN_FFMPEG_SHIM_H
#define DCN_FFMPEG_SHIM_H

/// `AVERROR(errnum)`: a macro in C, so not visible to Swift.
int dcn_averror(int posix_errnum);

/// `AVERROR_EOF`: a macro built from `FFERRTAG`.
int dcn_averror_eof(void);

/// `AVERROR_STREAM_NOT_FOUND`.
int dcn_averror_stream_not_found(void);

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

/// One decoded picture as packed RGB24 (`width * 3` bytes a row; free `data` with `dcn_av_free`), and the clockwise
/// rotation (0, 90, 180, 270) the container asks players to apply.
typedef struct {
    uint8_t *data;
    int width;
    int height;
    int rotation;
} dcn_av_rgb_frame;

/// Bytes allocated by libav (free `data` with `dcn_av_free`).
typedef struct {
    uint8_t *data;
    size_t length;
} dcn_av_bytes;

/// Decodes one frame of the video file at `path` near `fraction` of its duration: seeks to the keyframe before that
/// moment and decodes forward to the first picture, reading at most `max_packets` packets. Only the demuxers in
/// `format_whitelist` and the `file` protocol may open it; a stream over `max_pixels` is refused before decoding.
/// Returns 0 or a negative AVERROR.
int dcn_av_poster_frame(const char *path, const char *format_whitelist, double fraction, long long max_pixels,
                        int max_packets, dcn_av_rgb_frame *out);

/// Copies the attached picture (an audio file's cover, as stored: JPEG or PNG) of the file at `path`, refusing one
/// larger than `max_size` bytes. Returns 0, `AVERROR_STREAM_NOT_FOUND` when there is none, or another AVERROR.
int dcn_av_cover_picture(const char *path, const char *format_whitelist, size_t max_size, dcn_av_bytes *out);

/// Copies the video file at `in_path` to `out_path` in the container `muxer` (`mp4`, `mov`, `webm`, `matroska`)
/// without re-encoding and without its metadata: no container or stream tags but a stream's language, no chapters,
/// no data tracks (phone GPS and telemetry), no attachments or cover pictures. Pictures and sound are kept packet
/// for packet, with their display matrix (a phone video stays turned as it was). At most `max_packets` packets are
/// read. Returns 0 or a negative AVERROR.
int dcn_av_remux_stripped(const char *in_path, const char *out_path, const char *format_whitelist,
                          const char *muxer, long long max_packets);

void dcn_av_free(void *data);

#endif
