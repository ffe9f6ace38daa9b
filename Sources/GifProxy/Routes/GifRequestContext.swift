import Identity

/// What the GIF routes need of the request context: the caller a token proved, or the client's address for
/// anonymous rate limits.
public typealias GifRequestContext = IdentityRequestContext
