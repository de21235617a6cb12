//! Unit tests of the pipeline's parts; the fixture-driven tests are in
//! tests/core/cover.rs.

use super::*;

#[test]
fn default_settings_are_the_blog_starter_ones() {
    let c = CoverConfig::default();
    assert_eq!((c.max_width, c.max_height), (2000, 2000));
    assert_eq!((c.og_width, c.og_height), (1200, 630));
    assert_eq!(
        (c.thumb_width, c.quality, c.format),
        (400, 82, OutputFormat::Jpeg)
    );
}

#[test]
fn cover_settings_are_read_from_postdesk_toml() {
    let config = crate::blog::config::parse(
        "[cover]\nformat = \"webp\"\nquality = 70\nog_width = 800\nog_height = 420\n",
    )
    .unwrap();
    let c = config.cover.unwrap();
    assert_eq!(c.format, OutputFormat::Webp);
    assert_eq!(
        (c.quality, c.og_width, c.og_height, c.max_width),
        (70, 800, 420, 2000)
    );
    let err = crate::blog::config::parse("[cover]\nqualty = 70\n").unwrap_err();
    assert_eq!(err.to_string(), "postdesk.toml:2:1: unknown field `qualty`, expected one of `format`, `quality`, `max_width`, `max_height`, `og_width`, `og_height`, `thumb_width`, `body_width`, `picture_size`, `field`, `og_field`; see the README for the settings it takes");
}
