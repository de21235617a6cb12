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

/// Recognises the ISO-8601 dates blogs use.
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
    if s.parse::<jiff::civil::DateTime>().is_ok() && !s.ends_with('Z') && !s[10..].contains(['+']) {
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
        for bad in ["2024-13-01", "2024-02-30", "yesterday", "15/01/2024", ""] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        let now: jiff::Timestamp = "2024-03-04T05:06:07.891Z".parse().unwrap();
        assert_eq!(
            format_date(now, DateStyle::Timestamp { millis: true }),
            "2024-03-04T05:06:07.891Z"
        );
        assert_eq!(
            format_date(now, DateStyle::Jekyll),
            "2024-03-04 05:06:07 +0000"
        );
    }
}
