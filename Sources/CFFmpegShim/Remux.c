#include "CFFmpegShim.h"
#include "OpenFile.h"
#include <libavutil/dict.h>
#include <string.h>

/// Whether a stream is kept by the remux: pictures and sound, not cover pictures, data tracks (GPS and camera
/// telemetry, timecodes) or attachments.
static int dcn_keeps(const AVStream *stream) {
    enum AVMediaType type = stream->codecpar->codec_type;
    if (stream->disposition & AV_DISPOSITION_ATTACHED_PIC) return 0;
    return type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_AUDIO;
}

/// Copies the stream's side data (the display matrix that says how a phone video is turned, and the like).
static int dcn_copy_side_data(const AVStream *from, AVStream *to) {
    for (int i = 0; i < from->nb_side_data; i++) {
        const AVPacketSideData *side = &from->side_data[i];
        uint8_t *copy = av_stream_new_side_data(to, side->type, side->size);
        if (!copy) return AVERROR(ENOMEM);
        memcpy(copy, side->data, side->size);
    }
    return 0;
}

int dcn_av_remux_stripped(const char *in_path, const char *out_path, const char *format_whitelist,
                          const char *muxer, long long max_packets) {
    AVFormatContext *input = NULL;
    int result = dcn_av_open_file(in_path, format_whitelist, &input);
    if (result < 0) return result;
    AVFormatContext *output = NULL;
    AVPacket *packet = av_packet_alloc();
    int *map = av_calloc(input->nb_streams, sizeof(int));
    AVDictionary *options = NULL;
    if (!packet || !map) {
        result = AVERROR(ENOMEM);
        goto done;
    }
    result = avformat_alloc_output_context2(&output, NULL, muxer, out_path);
    if (result < 0) goto done;

    int kept = 0;
    for (unsigned i = 0; i < input->nb_streams; i++) {
        AVStream *from = input->streams[i];
        map[i] = -1;
        if (!dcn_keeps(from)) continue;
        AVStream *to = avformat_new_stream(output, NULL);
        if (!to) {
            result = AVERROR(ENOMEM);
            goto done;
        }
        result = avcodec_parameters_copy(to->codecpar, from->codecpar);
        if (result < 0) goto done;
        to->codecpar->codec_tag = 0;
        to->time_base = from->time_base;
        to->disposition = from->disposition;
        result = dcn_copy_side_data(from, to);
        if (result < 0) goto done;
        // Only the language survives of a stream's tags (no handler names, no encoder, no dates).
        AVDictionaryEntry *language = av_dict_get(from->metadata, "language", NULL, 0);
        if (language) av_dict_set(&to->metadata, "language", language->value, 0);
        map[i] = kept++;
    }
    if (kept == 0) {
        result = AVERROR_STREAM_NOT_FOUND;
        goto done;
    }
    // No container tags (creation time, location, make and model, encoder), no chapters, and a reproducible file.
    av_dict_set(&options, "fflags", "+bitexact", 0);
    if (strcmp(muxer, "mp4") == 0 || strcmp(muxer, "mov") == 0) {
        // The index first, so players start before the whole file has arrived.
        av_dict_set(&options, "movflags", "+faststart", 0);
    }
    result = avio_open(&output->pb, out_path, AVIO_FLAG_WRITE);
    if (result < 0) goto done;
    result = avformat_write_header(output, &options);
    if (result < 0) goto done;

    long long packets = 0;
    while ((result = av_read_frame(input, packet)) >= 0) {
        int index = packet->stream_index;
        if (index < 0 || (unsigned)index >= input->nb_streams || map[index] < 0) {
            av_packet_unref(packet);
            continue;
        }
        if (++packets > max_packets) {
            av_packet_unref(packet);
            result = AVERROR_INVALIDDATA;
            goto done;
        }
        AVStream *from = input->streams[index];
        AVStream *to = output->streams[map[index]];
        av_packet_rescale_ts(packet, from->time_base, to->time_base);
        packet->stream_index = map[index];
        packet->pos = -1;
        result = av_interleaved_write_frame(output, packet);
        if (result < 0) goto done;
    }
    if (result != AVERROR_EOF) goto done;
    result = av_write_trailer(output);

done:
    av_dict_free(&options);
    av_packet_free(&packet);
    av_free(map);
    if (output) {
        if (output->pb) avio_closep(&output->pb);
        avformat_free_context(output);
    }
    avformat_close_input(&input);
    return result < 0 ? result : 0;
}
