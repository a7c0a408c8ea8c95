//! Exact fractions for formula rules. `Decimal` division is not exact (`4 / 3 * 3` is
//! 3.9999…, which rounds *down* to 3.99), so a formula is evaluated as a fraction of two
//! `i128`s, kept reduced, with every operation checked: a result that does not fit is an
//! error, never a panic or a silently wrong number. The fraction is rounded once, at the
//! end, straight to the leaf's decimal places; it is never divided out in `Decimal` first,
//! which would round twice.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::number::{Rounding, RoundingStrategy};

/// `num / den`, with `den > 0` and no common factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    num: i128,
    den: i128,
}

fn gcd(a: u128, b: u128) -> u128 {
    // Office figures fit in 64 bits: 64-bit division is several times faster than 128-bit.
    if let (Ok(a), Ok(b)) = (u64::try_from(a), u64::try_from(b)) {
        return u128::from(binary_gcd(a, b));
    }
    let (mut a, mut b) = (a, b);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Stein's binary GCD: shifts and subtractions, no division (whose latency dominates the
/// short Euclidean loops of office figures).
fn binary_gcd(mut a: u64, mut b: u64) -> u64 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// `|n| / g` keeping the sign; `g` divides `n`, so this only fails for `i128::MIN / 1`,
/// which is returned unchanged.
fn div_exact(n: i128, g: u128) -> i128 {
    if g <= 1 {
        return n;
    }
    // Office figures fit in 64 bits: a 64-bit division, not a 128-bit one.
    if let (Ok(n), Ok(g)) = (i64::try_from(n), u64::try_from(g)) {
        let q = i128::from(n.unsigned_abs() / g);
        return if n < 0 { -q } else { q };
    }
    // g ≥ 2, so |n| / g ≤ 2^126 fits.
    let q = (n.unsigned_abs() / g) as i128;
    // (`n <= 0` would do as well: the quotient of 0 is 0 either way)
    if n < 0 { -q } else { q }
}

pub(super) use crate::number::mul;

impl Fraction {
    pub const ZERO: Fraction = Fraction { num: 0, den: 1 };

    /// `num / den` reduced; `None` if `den` is 0 or the sign cannot be moved to the
    /// numerator (`i128::MIN` in the denominator).
    pub fn new(num: i128, den: i128) -> Option<Fraction> {
        if den == 0 {
            return None;
        }
        let g = gcd(num.unsigned_abs(), den.unsigned_abs());
        let (num, den) = (div_exact(num, g), div_exact(den, g));
        if den < 0 {
            Some(Fraction {
                num: num.checked_neg()?,
                den: den.checked_neg()?,
            })
        } else {
            Some(Fraction { num, den })
        }
    }

    /// A decimal is `mantissa / 10^scale` with a 96-bit mantissa and a scale of at most 28,
    /// so it always fits.
    pub fn from_decimal(d: Decimal) -> Fraction {
        if d.scale() == 0 {
            // A whole number: nothing to reduce.
            return Fraction { num: d.mantissa(), den: 1 };
        }
        let den = 10i128.pow(d.scale());
        Fraction::new(d.mantissa(), den).unwrap_or(Fraction::ZERO)
    }

    pub fn numerator(self) -> i128 {
        self.num
    }

    pub fn denominator(self) -> i128 {
        self.den
    }

    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    pub fn checked_neg(self) -> Option<Fraction> {
        Some(Fraction {
            num: self.num.checked_neg()?,
            den: self.den,
        })
    }

    pub fn checked_add(self, other: Fraction) -> Option<Fraction> {
        // a/b + c/d = (a·(d/g) + c·(b/g)) / (b/g·d) with g = gcd(b, d): the smallest
        // common denominator keeps intermediate products small.
        let g = gcd(self.den.unsigned_abs(), other.den.unsigned_abs());
        let b = div_exact(self.den, g);
        let d = div_exact(other.den, g);
        let num = mul(self.num, d)?.checked_add(mul(other.num, b)?)?;
        Fraction::new(num, mul(b, other.den)?)
    }

    pub fn checked_sub(self, other: Fraction) -> Option<Fraction> {
        self.checked_add(other.checked_neg()?)
    }

    pub fn checked_mul(self, other: Fraction) -> Option<Fraction> {
        // Cancel across before multiplying, so the result is already reduced.
        let g1 = gcd(self.num.unsigned_abs(), other.den.unsigned_abs());
        let g2 = gcd(other.num.unsigned_abs(), self.den.unsigned_abs());
        let num = mul(div_exact(self.num, g1), div_exact(other.num, g2))?;
        let den = mul(div_exact(self.den, g2), div_exact(other.den, g1))?;
        // Both were reduced with positive denominators: after cancelling across, so is this.
        Some(Fraction { num, den })
    }

    /// `None` when `other` is 0 (callers report that first) or the result does not fit.
    pub fn checked_div(self, other: Fraction) -> Option<Fraction> {
        if other.num == 0 {
            return None;
        }
        // The reciprocal of a reduced fraction is reduced: only its sign moves. (`<= 0` would
        // do as well: 0 was answered above.)
        let reciprocal = if other.num < 0 {
            Fraction {
                num: other.den.checked_neg()?,
                den: other.num.checked_neg()?,
            }
        } else {
            Fraction {
                num: other.den,
                den: other.num,
            }
        };
        self.checked_mul(reciprocal)
    }

    /// Rounds to `rounding.places` decimals with its strategy, exactly: the digits are
    /// produced by long division and the remainder decides the last one. Returns the
    /// rounded value and whether it equals the fraction; `None` if it does not fit a
    /// `Decimal`.
    pub fn round(self, rounding: Rounding) -> Option<(Decimal, bool)> {
        self.round_narrow(rounding).or_else(|| self.round_wide(rounding))
    }

    /// [`Fraction::round`] on 128 bits, whatever the fraction.
    fn round_wide(self, rounding: Rounding) -> Option<(Decimal, bool)> {
        let den = self.den.unsigned_abs();
        let mut q = self.num.unsigned_abs() / den;
        let mut r = self.num.unsigned_abs() % den;
        for _ in 0..rounding.places {
            // Office denominators are small: 10·r fits, and one division gives the digit.
            if let Some(ten_r) = r.checked_mul(10) {
                q = q.checked_mul(10)?.checked_add(ten_r / den)?;
                r = ten_r % den;
                continue;
            }
            // (10·r) / den and (10·r) % den by ten additions of r modulo den: r < den, so
            // nothing here can overflow even for denominators near 2^127.
            let (mut acc, mut digit) = (0u128, 0u128);
            for _ in 0..10 {
                if acc >= den - r {
                    acc -= den - r;
                    digit += 1;
                } else {
                    acc += r;
                }
            }
            q = q.checked_mul(10)?.checked_add(digit)?;
            r = acc;
        }
        // Compare the remainder with half a unit in the last place: 2r against den (r < den
        // ≤ 2^127, so 2r fits in a u128).
        if rounds_up(rounding.strategy, (r * 2).cmp(&den), q % 2 == 1) {
            q = q.checked_add(1)?;
        }
        let magnitude = i128::try_from(q).ok()?;
        // (`<= 0` would do as well: -0 is 0)
        let signed = if self.num < 0 { -magnitude } else { magnitude };
        let d = Decimal::try_from_i128_with_scale(signed, rounding.places).ok()?;
        Some((d.normalize(), r == 0))
    }
}

/// Whether a rounded quotient goes up by one in its last place: `half` is twice the
/// remainder against the denominator (the remainder against half a unit), `odd` whether
/// the last digit kept is odd.
fn rounds_up(strategy: RoundingStrategy, half: Ordering, odd: bool) -> bool {
    match strategy {
        RoundingStrategy::Down => false,
        RoundingStrategy::HalfUp => half != Ordering::Less,
        RoundingStrategy::HalfEven => half == Ordering::Greater || (half == Ordering::Equal && odd),
    }
}

impl Fraction {
    /// [`Fraction::round`] on 64 bits, for the fractions of office figures: the same digits,
    /// remainder and rounding, and the trailing zeros taken off the integer as
    /// `Decimal::normalize` takes them off (a 96-bit division per digit). `None` when a step
    /// does not fit 64 bits or the result a decimal: the 128-bit way then decides.
    fn round_narrow(self, rounding: Rounding) -> Option<(Decimal, bool)> {
        let num = u64::try_from(self.num.unsigned_abs()).ok()?;
        let den = u64::try_from(self.den.unsigned_abs()).ok()?;
        let (mut q, mut r) = (num / den, num % den);
        for _ in 0..rounding.places {
            let ten_r = r.checked_mul(10)?;
            q = q.checked_mul(10)?.checked_add(ten_r / den)?;
            r = ten_r % den;
        }
        if rounds_up(rounding.strategy, r.checked_mul(2)?.cmp(&den), q % 2 == 1) {
            q = q.checked_add(1)?;
        }
        if q == 0 {
            // (normalised zero: no sign, no places)
            return Some((Decimal::ZERO, r == 0));
        }
        let mut scale = rounding.places;
        while scale > 0 && q % 10 == 0 {
            q /= 10;
            scale -= 1;
        }
        let magnitude = i128::from(q);
        let signed = if self.num < 0 { -magnitude } else { magnitude };
        Some((Decimal::try_from_i128_with_scale(signed, scale).ok()?, r == 0))
    }
}

impl Ord for Fraction {
    /// Exact comparison. Office figures fit in 64 bits, where the cross products `a·d` and
    /// `c·b` fit in 128 (denominators are positive, so they order as the fractions do);
    /// wider fractions go by [`Fraction::cmp_wide`].
    fn cmp(&self, other: &Fraction) -> Ordering {
        match (
            i64::try_from(self.num),
            i64::try_from(self.den),
            i64::try_from(other.num),
            i64::try_from(other.den),
        ) {
            (Ok(a), Ok(b), Ok(c), Ok(d)) => (i128::from(a) * i128::from(d)).cmp(&(i128::from(c) * i128::from(b))),
            _ => self.cmp_wide(other),
        }
    }
}

impl Fraction {
    /// Exact comparison without multiplying out (which could overflow): compare the whole
    /// parts, then the remainders as reciprocals, as in a continued fraction.
    fn cmp_wide(&self, other: &Fraction) -> Ordering {
        let (mut a, mut b, mut c, mut d) = (self.num, self.den, other.num, other.den);
        let mut flipped = false;
        loop {
            // b, d > 0 here, so Euclidean division cannot overflow.
            let (qa, ra) = (a.div_euclid(b), a.rem_euclid(b));
            let (qc, rc) = (c.div_euclid(d), c.rem_euclid(d));
            let ord = match (qa.cmp(&qc), ra, rc) {
                (Ordering::Equal, 0, 0) => Ordering::Equal,
                (Ordering::Equal, 0, _) => Ordering::Less,
                (Ordering::Equal, _, 0) => Ordering::Greater,
                (Ordering::Equal, _, _) => {
                    // ra/b ? rc/d is the reverse of b/ra ? d/rc (all positive).
                    (a, b, c, d) = (b, ra, d, rc);
                    flipped = !flipped;
                    continue;
                }
                (ord, _, _) => ord,
            };
            return if flipped { ord.reverse() } else { ord };
        }
    }
}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Fraction) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(n: i128, d: i128) -> Fraction {
        Fraction::new(n, d).unwrap()
    }

    #[test]
    fn gcd_in_64_and_in_128_bits() {
        assert_eq!(gcd(12, 18), 6);
        assert_eq!(gcd(0, 7), 7);
        assert_eq!(gcd(7, 0), 7);
        assert_eq!(gcd(u128::from(u64::MAX), 3), 3);
        // Past 64 bits: 2^70 and 3·2^65 share 2^65.
        assert_eq!(gcd(1 << 70, 3 << 65), 1 << 65);
        assert_eq!(gcd((1 << 64) + 2, 4), 2);
        assert_eq!(gcd(0, 0), 0);
        assert_eq!(binary_gcd(u64::MAX, u64::MAX - 1), 1);
        assert_eq!(binary_gcd(1 << 63, 1 << 40), 1 << 40);
        assert_eq!(binary_gcd(48, 180), 12);
        // Equal numbers, and numbers whose shared factor of two differs from their xor's.
        assert_eq!(binary_gcd(12, 12), 12);
        assert_eq!(binary_gcd(6, 10), 2);
        assert_eq!(binary_gcd(0, 0), 0);
    }

    proptest::proptest! {
        /// Rounding on 64 bits gives what rounding on 128 bits gives, digits, scale and
        /// exactness, wherever it answers (and it answers for office figures).
        #[test]
        fn rounding_on_64_bits_is_rounding_on_128(
            num in proptest::prop_oneof![-1_000_000i128..1_000_000, i128::from(i64::MIN)..=i128::from(i64::MAX), -(1i128 << 80)..(1i128 << 80)],
            den in proptest::prop_oneof![1i128..1_000, 1i128..=i128::from(u32::MAX), 1i128..=i128::from(i64::MAX), 1i128..(1i128 << 80)],
            places in 0u32..=12,
            strategy in proptest::prop_oneof![
                proptest::strategy::Just(RoundingStrategy::HalfUp),
                proptest::strategy::Just(RoundingStrategy::HalfEven),
                proptest::strategy::Just(RoundingStrategy::Down),
            ],
        ) {
            let x = Fraction::new(num, den).unwrap();
            let rounding = Rounding { places, strategy };
            let wide = x.round_wide(rounding);
            if let Some((d, exact)) = x.round_narrow(rounding) {
                let (w, wexact) = wide.unwrap();
                proptest::prop_assert_eq!(d, w);
                proptest::prop_assert_eq!(d.scale(), w.scale());
                proptest::prop_assert_eq!(d.is_sign_negative(), w.is_sign_negative());
                proptest::prop_assert_eq!(exact, wexact);
            }
            if num.unsigned_abs() < 1_000_000 && den < 1_000 && places <= 6 {
                proptest::prop_assert!(x.round_narrow(rounding).is_some());
            }
        }

        /// The 64-bit comparison orders as the continued fraction does, at every width and at
        /// the edges of 64 bits.
        #[test]
        fn comparisons_agree_at_every_width(
            nums in proptest::collection::vec(proptest::prop_oneof![
                proptest::num::i128::ANY,
                proptest::strategy::Strategy::prop_map(proptest::num::i64::ANY, i128::from),
                -1000i128..1000,
                proptest::sample::select(vec![i128::from(i64::MAX), i128::from(i64::MIN), i128::from(i64::MAX) + 1, i128::from(i64::MIN) - 1]),
            ], 4),
        ) {
            let den = |n: i128| n.checked_abs().filter(|d| *d > 0).unwrap_or(1);
            if let (Some(x), Some(y)) = (Fraction::new(nums[0], den(nums[1])), Fraction::new(nums[2], den(nums[3]))) {
                proptest::prop_assert_eq!(x.cmp(&y), x.cmp_wide(&y));
                proptest::prop_assert_eq!(y.cmp(&x), x.cmp_wide(&y).reverse());
                proptest::prop_assert_eq!(x.cmp(&x), Ordering::Equal);
            }
        }

        #[test]
        fn fast_paths_agree_with_128_bit_arithmetic(a in proptest::num::u64::ANY, b in proptest::num::u64::ANY, x in proptest::num::i128::ANY, y in proptest::num::i128::ANY, small in -1_000_000i128..1_000_000) {
            let (mut p, mut q) = (a, b);
            while q != 0 {
                (p, q) = (q, p % q);
            }
            proptest::prop_assert_eq!(binary_gcd(a, b), p);
            for (m, n) in [(x, y), (small, y), (x, small), (small, small), (x >> 64, y >> 64), (i128::from(i64::MIN), i128::from(i64::MIN))] {
                proptest::prop_assert_eq!(mul(m, n), m.checked_mul(n));
            }
            // Exact division at every width, keeping the sign.
            let g = u128::from(b.max(2));
            for n in [small * g as i128, i128::from(a) * if small < 0 { -1 } else { 1 }] {
                if n.unsigned_abs() % g == 0 {
                    proptest::prop_assert_eq!(div_exact(n, g), n / g as i128);
                }
            }
        }
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn round(x: Fraction, places: u32, strategy: RoundingStrategy) -> String {
        let (d, _) = x.round(Rounding { places, strategy }).unwrap();
        d.to_string()
    }

    #[test]
    fn fractions_stay_reduced_with_a_positive_denominator() {
        assert_eq!(f(6, -4), f(-3, 2));
        assert_eq!((f(6, -4).numerator(), f(6, -4).denominator()), (-3, 2));
        assert_eq!(f(0, -7), Fraction::ZERO);
        assert_eq!(Fraction::new(1, 0), None);
        assert_eq!(Fraction::new(1, i128::MIN), None);
        assert_eq!(Fraction::from_decimal(dec("0.250")), f(1, 4));
        assert_eq!(Fraction::from_decimal(dec("-1.5")), f(-3, 2));
        assert_eq!(Fraction::from_decimal(dec("0.000000000000000001")), f(1, 10i128.pow(18)));
    }

    #[test]
    fn exact_division_keeps_the_sign() {
        // Callers divide a numerator and a denominator by the same factor, so a sign error
        // here would cancel out in every fraction; check it directly.
        assert_eq!(div_exact(6, 3), 2);
        assert_eq!(div_exact(-6, 3), -2);
        assert_eq!(div_exact(0, 5), 0);
        assert_eq!(div_exact(i128::MIN, 2), i128::MIN / 2);
        assert_eq!(div_exact(i128::MIN, 1), i128::MIN);
        assert_eq!(div_exact(7, 1), 7);
    }

    #[test]
    fn arithmetic_is_exact() {
        let third = f(1, 3);
        assert_eq!(third.checked_mul(f(3, 1)), Some(f(1, 1)));
        assert_eq!(third.checked_add(third).and_then(|x| x.checked_add(third)), Some(f(1, 1)));
        assert_eq!(f(1, 6).checked_sub(f(1, 4)), Some(f(-1, 12)));
        assert_eq!(f(4, 1).checked_div(f(3, 1)).and_then(|x| x.checked_mul(f(3, 1))), Some(f(4, 1)));
        assert_eq!(f(1, 2).checked_div(Fraction::ZERO), None);
        assert_eq!(f(-2, 3).checked_div(f(-4, 9)), Some(f(3, 2)));
    }

    #[test]
    fn overflow_is_none_not_a_panic() {
        let big = f(10i128.pow(18), 1);
        let square = big.checked_mul(big).unwrap();
        assert_eq!(square, f(10i128.pow(36), 1));
        assert_eq!(square.checked_mul(big), None);
        let tiny = f(1, 10i128.pow(18));
        assert_eq!(tiny.checked_mul(tiny), Some(f(1, 10i128.pow(36))));
        assert_eq!(tiny.checked_mul(tiny).unwrap().checked_mul(tiny), None);
        assert_eq!(f(i128::MAX, 1).checked_add(f(1, 1)), None);
        assert_eq!(f(i128::MIN, 1).checked_neg(), None);
        assert_eq!(f(1, i128::MAX).checked_add(f(1, i128::MAX - 1)), None);
        assert_eq!(f(i128::MIN, 1).checked_div(f(-1, 1)), None);
    }

    #[test]
    fn comparison_is_exact_even_where_cross_products_overflow() {
        assert!(f(1, 3) < f(334, 1000));
        assert!(f(1, 3) > f(333, 1000));
        assert!(f(-1, 3) < f(-333, 1000));
        assert_eq!(f(2, 6).cmp(&f(1, 3)), Ordering::Equal);
        let n = i128::MAX;
        // n/(n-1) and (n-1)/(n-2): both just above 1; the first is smaller.
        assert!(f(n, n - 1) < f(n - 1, n - 2));
        assert!(f(n - 1, n) > f(n - 2, n - 1));
        assert!(f(1, n) > Fraction::ZERO);
        assert!(f(-1, n) < Fraction::ZERO);
        assert!(f(i128::MIN + 1, 3) < f(i128::MIN + 2, 3));
    }

    #[test]
    fn rounds_once_with_each_strategy() {
        use RoundingStrategy::{Down, HalfEven, HalfUp};
        assert_eq!(round(f(4, 1), 2, Down), "4");
        assert_eq!(round(f(2, 3), 3, HalfUp), "0.667");
        assert_eq!(round(f(2, 3), 3, Down), "0.666");
        assert_eq!(round(f(-2, 3), 3, Down), "-0.666");
        assert_eq!(round(f(-2, 3), 3, HalfUp), "-0.667");
        // Exact midpoints: 0.0785 and 0.0775.
        assert_eq!(round(f(785, 10000), 3, HalfUp), "0.079");
        assert_eq!(round(f(785, 10000), 3, HalfEven), "0.078");
        assert_eq!(round(f(775, 10000), 3, HalfEven), "0.078");
        assert_eq!(round(f(-785, 10000), 3, HalfUp), "-0.079");
        // Just above and below a midpoint.
        assert_eq!(round(f(7851, 100000), 3, HalfEven), "0.079");
        assert_eq!(round(f(7849, 100000), 3, HalfUp), "0.078");
        assert_eq!(round(f(1, 8), 0, HalfEven), "0");
        assert_eq!(round(f(3, 2), 0, HalfEven), "2");
        assert_eq!(round(f(1, 3), 10, HalfUp), "0.3333333333");
        let exact = |x: Fraction| {
            x.round(Rounding {
                places: 3,
                strategy: HalfUp,
            })
            .unwrap()
            .1
        };
        assert!(exact(f(1, 8)));
        assert!(!exact(f(1, 3)));
        // Huge denominators: the long division never overflows.
        assert_eq!(round(f(i128::MAX - 1, i128::MAX), 3, HalfUp), "1");
        assert_eq!(round(f(i128::MAX - 1, i128::MAX), 10, Down), "0.9999999999");
        // Too large for a Decimal.
        assert_eq!(
            f(10i128.pow(36), 1).round(Rounding {
                places: 3,
                strategy: HalfUp
            }),
            None
        );
    }

    proptest::proptest! {
        /// On values small enough to multiply out, every operation and the order agree with
        /// the schoolbook formulas, and rounding agrees with `Decimal` wherever `Decimal` is
        /// exact (terminating values).
        #[test]
        fn agrees_with_the_schoolbook_formulas(
            a in -1_000_000_000_000i128..1_000_000_000_000,
            b in 1i128..1_000_000_000_000,
            c in -1_000_000_000_000i128..1_000_000_000_000,
            d in 1i128..1_000_000_000_000,
        ) {
            let (x, y) = (f(a, b), f(c, d));
            proptest::prop_assert_eq!(x.cmp(&y), (a * d).cmp(&(c * b)));
            proptest::prop_assert_eq!(x.checked_add(y), Fraction::new(a * d + c * b, b * d));
            proptest::prop_assert_eq!(x.checked_sub(y), Fraction::new(a * d - c * b, b * d));
            proptest::prop_assert_eq!(x.checked_mul(y), Fraction::new(a * c, b * d));
            proptest::prop_assert_eq!(x.checked_div(y), if c == 0 { None } else { Fraction::new(a * d, b * c) });
            proptest::prop_assert!(x.denominator() > 0);
        }

        #[test]
        fn rounds_like_decimal_on_terminating_values(
            mantissa in -1_000_000_000_000i64..1_000_000_000_000,
            scale in 0u32..12,
            places in 0u32..=10,
            strategy in 0usize..3,
        ) {
            let strategy = [RoundingStrategy::HalfUp, RoundingStrategy::HalfEven, RoundingStrategy::Down][strategy];
            let rounding = Rounding { places, strategy };
            let value = Decimal::new(mantissa, scale);
            let (rounded, exact) = Fraction::from_decimal(value).round(rounding).unwrap();
            proptest::prop_assert_eq!(rounded, rounding.apply(value));
            proptest::prop_assert_eq!(exact, rounded == value.normalize());
        }
    }
}
