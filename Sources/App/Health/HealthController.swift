import HTTPSupport
import Hummingbird
import Prometheus

/// `GET /healthz` (the process is up), `GET /readyz` (every backend reachable, else 503 naming those that are not)
/// and `GET /metrics` (Prometheus text).
struct HealthController: Sendable {
    let checks: [ReadinessCheck]
    let checkTimeout: Duration
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in
            JSONBody(["status": "ok"])
        }
        router.get("readyz") { _, _ in
            let report = await ReadinessReport.run(checks, timeout: checkTimeout)
            return JSONBody(report, status: report.isReady ? .ok : .serviceUnavailable)
        }
        router.get("metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
    }
}
