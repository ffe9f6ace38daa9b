import HTTPSupport

/// What the file server needs from the application's request context: the client's address, which anonymous
/// uploads are rate limited by, and the request id its errors carry.
public typealias FileServerRequestContext = ServiceRequestContext
