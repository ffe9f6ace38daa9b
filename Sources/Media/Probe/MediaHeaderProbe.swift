import CFFmpeg
import CFFmpegShim

/// What libavformat reads from the start of a video or audio file: its streams' kind, picture size, codecs and
/// duration, without decoding a frame.
public struct MediaHeader: Sendable, Equatable {
    /// `.video` when a video stream (not a cover picture) is present, `.audio` when only sound is.
    public var kind: MediaKind
    public var width: Int
    public var height: Int
    /// Seconds, when the container says.
    public var duration: Double?
    /// The demuxer that read it (`mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`, `mp3`, …).
    public var format: String
    public var videoCodec: String?
    public var audioCodec: String?
    /// An audio file's embedded cover picture.
    public var hasCover: Bool
}

/// Probes a video or audio file's first bytes in memory with libavformat. Only the container formats chat clients
/// play are allowed to read them, and no protocol at all, so a playlist or a concat script can never make libav
/// open another file or URL. A file whose index is not in those bytes (an MP4 with its `moov` at the end) gives nil.
public enum MediaHeaderProbe {
    /// The demuxers tried, by libavformat's names.
    public static let demuxers = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mp3,ogg,flac,wav,aac,avi"

    /// Blocks while libavformat reads `bytes` (at most a few hundred kilobytes); run it off the cooperative pool.
    public static func probe(_ bytes: [UInt8]) -> MediaHeader? {
        try? MediaLibraries.start()
        var result = dcn_av_probe_result()
        let status = bytes.withUnsafeBufferPointer { buffer in
            dcn_av_probe_memory(buffer.baseAddress, buffer.count, demuxers, &result)
        }
        guard status >= 0, result.kind != 0 else { return nil }
        func text<T>(_ tuple: T) -> String {
            withUnsafeBytes(of: tuple) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        let videoCodec = text(result.video_codec)
        let audioCodec = text(result.audio_codec)
        return MediaHeader(
            kind: result.kind == 1 ? .video : .audio,
            width: Int(result.width),
            height: Int(result.height),
            duration: result.duration >= 0 ? result.duration : nil,
            format: text(result.format),
            videoCodec: videoCodec.isEmpty ? nil : videoCodec,
            audioCodec: audioCodec.isEmpty ? nil : audioCodec,
            hasCover: result.has_cover != 0
        )
    }
}
