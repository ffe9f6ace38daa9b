import CFFmpegShim
import CVipsShim

/// Why no picture could be taken from a video or audio file.
public struct PosterError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// Takes a video's poster: one frame decoded near a tenth of its duration with libavcodec (seeking to the keyframe
/// before that moment), converted to RGB with libswscale, turned upright as the container's display matrix says,
/// and written as a PNG for the thumbnail pipeline. Blocks: run it on a thread pool.
public enum PosterFrame {
    /// Where in the video the poster is taken, as a fraction of its duration.
    public static let position = 0.1
    /// Packets read after the seek before giving up on finding a picture.
    public static let maximumPackets: Int32 = 2_000

    public static func extract(videoPath: String, to pngPath: String, maxPixels: Int) throws(PosterError) {
        try? MediaLibraries.start()
        var frame = dcn_av_rgb_frame()
        let status = dcn_av_poster_frame(
            videoPath, MediaHeaderProbe.demuxers, position, Int64(maxPixels), maximumPackets, &frame
        )
        guard status >= 0 else {
            throw PosterError(description: "no frame could be decoded: \(MediaLibraries.libavErrorDescription(status))")
        }
        defer { dcn_av_free(frame.data) }
        guard dcn_vips_rgb_save_png(frame.data, frame.width, frame.height, frame.rotation, pngPath) == 0 else {
            throw PosterError(description: VariantRenderError.fromLibvips().description)
        }
    }
}

/// Reads an audio file's embedded cover picture (ID3 `APIC`, FLAC `PICTURE`, MP4 `covr`), as stored.
public enum CoverPicture {
    /// Blocks while libavformat opens the file; nil when it carries no picture.
    public static func extract(audioPath: String, maxSize: Int) throws(PosterError) -> [UInt8]? {
        try? MediaLibraries.start()
        var bytes = dcn_av_bytes()
        let status = dcn_av_cover_picture(audioPath, MediaHeaderProbe.demuxers, maxSize, &bytes)
        if status == MediaLibraries.streamNotFound { return nil }
        guard status >= 0 else {
            throw PosterError(
                description: "the cover could not be read: \(MediaLibraries.libavErrorDescription(status))")
        }
        defer { dcn_av_free(bytes.data) }
        return Array(UnsafeBufferPointer(start: bytes.data, count: bytes.length))
    }
}
