#include "CFFmpegShim.h"
#include "OpenFile.h"
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/mem.h>
#include <libswscale/swscale.h>
#include <math.h>
#include <string.h>

/// The clockwise rotation, in degrees (0, 90, 180 or 270), a player applies to the stream's frames.
static int dcn_clockwise_rotation(AVStream *stream) {
    const uint8_t *matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, NULL);
    if (!matrix) return 0;
    double counterclockwise = av_display_rotation_get((const int32_t *)matrix);
    if (isnan(counterclockwise)) return 0;
    int degrees = (int)lround(-counterclockwise / 90.0) * 90;
    degrees %= 360;
    return degrees < 0 ? degrees + 360 : degrees;
}

/// Copies the decoded frame into a packed RGB24 buffer with libswscale.
static int dcn_frame_to_rgb(AVFrame *frame, dcn_av_rgb_frame *out) {
    int width = frame->width, height = frame->height;
    struct SwsContext *scaler = sws_getContext(width, height, frame->format, width, height, AV_PIX_FMT_RGB24,
                                               SWS_BILINEAR, NULL, NULL, NULL);
    if (!scaler) return AVERROR(EINVAL);
    size_t stride = (size_t)width * 3;
    uint8_t *pixels = av_malloc(stride * (size_t)height);
    if (!pixels) {
        sws_freeContext(scaler);
        return AVERROR(ENOMEM);
    }
    uint8_t *planes[4] = {pixels, NULL, NULL, NULL};
    int strides[4] = {(int)stride, 0, 0, 0};
    sws_scale(scaler, (const uint8_t *const *)frame->data, frame->linesize, 0, height, planes, strides);
    sws_freeContext(scaler);
    out->data = pixels;
    out->width = width;
    out->height = height;
    return 0;
}

int dcn_av_poster_frame(const char *path, const char *format_whitelist, double fraction, long long max_pixels,
                        int max_packets, dcn_av_rgb_frame *out) {
    memset(out, 0, sizeof(*out));
    AVFormatContext *format = NULL;
    int result = dcn_av_open_file(path, format_whitelist, &format);
    if (result < 0) return result;
    AVCodecContext *decoder = NULL;
    AVPacket *packet = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    int index = -1;
    for (unsigned i = 0; i < format->nb_streams; i++) {
        AVStream *candidate = format->streams[i];
        if (candidate->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
            !(candidate->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
            index = (int)i;
            break;
        }
    }
    if (!packet || !frame) {
        result = AVERROR(ENOMEM);
        goto done;
    }
    if (index < 0) {
        result = AVERROR_STREAM_NOT_FOUND;
        goto done;
    }
    AVStream *stream = format->streams[index];
    AVCodecParameters *parameters = stream->codecpar;
    if (parameters->width <= 0 || parameters->height <= 0 ||
        (long long)parameters->width * parameters->height > max_pixels) {
        result = AVERROR_INVALIDDATA;
        goto done;
    }
    const AVCodec *codec = avcodec_find_decoder(parameters->codec_id);
    if (!codec) {
        result = AVERROR_DECODER_NOT_FOUND;
        goto done;
    }
    decoder = avcodec_alloc_context3(codec);
    if (!decoder) {
        result = AVERROR(ENOMEM);
        goto done;
    }
    if ((result = avcodec_parameters_to_context(decoder, parameters)) < 0) goto done;
    decoder->thread_count = 1;
    if ((result = avcodec_open2(decoder, codec, NULL)) < 0) goto done;
    out->rotation = dcn_clockwise_rotation(stream);

    // Seek to the keyframe at or before the wanted moment; a file that cannot seek is read from its start.
    if (format->duration > 0 && fraction > 0) {
        int64_t target = av_rescale_q((int64_t)(format->duration * fraction), AV_TIME_BASE_Q, stream->time_base);
        if (stream->start_time != AV_NOPTS_VALUE) target += stream->start_time;
        if (av_seek_frame(format, index, target, AVSEEK_FLAG_BACKWARD) < 0) {
            av_seek_frame(format, index, stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0,
                          AVSEEK_FLAG_BACKWARD);
        }
        avcodec_flush_buffers(decoder);
    }
    result = AVERROR(EAGAIN);
    int packets = 0;
    int draining = 0;
    while (result == AVERROR(EAGAIN)) {
        if (!draining) {
            int read = av_read_frame(format, packet);
            if (read < 0 || ++packets > max_packets) {
                draining = 1;
                avcodec_send_packet(decoder, NULL);
            } else if (packet->stream_index != index) {
                av_packet_unref(packet);
                continue;
            } else {
                int sent = avcodec_send_packet(decoder, packet);
                av_packet_unref(packet);
                if (sent < 0 && sent != AVERROR(EAGAIN)) {
                    result = sent;
                    break;
                }
            }
        }
        result = avcodec_receive_frame(decoder, frame);
        if (result == AVERROR_EOF) result = AVERROR_INVALIDDATA;
        if (result == AVERROR(EAGAIN) && draining) {
            result = AVERROR_INVALIDDATA;
        }
    }
    if (result >= 0) {
        if ((long long)frame->width * frame->height > max_pixels || frame->width <= 0 || frame->height <= 0) {
            result = AVERROR_INVALIDDATA;
        } else {
            result = dcn_frame_to_rgb(frame, out);
        }
    }

done:
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&decoder);
    avformat_close_input(&format);
    return result;
}

int dcn_av_cover_picture(const char *path, const char *format_whitelist, size_t max_size, dcn_av_bytes *out) {
    memset(out, 0, sizeof(*out));
    AVFormatContext *format = NULL;
    int result = dcn_av_open_file(path, format_whitelist, &format);
    if (result < 0) return result;
    result = AVERROR_STREAM_NOT_FOUND;
    for (unsigned i = 0; i < format->nb_streams; i++) {
        AVStream *stream = format->streams[i];
        if (!(stream->disposition & AV_DISPOSITION_ATTACHED_PIC)) continue;
        AVPacket *picture = &stream->attached_pic;
        if (picture->size <= 0) continue;
        if ((size_t)picture->size > max_size) {
            result = AVERROR_INVALIDDATA;
            break;
        }
        out->data = av_malloc((size_t)picture->size);
        if (!out->data) {
            result = AVERROR(ENOMEM);
            break;
        }
        memcpy(out->data, picture->data, (size_t)picture->size);
        out->length = (size_t)picture->size;
        result = 0;
        break;
    }
    avformat_close_input(&format);
    return result;
}

void dcn_av_free(void *data) { av_free(data); }
