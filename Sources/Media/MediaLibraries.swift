import CFFmpeg
import CFFmpegShim
import CVipsShim

/// The C media libraries linked into the binary: starts them once and reports their versions.
public enum MediaLibraries {
    /// Thrown when libvips cannot start (usually a broken installation).
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    private static let started: Result<Void, StartError> = {
        guard dcn_vips_start("discordination") == 0 else {
            let reason = String(cString: dcn_vips_error_buffer())
            dcn_vips_error_clear()
            return .failure(StartError(description: "libvips failed to start: \(reason)"))
        }
        dcn_vips_harden()
        dcn_av_log_quiet()
        return .success(())
    }()

    /// Starts libvips (operation cache off, untrusted loaders blocked, one thread per operation) and silences libav's
    /// stderr logging; safe to call many times.
    public static func start() throws {
        try started.get()
    }

    /// The linked libvips version, e.g. "8.14.1".
    public static var vipsVersion: String {
        String(cString: dcn_vips_version_string())
    }

    /// The linked libavformat version, e.g. "59.27.100".
    public static var avformatVersion: String {
        let packed = avformat_version()
        return "\(packed >> 16).\((packed >> 8) & 0xFF).\(packed & 0xFF)"
    }

    /// The FFmpeg release the libav libraries come from, e.g. "5.1.6-0+deb12u1".
    public static var ffmpegRelease: String {
        String(cString: av_version_info())
    }

    /// The text libav gives for one of its error codes.
    public static func libavErrorDescription(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        return String(cString: dcn_av_error_string(code, &buffer, UInt(buffer.count)))
    }

    /// `AVERROR_STREAM_NOT_FOUND`: the file has no stream of the kind asked for.
    public static let streamNotFound: Int32 = dcn_averror_stream_not_found()

    /// `AVERROR(EAGAIN)` and friends, for code that talks to libav.
    public static func libavError(posix errnum: Int32) -> Int32 {
        dcn_averror(errnum)
    }
}
