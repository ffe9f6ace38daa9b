import Metrics
import Prometheus

/// The process's metrics registry: swift-metrics is bootstrapped once per process to write into it, and
/// `/metrics` renders it.
public enum AppMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
