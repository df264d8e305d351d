//! Rate limits for submissions that come without an invite: so many per signing key
//! and so many per client address in a window, as token buckets in memory. A
//! submission over a limit is answered `429` with `Retry-After`; its sender (the
//! widget's courier) waits as told and tries again, so nothing is lost.
//!
//! Invited visits are not limited (the invite token authenticates them), nor are
//! retries of a submission already stored (they replay its receipt). The buckets are
//! per receiver process: receivers behind a load balancer each allow their share.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many new uninvited submissions are allowed in each window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimits {
    /// Per signing key (a phone makes one key per visit, so one is usual).
    pub per_key: u32,
    /// Per client address (a clinic's waiting-room network shares one).
    pub per_address: u32,
    /// The window over which each allowance refills.
    pub window: Duration,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            per_key: 5,
            per_address: 120,
            window: Duration::from_secs(3600),
        }
    }
}

/// One allowance that refills evenly over the window.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets by key and by address.
#[derive(Debug, Default)]
pub struct RateLimiter {
    limits: RateLimits,
    keys: Mutex<HashMap<String, Bucket>>,
    addresses: Mutex<HashMap<Option<IpAddr>, Bucket>>,
}

/// Bounds the memory the buckets take: past this many, full buckets are forgotten.
const MAX_BUCKETS: usize = 100_000;

impl RateLimiter {
    /// A limiter for `limits`.
    pub fn new(limits: RateLimits) -> RateLimiter {
        RateLimiter {
            limits,
            ..RateLimiter::default()
        }
    }

    /// Takes one submission from the key's and the address's allowances, or says how
    /// long to wait (whole seconds, at least 1). Nothing is taken when either is spent.
    pub fn take(&self, kid: &str, address: Option<IpAddr>, now: Instant) -> Result<(), u64> {
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        let mut addresses = self.addresses.lock().unwrap_or_else(|p| p.into_inner());
        let key_wait = wait(
            &mut keys,
            kid.to_owned(),
            self.limits.per_key,
            self.limits.window,
            now,
        );
        let address_wait = wait(
            &mut addresses,
            address,
            self.limits.per_address,
            self.limits.window,
            now,
        );
        if key_wait.is_some() || address_wait.is_some() {
            let seconds = key_wait.unwrap_or(0.0).max(address_wait.unwrap_or(0.0));
            return Err(seconds.ceil().max(1.0) as u64);
        }
        for bucket in [keys.get_mut(kid), addresses.get_mut(&address)]
            .into_iter()
            .flatten()
        {
            bucket.tokens -= 1.0;
        }
        forget_full(&mut keys, self.limits.per_key);
        forget_full(&mut addresses, self.limits.per_address);
        Ok(())
    }

    /// Gives back what [`RateLimiter::take`] took for a submission that turned out not
    /// to be new (a retry of a stored one) or was not stored.
    pub fn give_back(&self, kid: &str, address: Option<IpAddr>) {
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        let mut addresses = self.addresses.lock().unwrap_or_else(|p| p.into_inner());
        let refill = |bucket: Option<&mut Bucket>, per_window: u32| {
            if let Some(bucket) = bucket {
                bucket.tokens = (bucket.tokens + 1.0).min(f64::from(per_window.max(1)));
            }
        };
        refill(keys.get_mut(kid), self.limits.per_key);
        refill(addresses.get_mut(&address), self.limits.per_address);
    }
}

/// Refills `id`'s bucket to `now`; `Some(seconds)` until one submission is allowed.
fn wait<K: std::hash::Hash + Eq>(
    buckets: &mut HashMap<K, Bucket>,
    id: K,
    per_window: u32,
    window: Duration,
    now: Instant,
) -> Option<f64> {
    let capacity = f64::from(per_window.max(1));
    let rate = capacity / window.as_secs_f64().max(1e-3);
    let bucket = buckets.entry(id).or_insert(Bucket {
        tokens: capacity,
        at: now,
    });
    let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
    bucket.tokens = (bucket.tokens + elapsed * rate).min(capacity);
    bucket.at = now;
    (bucket.tokens < 1.0).then(|| (1.0 - bucket.tokens) / rate)
}

fn forget_full<K>(buckets: &mut HashMap<K, Bucket>, per_window: u32) {
    if buckets.len() > MAX_BUCKETS {
        let capacity = f64::from(per_window.max(1));
        buckets.retain(|_, b| b.tokens < capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_allowance_then_waits_and_the_window_refills_it() {
        let limits = RateLimits {
            per_key: 2,
            per_address: 100,
            window: Duration::from_secs(60),
        };
        let limiter = RateLimiter::new(limits);
        let t0 = Instant::now();
        assert_eq!(limiter.take("k", None, t0), Ok(()));
        assert_eq!(limiter.take("k", None, t0), Ok(()));
        assert_eq!(limiter.take("k", None, t0), Err(30), "one token per 30 s");
        assert_eq!(
            limiter.take("other", None, t0),
            Ok(()),
            "another key is free"
        );
        assert_eq!(
            limiter.take("k", None, t0 + Duration::from_secs(30)),
            Ok(())
        );
    }

    #[test]
    fn what_is_given_back_may_be_taken_again_but_never_more_than_the_allowance() {
        let limits = RateLimits {
            per_key: 1,
            per_address: 1,
            window: Duration::from_secs(3600),
        };
        let limiter = RateLimiter::new(limits);
        let t0 = Instant::now();
        assert_eq!(limiter.take("k", None, t0), Ok(()));
        assert!(limiter.take("k", None, t0).is_err());
        limiter.give_back("k", None);
        assert_eq!(limiter.take("k", None, t0), Ok(()));
        limiter.give_back("k", None);
        limiter.give_back("k", None);
        assert_eq!(limiter.take("k", None, t0), Ok(()));
        assert!(
            limiter.take("k", None, t0).is_err(),
            "capped at the allowance"
        );
    }

    #[test]
    fn an_address_is_limited_across_keys_and_a_refusal_takes_nothing() {
        let limits = RateLimits {
            per_key: 10,
            per_address: 2,
            window: Duration::from_secs(10),
        };
        let limiter = RateLimiter::new(limits);
        let here: Option<IpAddr> = Some([192, 0, 2, 1].into());
        let t0 = Instant::now();
        assert_eq!(limiter.take("a", here, t0), Ok(()));
        assert_eq!(limiter.take("b", here, t0), Ok(()));
        assert_eq!(limiter.take("c", here, t0), Err(5));
        assert_eq!(
            limiter.take("c", Some([192, 0, 2, 2].into()), t0),
            Ok(()),
            "the refusal took nothing from key c"
        );
    }
}
