//! Latency percentiles and the run summary.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;

/// The nearest-rank percentile of ascending `sorted` samples: the smallest sample that at
/// least `per_mille`/1000 of all samples are less than or equal to. `per_mille` is 500 for
/// p50, 990 for p99 and 1000 for the maximum; integer arithmetic keeps p99 of 100 samples at
/// the 99th, not (through rounding) the 100th. `None` without samples.
pub fn percentile(sorted: &[Duration], per_mille: u32) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len() as u64;
    let rank = (u64::from(per_mille.min(1000)) * n).div_ceil(1000).clamp(1, n);
    Some(sorted[(rank - 1) as usize])
}

/// What one measured phase produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Latencies of the successful requests, in no particular order.
    pub latencies: Vec<Duration>,
    /// Failed requests by one-line description.
    pub errors: BTreeMap<String, usize>,
    /// Encrypted response bytes received over all successful requests.
    pub response_bytes: u64,
    /// `throttled` answers that were backed off from and retried (not errors).
    pub throttled: usize,
}

impl Outcome {
    pub fn merge(&mut self, other: Outcome) {
        self.latencies.extend(other.latencies);
        for (message, count) in other.errors {
            *self.errors.entry(message).or_default() += count;
        }
        self.response_bytes += other.response_bytes;
        self.throttled += other.throttled;
    }

    pub fn error_count(&self) -> usize {
        self.errors.values().sum()
    }
}

/// The numbers a run reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub devices: usize,
    pub warmup: usize,
    /// Measured requests sent (successful or not).
    pub requests: usize,
    pub errors: usize,
    /// `throttled` answers retried after a backoff.
    pub throttled_retries: usize,
    pub seconds: f64,
    /// Successful requests per second of wall time.
    pub requests_per_second: f64,
    pub p50: Option<Duration>,
    pub p90: Option<Duration>,
    pub p99: Option<Duration>,
    pub max: Option<Duration>,
    pub mean: Option<Duration>,
    pub records_per_response: usize,
    /// Mean encrypted response size of the successful requests.
    pub response_bytes: u64,
}

impl Summary {
    pub fn new(
        devices: usize,
        warmup: usize,
        records_per_response: usize,
        elapsed: Duration,
        outcome: &Outcome,
    ) -> Self {
        let mut sorted = outcome.latencies.clone();
        sorted.sort_unstable();
        let ok = sorted.len();
        let seconds = elapsed.as_secs_f64();
        let mean = (ok > 0).then(|| sorted.iter().sum::<Duration>() / ok as u32);
        Self {
            devices,
            warmup,
            requests: ok + outcome.error_count(),
            errors: outcome.error_count(),
            throttled_retries: outcome.throttled,
            seconds,
            requests_per_second: if seconds > 0.0 { ok as f64 / seconds } else { 0.0 },
            p50: percentile(&sorted, 500),
            p90: percentile(&sorted, 900),
            p99: percentile(&sorted, 990),
            max: percentile(&sorted, 1000),
            mean,
            records_per_response,
            response_bytes: if ok > 0 { outcome.response_bytes / ok as u64 } else { 0 },
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "devices": self.devices,
            "requests": self.requests,
            "warmup": self.warmup,
            "seconds": round(self.seconds, 3),
            "requests_per_second": round(self.requests_per_second, 1),
            "p50_ms": ms(self.p50),
            "p90_ms": ms(self.p90),
            "p99_ms": ms(self.p99),
            "max_ms": ms(self.max),
            "mean_ms": ms(self.mean),
            "errors": self.errors,
            "throttled_retries": self.throttled_retries,
            "records_per_response": self.records_per_response,
            "response_bytes": self.response_bytes,
        })
    }

    /// One line for people.
    pub fn human(&self) -> String {
        let text = |d: Option<Duration>| d.map_or_else(|| "-".to_string(), |d| format!("{:.2} ms", millis(d)));
        format!(
            "{} requests from {} devices in {:.2} s: {:.1} req/s, p50 {}, p90 {}, p99 {}, max {}; {} records ({} bytes) per response; {} errors, {} throttled retries",
            self.requests,
            self.devices,
            self.seconds,
            self.requests_per_second,
            text(self.p50),
            text(self.p90),
            text(self.p99),
            text(self.max),
            self.records_per_response,
            self.response_bytes,
            self.errors,
            self.throttled_retries,
        )
    }
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn ms(duration: Option<Duration>) -> Value {
    duration.map_or(Value::Null, |d| json!(round(millis(d), 3)))
}

fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms_samples(values: impl IntoIterator<Item = u64>) -> Vec<Duration> {
        values.into_iter().map(Duration::from_millis).collect()
    }

    #[test]
    fn nearest_rank_percentiles_of_one_to_a_hundred() {
        let sorted = ms_samples(1..=100);
        let at = |per_mille| percentile(&sorted, per_mille).unwrap().as_millis();
        assert_eq!(at(500), 50);
        assert_eq!(at(900), 90);
        assert_eq!(at(990), 99, "integer ranks: no rounding up to the maximum");
        assert_eq!(at(999), 100);
        assert_eq!(at(1000), 100);
        assert_eq!(at(0), 1, "p0 is the minimum");
        assert_eq!(at(5000), 100, "over 1000 is the maximum");
    }

    #[test]
    fn percentiles_of_small_samples() {
        let ten = ms_samples(1..=10);
        assert_eq!(percentile(&ten, 500), Some(Duration::from_millis(5)));
        assert_eq!(percentile(&ten, 510), Some(Duration::from_millis(6)));
        assert_eq!(percentile(&ten, 990), Some(Duration::from_millis(10)));
        let one = ms_samples([7]);
        for per_mille in [0, 500, 990, 1000] {
            assert_eq!(percentile(&one, per_mille), Some(Duration::from_millis(7)));
        }
        let two = ms_samples([1, 9]);
        assert_eq!(percentile(&two, 500), Some(Duration::from_millis(1)));
        assert_eq!(percentile(&two, 501), Some(Duration::from_millis(9)));
        assert_eq!(percentile(&[], 500), None);
    }

    #[test]
    fn summary_sorts_and_counts_only_successes_as_throughput() {
        let mut outcome = Outcome { latencies: ms_samples([30, 10, 20, 40]), ..Outcome::default() };
        outcome.response_bytes = 400;
        outcome.merge(Outcome {
            latencies: ms_samples([50]),
            errors: BTreeMap::from([("HTTP 403 throttled".to_string(), 2)]),
            response_bytes: 100,
            throttled: 3,
        });
        let summary = Summary::new(2, 0, 3, Duration::from_secs(2), &outcome);
        assert_eq!(summary.requests, 7);
        assert_eq!(summary.errors, 2);
        assert_eq!(summary.requests_per_second, 2.5);
        assert_eq!(summary.p50, Some(Duration::from_millis(30)));
        assert_eq!(summary.p99, Some(Duration::from_millis(50)));
        assert_eq!(summary.mean, Some(Duration::from_millis(30)));
        assert_eq!(summary.response_bytes, 100);
        let json = summary.to_json();
        assert_eq!(json["p50_ms"], 30.0);
        assert_eq!(json["errors"], 2);
        assert_eq!(json["throttled_retries"], 3, "retries are counted, not as requests or errors");
        assert_eq!(json["records_per_response"], 3);
    }

    #[test]
    fn summary_without_successes_has_no_latencies() {
        let outcome = Outcome { errors: BTreeMap::from([("boom".to_string(), 3)]), ..Outcome::default() };
        let summary = Summary::new(1, 0, 10, Duration::from_millis(5), &outcome);
        assert_eq!(summary.p50, None);
        assert_eq!(summary.to_json()["p99_ms"], Value::Null);
        assert_eq!(summary.requests_per_second, 0.0);
        assert!(summary.human().contains("p50 -"), "{}", summary.human());
    }
}
