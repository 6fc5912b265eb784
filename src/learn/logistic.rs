//! L2-regularised logistic regression with scikit-learn's objective:
//!
//! ```text
//! minimise  C · Σ_i logloss(y_i, b + w·x_i)  +  ½ ‖w‖²      (the intercept b is not penalised)
//! ```
//!
//! the objective of `LogisticRegression(C=...)` with its default lbfgs solver. We solve it by
//! Newton's method (IRLS): each step solves `H d = -g` with a Cholesky factorisation and
//! backtracks until the objective falls enough (Armijo). The objective is strictly convex, so
//! this converges quadratically to the same optimum, to a far tighter tolerance than lbfgs's
//! default, in about ten passes over the rows. The Hessian is built from the sparse rows: a
//! row with k non-zeros costs k²/2, not width².

use super::encode::Design;
use super::error::LearnError;
use super::linalg::cholesky_solve;

/// A fitted model: `logit = intercept + Σ coef[j] · x[j]` over the design columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    pub intercept: f64,
    pub coef: Vec<f64>,
    /// Newton steps taken.
    pub iterations: usize,
    /// The Newton decrement fell below the tolerance.
    pub converged: bool,
}

const MAX_ITERATIONS: usize = 100;
/// Stop when the Newton decrement λ²/2 (the predicted objective gain) is this small relative
/// to the objective: the next step would change the objective by about its square.
const TOLERANCE: f64 = 1e-13;

/// Fit on the design `x` with outcomes `y` (0/1) and inverse regularisation strength `c`.
pub fn fit_logistic(x: &Design, y: &[f64], c: f64) -> Result<Logistic, LearnError> {
    if !(c.is_finite() && c > 0.0) {
        return Err(LearnError::new(format!(
            "C must be a positive number (got {c})"
        )));
    }
    let (n, p) = (x.rows(), x.width);
    let dim = p + 1; // coefficients, then the intercept
    let mut theta = vec![0.0; dim];
    // Start the intercept at the base rate's log-odds: one step less, and no overflow.
    let rate = y.iter().sum::<f64>() / n.max(1) as f64;
    theta[p] = (rate.clamp(1e-6, 1.0 - 1e-6) / (1.0 - rate.clamp(1e-6, 1.0 - 1e-6))).ln();
    let mut z = vec![theta[p]; n];
    let mut f = objective(&z, y, &theta[..p], c);
    let mut hessian = vec![0.0; dim * dim];
    let mut dz = vec![0.0; n];
    for iteration in 1..=MAX_ITERATIONS {
        // Gradient and lower triangle of the Hessian in one pass over the rows.
        let mut grad = vec![0.0; dim];
        hessian.iter_mut().for_each(|h| *h = 0.0);
        for i in 0..n {
            let s = sigmoid(z[i]);
            let r = c * (s - y[i]);
            let w = c * s * (1.0 - s);
            let (idx, val) = x.row(i);
            for (a, (&ia, &va)) in idx.iter().zip(val).enumerate() {
                let ia = ia as usize;
                grad[ia] += r * va;
                let wa = w * va;
                let row = &mut hessian[ia * dim..];
                for (&ib, &vb) in idx[..=a].iter().zip(&val[..=a]) {
                    row[ib as usize] += wa * vb;
                }
                hessian[p * dim + ia] += wa;
            }
            grad[p] += r;
            hessian[p * dim + p] += w;
        }
        for j in 0..p {
            grad[j] += theta[j];
            hessian[j * dim + j] += 1.0;
        }
        let minus_g: Vec<f64> = grad.iter().map(|g| -g).collect();
        let Some(step) = cholesky_solve(&hessian, &minus_g) else {
            return Err(LearnError::new(
                "the Newton system is not positive definite (is C far too large?)",
            ));
        };
        let decrement: f64 = -grad.iter().zip(&step).map(|(g, d)| g * d).sum::<f64>();
        if decrement / 2.0 <= TOLERANCE * f.abs().max(1.0) {
            // So close that the full Newton step is safe; it squares the remaining error.
            theta.iter_mut().zip(&step).for_each(|(t, d)| *t += d);
            return Ok(finish(theta, p, iteration, true));
        }
        for (i, d) in dz.iter_mut().enumerate() {
            let (idx, val) = x.row(i);
            *d = step[p]
                + idx
                    .iter()
                    .zip(val)
                    .map(|(&j, &v)| step[j as usize] * v)
                    .sum::<f64>();
        }
        // Backtracking line search (Armijo); a full step is almost always taken.
        let mut t = 1.0;
        loop {
            let trial_theta: Vec<f64> = theta.iter().zip(&step).map(|(a, d)| a + t * d).collect();
            let trial_z: Vec<f64> = z.iter().zip(&dz).map(|(a, d)| a + t * d).collect();
            let trial = objective(&trial_z, y, &trial_theta[..p], c);
            if trial <= f - 1e-4 * t * decrement {
                theta = trial_theta;
                z = trial_z;
                f = trial;
                break;
            }
            t /= 2.0;
            if t < 1e-10 {
                // No decrease left to find: we are at the optimum up to rounding.
                return Ok(finish(theta, p, iteration, true));
            }
        }
    }
    Ok(finish(theta, p, MAX_ITERATIONS, false))
}

fn finish(mut theta: Vec<f64>, p: usize, iterations: usize, converged: bool) -> Logistic {
    let intercept = theta[p];
    theta.truncate(p);
    Logistic {
        intercept,
        coef: theta,
        iterations,
        converged,
    }
}

/// C · Σ logloss + ½‖w‖².
fn objective(z: &[f64], y: &[f64], w: &[f64], c: f64) -> f64 {
    let loss: f64 = z.iter().zip(y).map(|(&z, &y)| softplus(z) - y * z).sum();
    c * loss + 0.5 * w.iter().map(|v| v * v).sum::<f64>()
}

/// ln(1 + e^z) without overflow.
fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// 1 / (1 + e^-z) without overflow.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

impl Logistic {
    /// Log-odds of each row of `x`.
    pub fn logits(&self, x: &Design) -> Vec<f64> {
        (0..x.rows())
            .map(|i| {
                let (idx, val) = x.row(i);
                self.intercept
                    + idx
                        .iter()
                        .zip(val)
                        .map(|(&j, &v)| self.coef[j as usize] * v)
                        .sum::<f64>()
            })
            .collect()
    }

    /// Probability of conversion of each row of `x`.
    pub fn predict(&self, x: &Design) -> Vec<f64> {
        self.logits(x).into_iter().map(sigmoid).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dense(rows: &[Vec<f64>]) -> Design {
        let width = rows[0].len();
        let mut d = Design {
            width,
            start: vec![0],
            index: Vec::new(),
            value: Vec::new(),
        };
        for r in rows {
            for (j, &v) in r.iter().enumerate() {
                d.index.push(j as u32);
                d.value.push(v);
            }
            d.start.push(d.index.len());
        }
        d
    }

    #[test]
    fn gradient_is_zero_at_the_optimum() {
        let rows: Vec<Vec<f64>> = (0..40)
            .map(|i| vec![f64::from(i) / 10.0 - 2.0, f64::from(i % 3)])
            .collect();
        let y: Vec<f64> = (0..40)
            .map(|i| f64::from(u8::from(i % 4 != 0 && i > 12)))
            .collect();
        let x = dense(&rows);
        let m = fit_logistic(&x, &y, 0.7).unwrap();
        assert!(m.converged);
        let p = m.predict(&x);
        // d/dw: C Σ (p - y) x + w = 0; d/db: C Σ (p - y) = 0.
        let gb: f64 = p.iter().zip(&y).map(|(p, y)| p - y).sum::<f64>();
        assert!(gb.abs() < 1e-8, "{gb}");
        for (j, w) in m.coef.iter().enumerate() {
            let g = 0.7
                * rows
                    .iter()
                    .zip(&p)
                    .zip(&y)
                    .map(|((r, p), y)| (p - y) * r[j])
                    .sum::<f64>()
                + w;
            assert!(g.abs() < 1e-8, "{g}");
        }
    }

    #[test]
    fn separable_data_stays_finite() {
        let rows: Vec<Vec<f64>> = (0..20).map(|i| vec![f64::from(i)]).collect();
        let y: Vec<f64> = (0..20).map(|i| f64::from(u8::from(i >= 10))).collect();
        let m = fit_logistic(&dense(&rows), &y, 1e4).unwrap();
        assert!(m.coef[0].is_finite() && m.coef[0] > 0.0);
    }

    #[test]
    fn bad_c_is_an_error() {
        let x = dense(&[vec![1.0]]);
        assert!(fit_logistic(&x, &[1.0], 0.0).is_err());
        assert!(fit_logistic(&x, &[1.0], f64::NAN).is_err());
    }

    #[test]
    fn sigmoid_and_softplus_are_stable() {
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert!((softplus(-1000.0)).abs() < 1e-300);
        assert_eq!(softplus(1000.0), 1000.0);
    }
}
