//! Sizes (`10MB`, `512 KiB`) and durations (`30s`, `1.5m`, `500ms`) as settings files write
//! them, parsed exactly (integer arithmetic, no floating-point rounding on text input).
//!
//! Units, all case-insensitive, with an optional space between number and unit:
//!
//! * sizes: `B`, and `KB`, `MB`, `GB`, `TB` (powers of 1000) or `KiB`, `MiB`, `GiB`, `TiB`
//!   (powers of 1024). A size without a unit is a number of bytes. A fractional size is
//!   rounded down to whole bytes.
//! * durations: `ms`, `s`, `m` (minutes), `h`, `d`. A duration without a unit is in the
//!   caller's [`BareUnit`]; [`parse_duration`] uses milliseconds, the convention of the
//!   JavaScript tooling the tutorial formats come from (`setTimeout`, `connectionTimeout: 30000`).
//!
//! Zero, negative numbers, exponents, thousands separators and unknown units are rejected with
//! a reason that reads after the value, e.g. "`10 MBs`: unknown unit `MBs` …". This module
//! knows nothing about documents or rules.

use std::time::Duration;

/// What a number without a unit means in a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BareUnit {
    /// Milliseconds (JavaScript's convention, and the tutorial settings format's).
    Milliseconds,
    /// Seconds (the convention of command-line flags such as `--timeout 5`).
    Seconds,
}

impl BareUnit {
    fn nanos(self) -> u128 {
        match self {
            BareUnit::Milliseconds => NANOS_PER_MS,
            BareUnit::Seconds => NANOS_PER_S,
        }
    }
}

const NANOS_PER_MS: u128 = 1_000_000;
const NANOS_PER_S: u128 = 1_000_000_000;

/// Size units: spelling (lowercase) → bytes.
const SIZE_UNITS: &[(&str, u128)] = &[
    ("b", 1),
    ("kb", 1_000),
    ("mb", 1_000_000),
    ("gb", 1_000_000_000),
    ("tb", 1_000_000_000_000),
    ("kib", 1 << 10),
    ("mib", 1 << 20),
    ("gib", 1 << 30),
    ("tib", 1 << 40),
];

/// Duration units: spelling (lowercase) → nanoseconds.
const DURATION_UNITS: &[(&str, u128)] = &[
    ("ms", NANOS_PER_MS),
    ("s", NANOS_PER_S),
    ("m", 60 * NANOS_PER_S),
    ("h", 3_600 * NANOS_PER_S),
    ("d", 86_400 * NANOS_PER_S),
];

const SIZE_UNIT_LIST: &str = "B, KB, MB, GB, TB (1000-based) or KiB, MiB, GiB, TiB (1024-based)";
const DURATION_UNIT_LIST: &str = "ms, s, m, h or d";

/// More digits than this cannot be a sensible quantity, and would overflow the arithmetic.
const MAX_DIGITS: usize = 24;

/// A decimal number split into digits and a power of ten: `1.25` is `125 / 10^2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Decimal {
    mantissa: u128,
    scale: u32,
}

impl Decimal {
    /// `self × unit`, rounded down.
    fn times(self, unit: u128) -> Option<u128> {
        self.mantissa.checked_mul(unit).map(|n| n / 10u128.pow(self.scale))
    }
}

/// Split `text` into a decimal number and the unit after it (trimmed), or say what is wrong.
fn split(text: &str) -> Result<(Decimal, &str), String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("it is empty".to_owned());
    }
    if text.starts_with('-') {
        return Err("it is negative".to_owned());
    }
    let digits_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, rest) = text.split_at(digits_end);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let well_formed = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(number.contains('.') && fraction.is_empty());
    if !well_formed {
        return Err("it does not start with a number such as `10` or `1.5`".to_owned());
    }
    let all_digits = format!("{whole}{fraction}");
    let significant = all_digits.trim_start_matches('0');
    if significant.len() > MAX_DIGITS {
        return Err("it is too large".to_owned());
    }
    let mantissa = all_digits.parse::<u128>().map_err(|_| "it is too large".to_owned())?;
    if mantissa == 0 {
        return Err("it is zero".to_owned());
    }
    let scale = u32::try_from(fraction.len()).map_err(|_| "it has too many decimals".to_owned())?;
    if scale as usize > MAX_DIGITS {
        return Err("it has too many decimals".to_owned());
    }
    Ok((Decimal { mantissa, scale }, rest.trim_start()))
}

fn unit_factor(unit: &str, units: &[(&str, u128)]) -> Option<u128> {
    let lower = unit.to_ascii_lowercase();
    units.iter().find(|(name, _)| *name == lower).map(|&(_, factor)| factor)
}

/// Parse a size such as `10MB`, `1.5 GiB` or `4096` into bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let (number, unit) = split(text)?;
    let factor = if unit.is_empty() {
        1
    } else {
        unit_factor(unit, SIZE_UNITS).ok_or_else(|| format!("unknown unit `{unit}`; sizes use {SIZE_UNIT_LIST}"))?
    };
    let bytes = number.times(factor).ok_or_else(|| "it is too large".to_owned())?;
    if bytes == 0 {
        return Err("it is less than one byte".to_owned());
    }
    u64::try_from(bytes).map_err(|_| "it is too large".to_owned())
}

/// A size given as a bare JSON number: a number of bytes (a fraction is rounded down).
pub fn size_from_number(n: f64) -> Result<u64, String> {
    let n = finite_positive(n)?;
    if n < 1.0 {
        return Err("it is less than one byte".to_owned());
    }
    if n >= u64::MAX as f64 {
        return Err("it is too large".to_owned());
    }
    Ok(n as u64)
}

/// Parse a duration such as `30s`, `1.5m` or `500 ms`; a number without a unit is in
/// milliseconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    parse_duration_in(text, BareUnit::Milliseconds)
}

/// Parse a duration; a number without a unit is in `bare`.
pub fn parse_duration_in(text: &str, bare: BareUnit) -> Result<Duration, String> {
    let (number, unit) = split(text)?;
    let factor = if unit.is_empty() {
        bare.nanos()
    } else {
        match unit_factor(unit, DURATION_UNITS) {
            Some(factor) => factor,
            None => {
                return Err(match combined(text) {
                    Some(total) => format!(
                        "it combines units, which is not supported; write one number and one unit: `{}`",
                        format_duration(total)
                    ),
                    None => format!("unknown unit `{unit}`; durations use {DURATION_UNIT_LIST}"),
                });
            }
        }
    };
    let nanos = number.times(factor).ok_or_else(|| "it is too long".to_owned())?;
    from_nanos(nanos)
}

/// `1h30m`, `2m 30s`: a sum of two or more number-unit pairs, for a helpful message.
fn combined(text: &str) -> Option<Duration> {
    let mut rest = text.trim();
    let mut total = Duration::ZERO;
    let mut pairs = 0;
    while !rest.is_empty() {
        let (number, after) = split(rest).ok()?;
        let unit_end = after.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(after.len());
        let factor = unit_factor(&after[..unit_end], DURATION_UNITS)?;
        total = total.checked_add(from_nanos(number.times(factor)?).ok()?)?;
        pairs += 1;
        rest = after[unit_end..].trim_start();
    }
    (pairs > 1).then_some(total)
}

/// A duration given as a bare JSON number, in `bare` units.
pub fn duration_from_number(n: f64, bare: BareUnit) -> Result<Duration, String> {
    let n = finite_positive(n)?;
    // f64 → nanoseconds: exact enough for any duration a settings file holds; beyond about
    // 292 years the cast saturates and the length check below rejects it.
    let nanos = n * bare.nanos() as f64;
    if nanos >= u128::MAX as f64 {
        return Err("it is too long".to_owned());
    }
    from_nanos(nanos as u128)
}

fn from_nanos(nanos: u128) -> Result<Duration, String> {
    if nanos == 0 {
        return Err("it is shorter than a nanosecond".to_owned());
    }
    let secs = u64::try_from(nanos / NANOS_PER_S).map_err(|_| "it is too long".to_owned())?;
    Ok(Duration::new(secs, (nanos % NANOS_PER_S) as u32))
}

fn finite_positive(n: f64) -> Result<f64, String> {
    if !n.is_finite() {
        Err("it is not a finite number".to_owned())
    } else if n < 0.0 {
        Err("it is negative".to_owned())
    } else if n == 0.0 {
        Err("it is zero".to_owned())
    } else {
        Ok(n)
    }
}

/// A duration written back in the units above, as short as it is exact: `30s`, `5m`,
/// `1500ms`, `0.25ms`.
pub fn format_duration(d: Duration) -> String {
    let nanos = d.as_nanos();
    if nanos % NANOS_PER_MS != 0 {
        let whole = nanos / NANOS_PER_MS;
        let fraction = format!("{:06}", nanos % NANOS_PER_MS);
        return format!("{whole}.{}ms", fraction.trim_end_matches('0'));
    }
    let ms = nanos / NANOS_PER_MS;
    if ms % 1000 != 0 {
        return format!("{ms}ms");
    }
    let s = ms / 1000;
    match s {
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3_600 == 0 => format!("{}h", s / 3_600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_both_unit_families() {
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("10 mb"), Ok(10_000_000));
        assert_eq!(parse_size("10MiB"), Ok(10 * 1024 * 1024));
        assert_eq!(parse_size("1.5 GiB"), Ok(1_610_612_736));
        assert_eq!(parse_size("2kb"), Ok(2_000));
        assert_eq!(parse_size("1TiB"), Ok(1 << 40));
        assert_eq!(parse_size("1tb"), Ok(1_000_000_000_000));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("512B"), Ok(512));
        assert_eq!(parse_size(" 1.1KiB "), Ok(1126), "fractions round down to whole bytes");
        assert_eq!(parse_size("007KB"), Ok(7_000));
    }

    #[test]
    fn bad_sizes_say_why() {
        let why = |s| parse_size(s).unwrap_err();
        assert!(why("10 MBs").contains("unknown unit `MBs`"), "{}", why("10 MBs"));
        assert!(why("10 MBs").contains("KiB"));
        assert!(why("0MB").contains("zero"));
        assert!(why("0.0").contains("zero"));
        assert!(why("-1MB").contains("negative"));
        assert!(why("").contains("empty"));
        assert!(why("   ").contains("empty"));
        assert!(why("MB").contains("number"));
        assert!(why("1.MB").contains("number"));
        assert!(why(".5MB").contains("number"));
        assert!(why("1.2.3MB").contains("number"));
        assert!(why("1e6").contains("unknown unit `e6`"));
        assert!(why("10,000").contains("unknown unit `,000`"));
        assert!(why("0.5B").contains("less than one byte"));
        assert!(why("99999999999999999999TB").contains("too large"));
        assert!(why("1000000000000000000000000000000").contains("too large"));
    }

    #[test]
    fn sizes_from_json_numbers_are_bytes() {
        assert_eq!(size_from_number(1024.0), Ok(1024));
        assert_eq!(size_from_number(1.9), Ok(1));
        assert!(size_from_number(0.0).unwrap_err().contains("zero"));
        assert!(size_from_number(-3.0).unwrap_err().contains("negative"));
        assert!(size_from_number(0.5).unwrap_err().contains("less than one byte"));
        assert!(size_from_number(f64::NAN).unwrap_err().contains("finite"));
        assert!(size_from_number(f64::INFINITY).unwrap_err().contains("finite"));
        assert!(size_from_number(1e30).unwrap_err().contains("too large"));
    }

    #[test]
    fn durations_with_every_unit() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("30 S"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("1.5m"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7_200)));
        assert_eq!(parse_duration("1d"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_duration("0.5ms"), Ok(Duration::from_micros(500)));
        assert_eq!(parse_duration("30000"), Ok(Duration::from_secs(30)), "no unit: milliseconds");
        assert_eq!(parse_duration_in("5", BareUnit::Seconds), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration_in("5ms", BareUnit::Seconds), Ok(Duration::from_millis(5)));
    }

    #[test]
    fn bad_durations_say_why() {
        let why = |s| parse_duration(s).unwrap_err();
        assert!(why("0s").contains("zero"));
        assert!(why("-5s").contains("negative"));
        assert!(why("5 minutes").contains("unknown unit `minutes`"));
        assert!(why("5 minutes").contains("ms, s, m, h or d"));
        assert!(why("1h30m").contains("combines units") && why("1h30m").contains("`90m`"), "{}", why("1h30m"));
        assert!(why("2m 30s").contains("`150s`"), "{}", why("2m 30s"));
        assert!(why("1h30").contains("unknown unit `h30`"), "{}", why("1h30"));
        assert!(why("soon").contains("number"));
        assert!(why("").contains("empty"));
        assert!(why("0.0000001ms").contains("shorter than a nanosecond"));
        assert!(why("99999999999999999999d").contains("too long"));
    }

    #[test]
    fn durations_from_json_numbers() {
        assert_eq!(duration_from_number(30000.0, BareUnit::Milliseconds), Ok(Duration::from_secs(30)));
        assert_eq!(duration_from_number(1.5, BareUnit::Seconds), Ok(Duration::from_millis(1500)));
        assert_eq!(duration_from_number(0.25, BareUnit::Milliseconds), Ok(Duration::from_micros(250)));
        assert!(duration_from_number(0.0, BareUnit::Milliseconds).unwrap_err().contains("zero"));
        assert!(duration_from_number(-1.0, BareUnit::Milliseconds).unwrap_err().contains("negative"));
        assert!(duration_from_number(f64::NAN, BareUnit::Seconds).unwrap_err().contains("finite"));
        assert!(duration_from_number(1e300, BareUnit::Seconds).unwrap_err().contains("too long"));
    }

    #[test]
    fn durations_print_exactly_and_briefly() {
        let f = |s| format_duration(parse_duration(s).unwrap());
        assert_eq!(f("30000"), "30s");
        assert_eq!(f("90s"), "90s");
        assert_eq!(f("120s"), "2m");
        assert_eq!(f("1.5h"), "90m");
        assert_eq!(f("24h"), "1d");
        assert_eq!(f("1500"), "1500ms");
        assert_eq!(f("0.25ms"), "0.25ms");
    }
}
