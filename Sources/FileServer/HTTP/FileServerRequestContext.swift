import Identity

/// What the file server needs from the application's request context: the caller a token proved (uploads), the
/// client's address (anonymous uploads are rate limited by it), and the request id its errors carry.
public typealias FileServerRequestContext = IdentityRequestContext
