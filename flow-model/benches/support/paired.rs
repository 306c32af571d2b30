//! Ratios measured in pairs, for machines whose speed drifts (shared VMs): each round times the
//! two operations back to back, alternating which goes first, and each side keeps its minimum.
//! Criterion's sequential groups can land in different load; paired minima are robust to it.
//!
//! Shared by the flow-model and flow-dsl benches through `#[path]`.

use std::hint::black_box;
use std::time::Instant;

/// One run of `f`, in seconds.
pub fn time<R>(f: impl FnOnce() -> R) -> f64 {
    let t = Instant::now();
    black_box(f());
    t.elapsed().as_secs_f64()
}

/// The minimum time of `a` and of `b` over `rounds` interleaved rounds, in seconds.
pub fn min_pair(rounds: usize, a: &dyn Fn() -> f64, b: &dyn Fn() -> f64) -> (f64, f64) {
    let (mut a_min, mut b_min) = (f64::MAX, f64::MAX);
    for round in 0..rounds {
        let (ta, tb) = if round % 2 == 0 {
            let ta = a();
            (ta, b())
        } else {
            let tb = b();
            (a(), tb)
        };
        a_min = a_min.min(ta);
        b_min = b_min.min(tb);
    }
    (a_min, b_min)
}

/// `name  a 1.234 ms  b 0.987 ms  ratio 1.250`.
pub fn report(name: &str, a_label: &str, b_label: &str, (a, b): (f64, f64)) {
    println!(
        "  {name:<40} {a_label} {:>8.3} ms  {b_label} {:>8.3} ms  ratio {:.3}",
        a * 1e3,
        b * 1e3,
        a / b
    );
}
