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

#endif
