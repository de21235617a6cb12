//! What the app remembers between runs: the last blog opened, the recent
//! ones, and the writer's settings (autosave interval, theme, whether the
//! preview may load remote images).
//!
//! Stored as JSON in the app's data folder, which the caller passes in; the
//! file is written atomically so a crash never leaves it half-written.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

const FILE: &str = "state.json";

#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Remembered {
    pub last_blog: Option<PathBuf>,
    /// Whether the preview may load `http(s)` images.
    #[serde(default)]
    pub allow_remote_images: bool,
    /// The writer's settings.
    #[serde(default)]
    pub settings: Settings,
    /// Blogs opened before, the latest first.
    #[serde(default)]
    pub recent: Vec<PathBuf>,
    /// Blogs whose own development server the writer agreed to run, with
    /// the command line they agreed to (another line asks again).
    #[serde(default)]
    pub trusted_sites: Vec<TrustedSite>,
}

/// A blog trusted to run its own code in the Site view.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrustedSite {
    #[ts(type = "string")]
    pub blog: PathBuf,
    pub command: String,
}

/// How many recent blogs are remembered.
pub const RECENT: usize = 8;

impl Remembered {
    /// Notes `blog` as opened now: the last blog, first among the recent.
    pub fn opened(&mut self, blog: &Path) {
        self.last_blog = Some(blog.to_path_buf());
        self.recent.retain(|b| b != blog);
        self.recent.insert(0, blog.to_path_buf());
        self.recent.truncate(RECENT);
    }

    /// Whether `blog` is trusted to run `command`.
    pub fn trusts(&self, blog: &Path, command: &str) -> bool {
        self.trusted_sites
            .iter()
            .any(|t| t.blog == blog && t.command == command)
    }

    /// Trusts `blog` to run `command` (and no other line it had before),
    /// or withdraws every trust in it.
    pub fn set_trust(&mut self, blog: &Path, command: Option<&str>) {
        self.trusted_sites.retain(|t| t.blog != blog);
        if let Some(command) = command {
            self.trusted_sites.push(TrustedSite {
                blog: blog.to_path_buf(),
                command: command.to_owned(),
            });
        }
    }
}

/// A recent blog as the window lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecentBlog {
    pub path: String,
    /// The folder's name.
    pub name: String,
    /// Still there (a moved or deleted blog is listed, greyed out).
    pub exists: bool,
}

/// What the writer sets in the Settings dialog.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Seconds after the writer stops typing before the post is saved;
    /// 0 turns autosave off (the recovery journal still keeps every edit).
    pub autosave_seconds: u32,
    pub theme: Theme,
    /// Filled in as the author of new posts (empty: none).
    pub default_author: String,
    /// The editor's share of the editor | preview split (0.2 to 0.8).
    pub split: f64,
    /// Whether the window asks the web about the open post's web links
    /// (a 404 or 410 is a `broken-link`); off by default, as asking tells
    /// each linked site that someone looks.
    pub check_web_links: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            autosave_seconds: 2,
            theme: Theme::System,
            default_author: String::new(),
            split: 0.5,
            check_web_links: false,
        }
    }
}

impl Settings {
    /// The longest autosave interval offered.
    pub const MAX_AUTOSAVE_SECONDS: u32 = 600;

    /// Refuses values the dialog never offers (a hand-edited file).
    pub fn check(&self) -> Result<(), String> {
        if self.autosave_seconds > Self::MAX_AUTOSAVE_SECONDS {
            return Err(format!(
                "autosave after {} s is too long: choose at most {} s, or 0 to turn it off",
                self.autosave_seconds,
                Self::MAX_AUTOSAVE_SECONDS
            ));
        }
        if !(0.2..=0.8).contains(&self.split) {
            return Err(format!(
                "a split of {} is out of range: the editor takes between 0.2 and 0.8 of the window",
                self.split
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default, TS)]
#[serde(rename_all = "camelCase")]
pub enum Theme {
    /// Follow the system's light or dark preference.
    #[default]
    System,
    Light,
    Dark,
}

/// Reads what was remembered; a missing or unreadable file means nothing was.
pub fn load(data_dir: &Path) -> Remembered {
    std::fs::read(data_dir.join(FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

pub fn save(data_dir: &Path, remembered: &Remembered) -> std::io::Result<()> {
    crate::disk::save::private_dir(data_dir)?;
    let json = serde_json::to_vec_pretty(remembered).map_err(std::io::Error::other)?;
    let tmp = data_dir.join(format!("{FILE}.tmp"));
    {
        use std::io::Write;
        let mut file = crate::disk::save::private_file()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        file.set_permissions(
            <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
        )?;
        file.write_all(&json)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, data_dir.join(FILE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_is_in_a_blog_and_its_command_line_and_can_be_withdrawn() {
        let mut r = Remembered::default();
        let blog = Path::new("/b");
        assert!(!r.trusts(blog, "hugo server"));
        r.set_trust(blog, Some("hugo server"));
        assert!(r.trusts(blog, "hugo server"));
        assert!(
            !r.trusts(blog, "sh -c 'rm -rf ~'"),
            "another line asks again"
        );
        assert!(!r.trusts(Path::new("/other"), "hugo server"));
        r.set_trust(blog, Some("npm run dev"));
        assert!(!r.trusts(blog, "hugo server"));
        r.set_trust(blog, None);
        assert!(r.trusted_sites.is_empty());
    }

    #[test]
    fn round_trips_and_tolerates_garbage() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Remembered::default());
        let r = Remembered {
            last_blog: Some("/home/me/blog".into()),
            allow_remote_images: true,
            settings: Settings {
                autosave_seconds: 5,
                theme: Theme::Dark,
                default_author: "Ada".into(),
                split: 0.4,
                check_web_links: true,
            },
            recent: vec!["/home/me/blog".into()],
            trusted_sites: vec![TrustedSite {
                blog: "/home/me/blog".into(),
                command: "hugo server".into(),
            }],
        };
        save(dir.path(), &r).unwrap();
        assert_eq!(load(dir.path()), r);
        std::fs::write(dir.path().join(FILE), "{not json").unwrap();
        assert_eq!(load(dir.path()), Remembered::default());
        // A file from before settings existed still loads, with defaults.
        std::fs::write(
            dir.path().join(FILE),
            r#"{"lastBlog":"/b","allowRemoteImages":true}"#,
        )
        .unwrap();
        assert_eq!(load(dir.path()).settings.autosave_seconds, 2);
        assert!(
            !load(dir.path()).settings.check_web_links,
            "the web check is off unless turned on"
        );
    }

    #[test]
    fn recent_blogs_are_latest_first_without_repeats_and_bounded() {
        let mut r = Remembered::default();
        for i in 0..10 {
            r.opened(Path::new(&format!("/b/{i}")));
        }
        r.opened(Path::new("/b/5"));
        assert_eq!(r.recent.len(), RECENT);
        assert_eq!(r.recent[0], Path::new("/b/5"));
        assert_eq!(r.recent[1], Path::new("/b/9"));
        assert_eq!(
            r.recent.iter().filter(|b| *b == Path::new("/b/5")).count(),
            1
        );
        assert_eq!(r.last_blog.as_deref(), Some(Path::new("/b/5")));
    }

    #[test]
    fn out_of_range_settings_are_refused_with_the_limit() {
        let s = Settings {
            autosave_seconds: 100_000,
            ..Settings::default()
        };
        assert_eq!(
            s.check().unwrap_err(),
            "autosave after 100000 s is too long: choose at most 600 s, or 0 to turn it off"
        );
        assert!(Settings::default().check().is_ok());
    }

    #[test]
    fn what_the_app_remembers_is_the_writer_s_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("postdesk");
        save(&data, &Remembered::default()).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join(FILE)), 0o600);
    }
}
