"""Liveness, readiness and metrics, for load balancers, orchestrators and Prometheus."""
