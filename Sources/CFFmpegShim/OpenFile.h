#ifndef DCN_FFMPEG_OPEN_FILE_H
#define DCN_FFMPEG_OPEN_FILE_H

#include <libavformat/avformat.h>

/// Opens `path` with only the whitelisted demuxers and the `file` protocol, and reads its streams. Returns 0 or a
/// negative AVERROR; on success close `*out` with `avformat_close_input`.
int dcn_av_open_file(const char *path, const char *format_whitelist, AVFormatContext **out);

#endif
