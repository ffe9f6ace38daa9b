import HTTPSupport
import HummingbirdAuth

/// The request context of a front end that knows who is asking: the shared per-request data (`ServiceRequestContext`)
/// plus the caller a `TokenAuthenticator` found (`identity`, nil when anonymous).
public typealias IdentityRequestContext = ServiceRequestContext & AuthRequestContext<Caller>
