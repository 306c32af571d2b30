//! Ratios measured in pairs, for machines whose speed drifts (shared VMs): each round times the
//! two operations back to back, alternating which goes first. Reported: each side's minimum,
//! and the median of the per-round ratios. Criterion's sequential groups can land in different
//! load; paired measurements are robust to it.
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

/// Times of `a` and `b` over interleaved rounds.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    /// The fastest run of `a`, in seconds.
    pub a_min: f64,
    /// The fastest run of `b`, in seconds.
    pub b_min: f64,
    /// The median over rounds of `a / b` within the round: drift between rounds cancels.
    pub median_ratio: f64,
}

/// Runs `a` and `b` back to back `rounds` times, alternating which goes first.
pub fn min_pair(rounds: usize, a: &dyn Fn() -> f64, b: &dyn Fn() -> f64) -> Pair {
    let (mut a_min, mut b_min) = (f64::MAX, f64::MAX);
    let mut ratios = Vec::with_capacity(rounds);
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
        ratios.push(ta / tb);
    }
    ratios.sort_by(f64::total_cmp);
    Pair {
        a_min,
        b_min,
        median_ratio: ratios.get(rounds / 2).copied().unwrap_or(f64::NAN),
    }
}

/// `name  a 1.234 ms  b 0.987 ms  ratio of minima 1.250  median ratio 1.240`.
pub fn report(name: &str, a_label: &str, b_label: &str, p: Pair) {
    println!(
        "  {name:<34} {a_label} {:>8.3} ms  {b_label} {:>8.3} ms  ratio of minima {:.3}  median ratio {:.3}",
        p.a_min * 1e3,
        p.b_min * 1e3,
        p.a_min / p.b_min,
        p.median_ratio
    );
}
