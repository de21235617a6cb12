//! A post's file as a whole: renaming it (a new slug; Jekyll's
//! `YYYY-MM-DD-slug.md` follows the post's date) and deleting it to the
//! system trash. Both stay inside the blog's content folders.

use crate::blog::Blog;
use crate::disk::paths;

#[derive(Debug, thiserror::Error)]
pub enum PostFileError {
    #[error(transparent)]
    Path(#[from] paths::PathError),
    #[error("`{slug}` cannot be a file name: use letters, digits and dashes (like my-new-post)")]
    BadSlug { slug: String },
    #[error("{path} already exists; choose another name")]
    Exists { path: String },
    #[error("could not rename {from} to {to} ({source}); nothing was changed")]
    Rename {
        from: String,
        to: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not move {path} to the trash ({message}); the post is still there")]
    Trash { path: String, message: String },
}

/// Where `rel` goes when renamed to `slug`: the same folder and extension;
/// for Jekyll the date prefix is the post's `date` (so the name follows a
/// changed date). A page bundle (`…/slug/index.md`) renames its folder.
pub fn renamed_path(
    blog: &Blog,
    rel: &str,
    slug: &str,
    date: Option<&str>,
) -> Result<String, PostFileError> {
    let slug = slug.trim();
    let ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !slug.starts_with('-');
    if !ok {
        return Err(PostFileError::BadSlug {
            slug: slug.to_owned(),
        });
    }
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let ext = name.rsplit_once('.').map_or("md", |(_, e)| e);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    if stem == "index" || stem == "_index" {
        let (parent, _) = dir.rsplit_once('/').unwrap_or(("", dir));
        return Ok(format!("{parent}/{slug}/{name}"));
    }
    let file = match blog.kind().rules().dated_file_names {
        true => {
            // The day the generator reads from `date` (Jekyll's Time.parse:
            // `March 5, 2024` is 2024-03-05), else the name's own.
            let day = date
                .and_then(|d| crate::date::read(blog.kind().rules().dates, d))
                .map(|t| t.strftime("%Y-%m-%d").to_string())
                .or_else(|| crate::blog::site::file_name_date(&format!("{stem}-")));
            match day {
                Some(day) => format!("{day}-{slug}.{ext}"),
                // No date anywhere: the undated file's warning says what
                // Jekyll does with it.
                None => format!("{slug}.{ext}"),
            }
        }
        _ => format!("{slug}.{ext}"),
    };
    Ok(if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    })
}

/// Renames the post's file (or its bundle folder) to `to`; refuses to
/// replace anything.
pub fn rename(blog: &Blog, from: &str, to: &str) -> Result<(), PostFileError> {
    let source = paths::confine(blog.root(), from)?;
    let bundle = to.ends_with("/index.md") || to.ends_with("/_index.md");
    let (src, dst_rel) = if bundle {
        let src_dir = source
            .parent()
            .map(|p| p.to_path_buf())
            .unwrap_or(source.clone());
        (
            src_dir,
            to.rsplit_once('/').map_or(to, |(d, _)| d).to_owned(),
        )
    } else {
        (source, to.to_owned())
    };
    let parent_rel = dst_rel.rsplit_once('/').map_or("", |(d, _)| d);
    let parent = if parent_rel.is_empty() {
        blog.root().to_path_buf()
    } else {
        paths::confine(blog.root(), parent_rel)?
    };
    let target = parent.join(dst_rel.rsplit('/').next().unwrap_or(&dst_rel));
    if target.exists() {
        return Err(PostFileError::Exists {
            path: to.to_owned(),
        });
    }
    std::fs::rename(&src, &target).map_err(|source| PostFileError::Rename {
        from: from.to_owned(),
        to: to.to_owned(),
        source,
    })
}

/// Moves the post's file to the system trash (freedesktop.org trash on
/// Linux), where the writer can restore it.
pub fn trash(blog: &Blog, rel: &str) -> Result<(), PostFileError> {
    let file = paths::confine(blog.root(), rel)?;
    trash::delete(&file).map_err(|e| PostFileError::Trash {
        path: rel.to_owned(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blog(kind_file: &str) -> (tempfile::TempDir, Blog) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        std::fs::write(root.join(kind_file), "x").unwrap();
        std::fs::write(
            root.join("_posts/2024-01-15-old.md"),
            "---\ntitle: A\n---\n",
        )
        .unwrap();
        std::fs::write(root.join("_posts/other.md"), "---\ntitle: B\n---\n").unwrap();
        let b = Blog::open(&root).unwrap();
        (dir, b)
    }

    #[test]
    fn jekyll_names_follow_the_post_s_date() {
        let (_d, b) = blog("_config.yml");
        assert_eq!(b.kind(), crate::kind::BlogKind::Jekyll);
        let to = renamed_path(
            &b,
            "_posts/2024-01-15-old.md",
            "new-name",
            Some("2025-03-01 10:00:00 +0000"),
        )
        .unwrap();
        assert_eq!(to, "_posts/2025-03-01-new-name.md");
        // The day as Jekyll reads it: a zone moves it, a long form is read.
        for (date, day) in [
            ("2024-03-14 23:30:00 -0500", "2024-03-15"),
            ("March 5, 2024", "2024-03-05"),
            ("not a date", "2024-01-15"),
        ] {
            let to = renamed_path(&b, "_posts/2024-01-15-old.md", "x", Some(date)).unwrap();
            assert_eq!(to, format!("_posts/{day}-x.md"), "{date}");
        }
        let to = renamed_path(&b, "_posts/2024-01-15-old.md", "new-name", None).unwrap();
        assert_eq!(to, "_posts/2024-01-15-new-name.md");
        rename(&b, "_posts/2024-01-15-old.md", &to).unwrap();
        assert!(b.root().join(&to).is_file());
    }

    #[test]
    fn bad_names_existing_files_and_escapes_are_refused() {
        let (_d, b) = blog("package.json");
        assert!(matches!(
            renamed_path(&b, "_posts/other.md", "../x", None),
            Err(PostFileError::BadSlug { .. })
        ));
        assert!(matches!(
            renamed_path(&b, "_posts/other.md", "", None),
            Err(PostFileError::BadSlug { .. })
        ));
        let err = rename(&b, "_posts/other.md", "_posts/2024-01-15-old.md").unwrap_err();
        assert_eq!(
            err.to_string(),
            "_posts/2024-01-15-old.md already exists; choose another name"
        );
        assert!(rename(&b, "_posts/other.md", "../outside.md").is_err());
        assert!(b.root().join("_posts/other.md").is_file(), "nothing moved");
    }

    #[test]
    fn a_post_goes_to_the_trash_and_can_be_found_there() {
        let (_d, b) = blog("package.json");
        let home = tempfile::tempdir().unwrap();
        // The trash lives under XDG_DATA_HOME; point it at a temp folder.
        std::env::set_var("XDG_DATA_HOME", home.path());
        trash(&b, "_posts/other.md").unwrap();
        assert!(!b.root().join("_posts/other.md").exists());
        let info = std::fs::read_dir(home.path().join("Trash/files"))
            .map(|d| d.count())
            .unwrap_or(0);
        assert!(info >= 1, "the file is in the trash");
        assert!(trash(&b, "../etc/passwd").is_err());
    }
}
