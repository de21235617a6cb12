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
    /// Ruby's `Time.parse` (Jekyll): finds a date anywhere in the text.
    Ruby,
    /// Hugo's accepted layouts (`htime`/`cast.ToTimeE`): RFC 3339 and its
    /// relatives, RFC 822/1123, `January 2, 2006`, `2 January 2006`.
    Hugo,
}

/// Whether a generator reading dates with `reader` takes `s` as a date.
/// These follow the generators' documented parsers as far as a pattern can;
/// where unsure they say yes, so a check never calls a date the site reads
/// broken.
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
    static RUBY: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"(?xi)
            \d{4}-\d{1,2}-\d{1,2}
          | \d{1,2}/\d{1,2}/\d{2,4}
          | \d{4}/\d{1,2}/\d{1,2}
          | \b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}
          | \b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)
          | ^\d{8}$
        ",
        )
        .expect("a valid pattern")
    });
    /// Hugo's layouts that are not ISO (strftime spellings of Go's).
    const HUGO: &[&str] = &[
        "%B %-d, %Y",
        "%b %-d, %Y",
        "%-d %B %Y",
        "%d %b %Y",
        "%a, %d %b %Y %H:%M:%S %z",
        "%d %b %y %H:%M %z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M:%S%z",
    ];
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
        DateReader::Ruby => RUBY.is_match(s),
        DateReader::Hugo => HUGO
            .iter()
            .any(|f| jiff::fmt::strtime::parse(f, s).is_ok_and(|t| t.to_date().is_ok())),
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
        // Hugo's layouts.
        assert!(generator_reads(Hugo, "January 2, 2006"));
        assert!(generator_reads(Hugo, "2 January 2006"));
        assert!(generator_reads(Hugo, "2024-01-15 08:30:00 +0000"));
        assert!(!generator_reads(Hugo, "last week"));
        assert!(!generator_reads(Hugo, "2024/01/15"));
    }
}
