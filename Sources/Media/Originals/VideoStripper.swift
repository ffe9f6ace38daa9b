import CFFmpegShim

/// Strips a video's metadata by remuxing it with libavformat: the same packets in the same container, without
/// container and stream tags (creation time, location, make and model, encoder), chapters, data tracks (phone GPS
/// and telemetry) or attachments. Nothing is re-encoded, so it takes about as long as copying the file. Blocks: run
/// it on a thread pool.
public enum VideoStripper {
    /// Packets read at most (a 20-minute 60 fps video with sound has about 120,000).
    public static let maximumPackets: Int64 = 500_000

    /// The muxer that writes `contentType` again, or nil for a container that is not remuxed.
    public static func muxer(for contentType: String) -> String? {
        switch contentType {
        case "video/mp4": "mp4"
        case "video/quicktime": "mov"
        case "video/webm": "webm"
        case "video/x-matroska": "matroska"
        default: nil
        }
    }

    /// Writes the stripped copy of `videoPath` to `outputPath` with `muxer`.
    public static func strip(videoPath: String, to outputPath: String, muxer: String) throws(PosterError) {
        try? MediaLibraries.start()
        let status = dcn_av_remux_stripped(videoPath, outputPath, MediaHeaderProbe.demuxers, muxer, maximumPackets)
        guard status >= 0 else {
            throw PosterError(
                description:
                    "the video's metadata could not be stripped: \(MediaLibraries.libavErrorDescription(status))")
        }
    }
}
