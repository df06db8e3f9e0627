"""Benchmarks of the workshop: what a learner feels (start-up, throughput, latency, memory), beside Kafka's own tools."""
