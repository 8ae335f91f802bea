//! One sort for all of Skiff. Every `sort_by` on a slice of its own type brings its own copy of
//! the standard library's stable sort (about 3 KB of wasm each); these sort positions instead,
//! through one instantiation, and then move the elements into that order. Stable, like
//! `slice::sort_by`, and in the same order.

use std::cmp::Ordering;

/// `0..len` in `order` (stable: equal positions keep their order).
pub fn sorted(len: usize, order: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut v: Vec<usize> = (0..len).collect();
    v.sort_by(|&a, &b| order(a, b));
    v
}

/// `v` sorted by `cmp`, as `v.sort_by(cmp)` sorts it.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = sorted(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// `v` sorted by `key`, as `v.sort_by_key(key)` sorts it, with each key computed once (a
/// lower-cased name is an allocation, and a call into the browser when it is not ASCII:
/// `overview::lower`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = sorted(v.len(), &|a, b| keys[a].cmp(&keys[b]));
    permute(v, order);
}

/// Puts the element at `order[k]` at position `k`, following each cycle of the permutation.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_sort_does(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..60)) {
            let mut ours = v.clone();
            let mut std = v;
            // Only the first field is compared: equal ones must keep their order (stable).
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by(|a, b| a.0.cmp(&b.0));
            prop_assert_eq!(ours, std);
        }
    }

    proptest! {
        #[test]
        fn sorts_by_key_as_the_standard_sort_does(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..60)) {
            let mut ours = v.clone();
            let mut std = v;
            sort_by_key(&mut ours, |e| e.0);
            std.sort_by_key(|e| e.0);
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn sorted_positions() {
        let keys = [3, 1, 2, 1];
        assert_eq!(sorted(4, &|a, b| keys[a].cmp(&keys[b])), vec![1, 3, 2, 0]);
        let mut empty: [u8; 0] = [];
        sort_by(&mut empty, |a, b| a.cmp(b));
    }
}
