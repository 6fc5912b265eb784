//! Seeded randomness and stratified k-fold assignment, deterministic on every platform.

use super::error::LearnError;

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and good enough to shuffle folds.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), without modulo bias worth caring about for n < 2^32.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The fold (0..k) of each row: each class is shuffled with `seed`, then dealt round-robin,
/// so every fold keeps the class ratio (within one row per class). Like scikit-learn's
/// `StratifiedKFold(shuffle=True)`, but with our own generator, so the folds differ.
pub fn stratified_folds(y: &[f64], k: usize, seed: u64) -> Result<Vec<usize>, LearnError> {
    if k < 2 {
        return Err(LearnError::new(format!(
            "cross-validation needs at least 2 folds (got {k})"
        )));
    }
    let mut rng = SplitMix64::new(seed);
    let mut folds = vec![0; y.len()];
    let mut next = 0;
    for class in [1.0, 0.0] {
        let mut members: Vec<usize> = (0..y.len()).filter(|&i| y[i] == class).collect();
        if members.len() < k {
            let name = if class == 1.0 { "positive" } else { "negative" };
            return Err(LearnError::new(format!(
                "{k}-fold cross-validation needs at least {k} {name} rows (found {})",
                members.len()
            )));
        }
        rng.shuffle(&mut members);
        // Continue the deal where the other class stopped, so fold sizes stay balanced.
        for i in members {
            folds[i] = next;
            next = (next + 1) % k;
        }
    }
    Ok(folds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_folds_and_ratios_kept() {
        let y: Vec<f64> = (0..1000).map(|i| f64::from(i % 10 == 0)).collect();
        let a = stratified_folds(&y, 5, 42).unwrap();
        assert_eq!(a, stratified_folds(&y, 5, 42).unwrap());
        assert_ne!(a, stratified_folds(&y, 5, 43).unwrap());
        for f in 0..5 {
            let rows: Vec<usize> = (0..1000).filter(|&i| a[i] == f).collect();
            let pos = rows.iter().filter(|&&i| y[i] == 1.0).count();
            assert_eq!(rows.len(), 200);
            assert_eq!(pos, 20);
        }
    }

    #[test]
    fn too_few_positives_is_an_error() {
        let y = [1.0, 0.0, 0.0, 0.0];
        let e = stratified_folds(&y, 2, 1).unwrap_err();
        assert!(e.message.contains("at least 2 positive"), "{e}");
        assert!(stratified_folds(&y, 1, 1).is_err());
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = SplitMix64::new(7);
        assert!((0..1000).all(|_| r.below(3) < 3));
    }
}
