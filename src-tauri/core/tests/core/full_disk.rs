//! Saving onto a full disk: a small tmpfs made by the test. The save fails
//! with a clear error, the post on disk is the old version, whole, and no
//! temporary file is left behind.

use std::process::Command;

struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_the_save_and_keeps_the_old_post_whole() {
    if !crate::is_root() {
        // Only root may mount the small tmpfs this test fills; `make test`
        // runs as root in CI, where it always runs.
        eprintln!("skipped: the full-disk save test mounts a tmpfs, which needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    std::fs::create_dir_all(&root).unwrap();
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(&root)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(ok, "this test makes a 256 KiB tmpfs: it needs root (make test runs as root in CI) or `mount` rights");
    let _mount = Mount(root.clone());
    let root = root.canonicalize().unwrap();
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    let old = "---\ntitle: \"Old\"\n---\nThe old text.\n";
    std::fs::write(root.join("_posts/a.md"), old).unwrap();
    // Fill the disk to the last block.
    let filler = vec![b'x'; 4096];
    let mut f = std::fs::File::create(root.join("filler")).unwrap();
    while std::io::Write::write_all(&mut f, &filler).is_ok() {}
    drop(f);

    let new = format!(
        "---\ntitle: \"New\"\n---\n{}\n",
        "A long new text. ".repeat(2000)
    );
    let err = postdesk_core::disk::save::save(&root, "_posts/a.md", new.as_bytes()).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("could not save _posts/a.md")
            && message.contains("the file on disk is unchanged"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("_posts/a.md")).unwrap(),
        old
    );
    let leftovers: Vec<_> = std::fs::read_dir(root.join("_posts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["a.md"], "no temporary file is left behind");
}
