#include "CFFmpegShim.h"
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/log.h>

int dcn_averror(int posix_errnum) { return AVERROR(posix_errnum); }

int dcn_averror_eof(void) { return AVERROR_EOF; }

int dcn_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }

const char *dcn_av_error_string(int errnum, char *buffer, unsigned long size) {
    av_strerror(errnum, buffer, size);
    return buffer;
}

void dcn_av_log_quiet(void) { av_log_set_level(AV_LOG_QUIET); }

#include <libavutil/mem.h>
#include <string.h>

/// The read cursor of a probe over memory.
typedef struct {
    const uint8_t *data;
    size_t size;
    size_t position;
} dcn_memory_cursor;

static int dcn_memory_read(void *opaque, uint8_t *buffer, int length) {
    dcn_memory_cursor *cursor = opaque;
    if (cursor->position >= cursor->size) return AVERROR_EOF;
    size_t available = cursor->size - cursor->position;
    size_t count = (size_t)length < available ? (size_t)length : available;
    memcpy(buffer, cursor->data + cursor->position, count);
    cursor->position += count;
    return (int)count;
}

static int64_t dcn_memory_seek(void *opaque, int64_t offset, int whence) {
    dcn_memory_cursor *cursor = opaque;
    int64_t target;
    switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE: return (int64_t)cursor->size;
    case SEEK_SET: target = offset; break;
    case SEEK_CUR: target = (int64_t)cursor->position + offset; break;
    case SEEK_END: target = (int64_t)cursor->size + offset; break;
    default: return -1;
    }
    if (target < 0 || target > (int64_t)cursor->size) return -1;
    cursor->position = (size_t)target;
    return target;
}

static void dcn_copy_name(char *destination, size_t capacity, const char *name) {
    if (!name) name = "";
    strncpy(destination, name, capacity - 1);
    destination[capacity - 1] = 0;
}

int dcn_av_probe_memory(const uint8_t *data, size_t size, const char *format_whitelist, dcn_av_probe_result *out) {
    memset(out, 0, sizeof(*out));
    out->duration = -1;
    dcn_memory_cursor cursor = {data, size, 0};
    const int buffer_size = 32 * 1024;
    uint8_t *buffer = av_malloc(buffer_size);
    if (!buffer) return AVERROR(ENOMEM);
    AVIOContext *io = avio_alloc_context(buffer, buffer_size, 0, &cursor, dcn_memory_read, NULL, dcn_memory_seek);
    if (!io) {
        av_free(buffer);
        return AVERROR(ENOMEM);
    }
    AVFormatContext *format = avformat_alloc_context();
    if (!format) {
        av_freep(&io->buffer);
        avio_context_free(&io);
        return AVERROR(ENOMEM);
    }
    format->pb = io;
    format->flags |= AVFMT_FLAG_CUSTOM_IO;
    format->probesize = (int64_t)size;
    format->max_analyze_duration = 5 * AV_TIME_BASE;
    format->format_whitelist = av_strdup(format_whitelist);
    format->protocol_whitelist = av_strdup("");
    int result = avformat_open_input(&format, NULL, NULL, NULL);
    if (result >= 0) {
        result = avformat_find_stream_info(format, NULL);
        if (result >= 0) {
            dcn_copy_name(out->format, sizeof(out->format), format->iformat ? format->iformat->name : "");
            if (format->duration > 0) out->duration = (double)format->duration / AV_TIME_BASE;
            for (unsigned i = 0; i < format->nb_streams; i++) {
                AVStream *stream = format->streams[i];
                AVCodecParameters *codec = stream->codecpar;
                if (codec->codec_type == AVMEDIA_TYPE_VIDEO) {
                    if (stream->disposition & AV_DISPOSITION_ATTACHED_PIC) {
                        out->has_cover = 1;
                    } else if (out->kind != 1 && codec->width > 0 && codec->height > 0) {
                        out->kind = 1;
                        out->width = codec->width;
                        out->height = codec->height;
                        dcn_copy_name(out->video_codec, sizeof(out->video_codec), avcodec_get_name(codec->codec_id));
                    }
                } else if (codec->codec_type == AVMEDIA_TYPE_AUDIO && out->audio_codec[0] == 0) {
                    if (out->kind == 0) out->kind = 2;
                    dcn_copy_name(out->audio_codec, sizeof(out->audio_codec), avcodec_get_name(codec->codec_id));
                }
            }
        }
        avformat_close_input(&format);
    } else {
        // avformat_open_input frees the context on failure.
        format = NULL;
    }
    if (io) {
        av_freep(&io->buffer);
        avio_context_free(&io);
    }
    return result;
}
