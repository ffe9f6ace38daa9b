/// The release of this build.
public enum DiscordinationVersion {
    public static let current = "0.1.0"
}
