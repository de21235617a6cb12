//! Dates as blogs write them: recognising a date and its style, and
//! writing a new date in the same style.

/// How a date was written, so new dates can be written the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `2024-01-15`
    Date,
    /// `2024-01-15T08:30:00.000Z` (or another RFC 3339 time with offset)
    Timestamp { millis: bool },
    /// `2024-01-15T08:30:00` or `2024-01-15 08:30:00`, no offset
    Civil,
    /// Jekyll's `2024-01-15 08:30:00 +0000`
    Jekyll,
}

/// Recognises the ISO-8601 dates blogs use. Never slices by byte offsets:
/// any text (a compact `20240115`, a cut `2024-01-15T08`, letters from any
/// script) gives an answer, never a panic.
pub fn parse_date(s: &str) -> Option<DateStyle> {
    let s = s.trim();
    if s.len() == 10 {
        return s.parse::<jiff::civil::Date>().ok().map(|_| DateStyle::Date);
    }
    if s.parse::<jiff::Timestamp>().is_ok() {
        return Some(DateStyle::Timestamp {
            millis: s.contains('.'),
        });
    }
    if s.parse::<jiff::civil::DateTime>().is_ok()
        && !s.ends_with('Z')
        && !s.get(10..).unwrap_or("").contains('+')
    {
        return Some(DateStyle::Civil);
    }
    // `2024-01-15 08:30:00 +0000`
    let (dt, offset) = s.rsplit_once(' ')?;
    let offset_ok = offset.len() == 5
        && offset.starts_with(['+', '-'])
        && offset[1..].bytes().all(|b| b.is_ascii_digit());
    (offset_ok && dt.parse::<jiff::civil::DateTime>().is_ok()).then_some(DateStyle::Jekyll)
}

/// Writes `now` in a blog's date style.
pub fn format_date(now: jiff::Timestamp, style: DateStyle) -> String {
    match style {
        DateStyle::Date => now.strftime("%Y-%m-%d").to_string(),
        DateStyle::Timestamp { millis: true } => now.strftime("%Y-%m-%dT%H:%M:%S.%3fZ").to_string(),
        DateStyle::Timestamp { millis: false } => now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        DateStyle::Civil => now.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
        DateStyle::Jekyll => now.strftime("%Y-%m-%d %H:%M:%S +0000").to_string(),
    }
}

/// How a generator reads the dates in front-matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateReader {
    /// Only ISO 8601 (blog-starter's `DateFormatter` calls date-fns
    /// `parseISO`, and anything else renders "Invalid time value").
    Iso,
    /// JavaScript's `new Date(s)` (Astro's `z.coerce.date()`): ISO, plus
    /// `2024/01/15`, `01/15/2024`, month names and RFC 2822.
    JavaScript,
    /// Ruby's `Time.parse` (Jekyll's `Utils.parse_date`): finds a date
    /// anywhere in the text, a time after it, and a zone only right after
    /// the time (`2023-01-29 18:30:22 2023 -0800` is 18:30:22 UTC to it);
    /// `04/03/2024` is the 4th of March.
    Ruby,
    /// Hugo's `cast.ToTimeE` layouts, as Hugo 0.111 (Debian 12) reads them:
    /// RFC 3339 and its relatives, RFC 1123/822 with numeric zones, ANSIC,
    /// `02 Jan 2006`. Not `January 2, 2006` and not `2006/01/02`: Hugo
    /// quietly drops such a date (the page gets the zero date).
    Hugo,
}

/// Whether a generator reading dates with `reader` takes `s` as a date.
/// These follow the generators' parsers as far as a pattern can (and for
/// Hugo and Jekyll are tested against the real ones,
/// `tests/generators/record.sh`); where unsure they say yes, so a check
/// never calls a date the site reads broken.
pub fn generator_reads(reader: DateReader, s: &str) -> bool {
    use std::sync::LazyLock;
    static JS: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?xi)^(
            \d{4}/\d{1,2}/\d{1,2}(\s.*)?
          | \d{1,2}/\d{1,2}/\d{4}(\s.*)?
          | ((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}(\s.*)?
          | ((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}(\s.*)?
        )$")
        .expect("a valid pattern")
    });
    let s = s.trim();
    if parse_date(s).is_some() {
        return true;
    }
    match reader {
        DateReader::Iso => false,
        DateReader::JavaScript => {
            JS.is_match(s)
                || jiff::fmt::rfc2822::DateTimeParser::new()
                    .parse_zoned(s)
                    .is_ok()
        }
        DateReader::Ruby | DateReader::Hugo => read(reader, s).is_some(),
    }
}

/// The instant a generator reading with `reader` takes `s` for, or `None`
/// if it does not read it. A date or time without a zone is taken as UTC
/// (the generators use the site's zone; the recorded references are made
/// with `TZ=UTC`).
pub fn read(reader: DateReader, s: &str) -> Option<jiff::Timestamp> {
    let s = s.trim();
    if let Some(t) = read_iso(s) {
        return Some(t);
    }
    match reader {
        DateReader::Iso => None,
        DateReader::JavaScript => jiff::fmt::rfc2822::DateTimeParser::new()
            .parse_zoned(s)
            .ok()
            .map(|z| z.timestamp())
            .or_else(|| {
                // Astro's blog template writes `Jul 08 2022`.
                let dates = [
                    "%Y/%m/%d",
                    "%m/%d/%Y",
                    "%B %d, %Y",
                    "%b %d, %Y",
                    "%B %d %Y",
                    "%b %d %Y",
                    "%d %B %Y",
                    "%d %b %Y",
                ];
                dates.iter().find_map(|f| at_midnight(f, s))
            }),
        DateReader::Hugo => read_hugo(s),
        DateReader::Ruby => read_ruby(s),
    }
}

fn utc(dt: jiff::civil::DateTime) -> Option<jiff::Timestamp> {
    dt.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

fn at_midnight(format: &str, s: &str) -> Option<jiff::Timestamp> {
    let date = jiff::fmt::strtime::parse(format, s).ok()?.to_date().ok()?;
    utc(date.to_datetime(jiff::civil::Time::midnight()))
}

/// ISO 8601 as every generator reads it: an instant, a civil date-time
/// (`T` or a space), a date, Jekyll's `2024-01-15 08:30:00 +0000`.
fn read_iso(s: &str) -> Option<jiff::Timestamp> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t);
    }
    if s.len() == 10 {
        return at_midnight("%Y-%m-%d", s);
    }
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        if !s.ends_with('Z') && !s.get(10..).unwrap_or("").contains('+') {
            return utc(dt);
        }
    }
    jiff::fmt::strtime::parse("%Y-%m-%d %H:%M:%S %z", s)
        .ok()?
        .to_timestamp()
        .ok()
}

fn read_hugo(s: &str) -> Option<jiff::Timestamp> {
    // Go layouts of spf13/cast's list, in strftime spelling.
    const ZONED: &[&str] = &[
        "%a, %d %b %Y %H:%M:%S %z",
        "%d %b %y %H:%M %z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S %:z",
        "%Y-%m-%dT%H:%M:%S%z",
    ];
    if let Some(t) = ZONED.iter().find_map(|f| {
        jiff::fmt::strtime::parse(f, s)
            .ok()
            .and_then(|t| t.to_timestamp().ok())
    }) {
        return Some(t);
    }
    if let Some(t) = jiff::fmt::strtime::parse("%a %b %e %H:%M:%S %Y", s)
        .ok()
        .and_then(|t| t.to_datetime().ok())
        .and_then(utc)
    {
        return Some(t);
    }
    at_midnight("%d %b %Y", s)
}

fn read_ruby(s: &str) -> Option<jiff::Timestamp> {
    use std::sync::LazyLock;
    const MONTHS: &str = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";
    static DATE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(
            r"(?xi)
            (?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})
          | (?P<sy>\d{{4}})/(?P<sm>\d{{1,2}})/(?P<sd>\d{{1,2}})
          | (?P<ed>\d{{1,2}})/(?P<em>\d{{1,2}})/(?P<ey>\d{{4}})
          | \b(?P<nm>{MONTHS})[a-z]*\.?\s+(?P<nd>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ny>\d{{4}})
          | \b(?P<dd>\d{{1,2}})\s+(?P<dm>{MONTHS})[a-z]*\.?,?\s+(?P<dy>\d{{4}})
          | ^(?P<cy>\d{{4}})(?P<cm>\d{{2}})(?P<cd>\d{{2}})$
        "
        ))
        .expect("a valid pattern")
    });
    static TIME: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"(?xi)^[^\d]*?(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?
              (?:\s*(?P<z>Z\b|UTC\b|GMT\b|[+-]\d{2}:?\d{2}))?",
        )
        .expect("a valid pattern")
    });
    let c = DATE.captures(s)?;
    let num = |names: [&str; 3]| -> Option<(i16, i8, i8)> {
        let [y, m, d] = names.map(|n| c.name(n));
        Some((
            y?.as_str().parse().ok()?,
            m?.as_str().parse().ok()?,
            d?.as_str().parse().ok()?,
        ))
    };
    let month = |name: &str| -> Option<i8> {
        let lower = name.to_ascii_lowercase();
        MONTHS
            .split('|')
            .position(|m| lower.starts_with(m))
            .and_then(|i| i8::try_from(i + 1).ok())
    };
    let (y, m, d) = num(["iy", "im", "id"])
        .or_else(|| num(["sy", "sm", "sd"]))
        .or_else(|| num(["ey", "em", "ed"]))
        .or_else(|| num(["cy", "cm", "cd"]))
        .or_else(|| {
            let (m, d, y) = match (c.name("nm"), c.name("dm")) {
                (Some(m), _) => (m, c.name("nd")?, c.name("ny")?),
                (_, Some(m)) => (m, c.name("dd")?, c.name("dy")?),
                _ => return None,
            };
            Some((
                y.as_str().parse().ok()?,
                month(m.as_str())?,
                d.as_str().parse().ok()?,
            ))
        })?;
    let date = jiff::civil::Date::new(y, m, d).ok()?;
    let rest = &s[c.get(0)?.end()..];
    let Some(t) = TIME.captures(rest) else {
        return utc(date.to_datetime(jiff::civil::Time::midnight()));
    };
    let part = |n: &str| t.name(n).map_or(Some(0), |v| v.as_str().parse::<i8>().ok());
    let time = jiff::civil::Time::new(part("h")?, part("m")?, part("s")?, 0).ok()?;
    let dt = date.to_datetime(time);
    match t.name("z").map(|z| z.as_str()) {
        None => utc(dt),
        Some(z) if z.eq_ignore_ascii_case("z") || z.len() == 3 => utc(dt),
        Some(z) => {
            let digits: String = z.chars().filter(char::is_ascii_digit).collect();
            let hours: i32 = digits.get(..2)?.parse().ok()?;
            let minutes: i32 = digits.get(2..4)?.parse().ok()?;
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let offset =
                jiff::tz::Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()?;
            offset.to_timestamp(dt).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_blogs_write() {
        assert_eq!(
            parse_date("2024-01-15T08:30:00.000Z"),
            Some(DateStyle::Timestamp { millis: true })
        );
        assert_eq!(
            parse_date("2024-01-15T08:30:00+02:00"),
            Some(DateStyle::Timestamp { millis: false })
        );
        assert_eq!(parse_date("2024-01-15"), Some(DateStyle::Date));
        assert_eq!(parse_date("2024-01-15 08:30:00"), Some(DateStyle::Civil));
        assert_eq!(
            parse_date("2024-01-15 08:30:00 +0000"),
            Some(DateStyle::Jekyll)
        );
        // Odd shapes answer without panicking (a compact date is civil).
        assert_eq!(parse_date("20240115"), Some(DateStyle::Civil));
        assert_eq!(parse_date("2024-01-15T08"), Some(DateStyle::Civil));
        assert_eq!(parse_date("日付: 2024"), None);
        for bad in ["2024-13-01", "2024-02-30", "yesterday", "15/01/2024", ""] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        let now: jiff::Timestamp = "2024-03-04T05:06:07.891Z".parse().unwrap();
        assert_eq!(format_date(now, DateStyle::Date), "2024-03-04");
        assert_eq!(
            format_date(now, DateStyle::Timestamp { millis: true }),
            "2024-03-04T05:06:07.891Z"
        );
        assert_eq!(
            format_date(now, DateStyle::Jekyll),
            "2024-03-04 05:06:07 +0000"
        );
    }

    #[test]
    fn each_generator_reads_the_dates_it_documents() {
        use DateReader::*;
        // Everyone reads ISO 8601.
        for r in [Iso, JavaScript, Ruby, Hugo] {
            assert!(generator_reads(r, "2024-01-15T08:30:00.000Z"), "{r:?}");
            assert!(generator_reads(r, "2024-01-15"), "{r:?}");
            assert!(!generator_reads(r, "yesterday"), "{r:?}");
            assert!(!generator_reads(r, ""), "{r:?}");
        }
        // date-fns parseISO: nothing else.
        assert!(!generator_reads(Iso, "January 15, 2024"));
        // new Date(…)
        assert!(generator_reads(JavaScript, "2024/01/15"));
        assert!(generator_reads(JavaScript, "January 15, 2024"));
        assert!(generator_reads(JavaScript, "15 Jan 2024"));
        assert!(generator_reads(
            JavaScript,
            "Mon, 15 Jan 2024 08:30:00 +0000"
        ));
        assert!(!generator_reads(JavaScript, "15.01.2024x"));
        // Time.parse finds the date in the text (a real Jekyll blog post).
        assert!(generator_reads(Ruby, "2023-01-29 18:30:22 2023 -0800"));
        assert!(generator_reads(Ruby, "Jan 29 2023"));
        assert!(generator_reads(Ruby, "20240115"));
        assert!(!generator_reads(Ruby, "last week"));
        // Hugo's layouts (0.111, as recorded in the hugo fixtures).
        assert!(!generator_reads(Hugo, "January 2, 2006"));
        assert!(!generator_reads(Hugo, "2 January 2006"));
        assert!(generator_reads(Hugo, "02 Jan 2006"));
        assert!(generator_reads(Hugo, "Tue, 13 Feb 2024 10:00:00 +0000"));
        assert!(generator_reads(Hugo, "2024-01-15 08:30:00 +0000"));
        assert!(!generator_reads(Hugo, "last week"));
        assert!(!generator_reads(Hugo, "2024/01/15"));
    }

    #[test]
    fn the_instant_each_generator_takes() {
        use DateReader::*;
        let at = |r, s| read(r, s).map(|t| t.to_string());
        let is = |t: &str| Some(t.to_owned());
        for r in [Iso, JavaScript, Ruby, Hugo] {
            assert_eq!(at(r, "2024-01-15"), is("2024-01-15T00:00:00Z"), "{r:?}");
            assert_eq!(
                at(r, "2024-01-15T08:30:00+09:00"),
                is("2024-01-14T23:30:00Z")
            );
            assert_eq!(at(r, "2024-01-15 08:30:00"), is("2024-01-15T08:30:00Z"));
            assert_eq!(
                at(r, "2024-01-15 08:30:00 -0500"),
                is("2024-01-15T13:30:00Z")
            );
        }
        // What Jekyll 4.3 made of these (tests/fixtures/jekyll/generator.json).
        assert_eq!(
            at(Ruby, "2023-01-29 18:30:22 2023 -0800"),
            is("2023-01-29T18:30:22Z")
        );
        assert_eq!(at(Ruby, "March 5, 2024"), is("2024-03-05T00:00:00Z"));
        assert_eq!(at(Ruby, "04/03/2024"), is("2024-03-04T00:00:00Z"));
        assert_eq!(at(Ruby, "2024/03/13"), is("2024-03-13T00:00:00Z"));
        assert_eq!(
            at(Ruby, "5 March 2024 10:00 +0200"),
            is("2024-03-05T08:00:00Z")
        );
        assert_eq!(at(Ruby, "20240115"), is("2024-01-15T00:00:00Z"));
        assert_eq!(at(Ruby, "not a date"), None);
        assert_eq!(at(JavaScript, "Jul 08 2022"), is("2022-07-08T00:00:00Z"));
        assert_eq!(
            at(JavaScript, "January 15, 2024"),
            is("2024-01-15T00:00:00Z")
        );
        // And Hugo 0.111.
        assert_eq!(at(Hugo, "14 Feb 2024"), is("2024-02-14T00:00:00Z"));
        assert_eq!(
            at(Hugo, "Tue, 13 Feb 2024 10:00:00 +0000"),
            is("2024-02-13T10:00:00Z")
        );
        assert_eq!(at(Hugo, "2024/02/15"), None);
        assert_eq!(at(Hugo, "January 2, 2006"), None);
        // Never a panic, whatever the text.
        for odd in [
            "",
            "2024-",
            "99999-99-99",
            "31 Foo 2024",
            "日付 2024-01-15 12:",
            "2024-02-30",
        ] {
            for r in [Iso, JavaScript, Ruby, Hugo] {
                let _ = read(r, odd);
            }
        }
    }
}
