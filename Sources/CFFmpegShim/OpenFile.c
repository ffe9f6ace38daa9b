#include "OpenFile.h"
#include <libavutil/mem.h>

int dcn_av_open_file(const char *path, const char *format_whitelist, AVFormatContext **out) {
    AVFormatContext *format = avformat_alloc_context();
    if (!format) return AVERROR(ENOMEM);
    format->format_whitelist = av_strdup(format_whitelist);
    format->protocol_whitelist = av_strdup("file");
    format->max_analyze_duration = 5 * AV_TIME_BASE;
    int result = avformat_open_input(&format, path, NULL, NULL);
    if (result < 0) return result; // avformat_open_input frees the context on failure.
    result = avformat_find_stream_info(format, NULL);
    if (result < 0) {
        avformat_close_input(&format);
        return result;
    }
    *out = format;
    return 0;
}
