//! One small stable sort for the engine's short lists (an object's keys for
//! the receipt, a pack's settings and dates, the shipped packs).
//!
//! Why not `slice::sort_by`: the standard library's stable sort is a large
//! piece of code, instantiated once per element type; four of them cost the
//! WASM module about 12 KB before compression, against a first-load budget
//! (docs/web.md). The lists sorted here hold a few dozen items at most, where
//! an insertion sort is as fast and a few hundred bytes.

use std::cmp::Ordering;

/// Sorts `items` stably by `cmp` (insertion sort: for short lists only).
pub(crate) fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && cmp(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sort_by;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Pairs with repeated keys: stability shows in the second field.
        let mut seed = 7u32;
        for len in 0..40 {
            let mut v: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 5, i)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            sort_by(&mut v, |a, b| a.0.cmp(&b.0));
            assert_eq!(v, expected, "length {len}");
        }
    }
}
