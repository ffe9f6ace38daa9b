#include "CFFmpegShim.h"
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/log.h>

int dcn_averror(int posix_errnum) { return AVERROR(posix_errnum); }

int dcn_averror_eof(void) { return AVERROR_EOF; }

const char *dcn_av_error_string(int errnum, char *buffer, unsigned long size) {
    av_strerror(errnum, buffer, size);
    return buffer;
}

void dcn_av_log_quiet(void) { av_log_set_level(AV_LOG_QUIET); }
