//! The crash harness: a child process saves and autosaves a post and
//! journals every edit — through the same core functions the app's commands
//! call (`journal.write` as the editor types, `save::save` then
//! `journal.drop_post` on a save) — and is killed with SIGKILL at a random
//! moment, 1,000 times. After each kill:
//! - the post on disk is exactly one whole version (never truncated or
//!   mixed), and
//! - restarting recovers every edit the child had reported journaled: the
//!   newer of the journal's pending text and the file is at least that
//!   version.
//!
//! Each run starts by recovering what the previous one left, as the app
//! does on start, so the kills also land in recovery and in journal
//! compaction (the journal's bound is small here so it compacts often).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use postdesk_core::disk::journal::Journal;

const POST: &str = "_posts/crash.md";
/// How many kills: `POSTDESK_KILLS` (`make test` sets 1,000, as CI runs),
/// else 100 so a developer's `cargo test` stays quick.
fn kills() -> usize {
    std::env::var("POSTDESK_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100)
}
const CHILD: &str = "POSTDESK_KILL_CHILD";

/// Version `n` of the post: its length varies so a torn write shows.
fn version(n: u64) -> String {
    let filler = "lorem ipsum dolor sit amet ".repeat((n as usize * 37) % 400 + 1);
    format!("---\ntitle: Version {n}\n---\n\nversion {n}\n\n{filler}\n\nend of version {n}\n")
}

/// Which version `text` is, if it is one whole version.
fn which(text: &str) -> Option<u64> {
    let n: u64 = text
        .lines()
        .nth(1)?
        .strip_prefix("title: Version ")?
        .parse()
        .ok()?;
    (version(n) == text).then_some(n)
}

/// What a restart recovers: the journal's pending text, else the file.
fn recovered(root: &Path, data: &Path) -> (Option<u64>, Option<u64>) {
    let journal = Journal::with_bound(data, 64 * 1024);
    let pending = journal
        .pending()
        .into_iter()
        .find(|p| p.post == POST)
        .map(|p| which(&p.text).unwrap_or_else(|| panic!("journal holds a broken text")));
    let disk = std::fs::read_to_string(root.join(POST)).ok().map(|t| {
        which(&t).unwrap_or_else(|| panic!("the post on disk is not one whole version:\n{t}"))
    });
    (pending, disk)
}

/// The child: recover, then type / journal / save until killed.
fn child(root: &Path, data: &Path) {
    let journal = Journal::with_bound(data, 64 * 1024);
    let (pending, disk) = recovered(root, data);
    let mut n = pending.max(disk).unwrap_or(0);
    let out = std::io::stdout();
    loop {
        n += 1;
        let text = version(n);
        journal.write(root, POST, &text, n as i64).unwrap();
        writeln!(out.lock(), "J {n}").unwrap();
        if n % 3 == 0 {
            postdesk_core::disk::save::save(root, POST, text.as_bytes()).unwrap();
            journal.drop_post(root, POST, n as i64).unwrap();
            writeln!(out.lock(), "S {n}").unwrap();
        }
    }
}

#[test]
fn sigkills_never_break_the_post_or_lose_a_journaled_edit() {
    if let Some(dirs) = std::env::var_os(CHILD) {
        let dirs = std::path::PathBuf::from(dirs);
        child(&dirs.join("blog"), &dirs.join("data"));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    let data = dir.path().join("data");
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::create_dir_all(&data).unwrap();
    let root = root.canonicalize().unwrap();
    std::fs::write(root.join(POST), version(0)).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    let (mut journaled_total, mut saved_total, mut compactions_seen) = (0u64, 0u64, 0);
    let kills = kills();
    for kill in 0..kills {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "kill::sigkills_never_break_the_post_or_lose_a_journaled_edit",
                "--test-threads=1",
                "--nocapture",
            ])
            .env(CHILD, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Start-up is ~5 ms; kill anywhere from before the first write to
        // deep into the loop.
        std::thread::sleep(Duration::from_micros(rng.u64(0..30_000)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let mut last_journaled = 0;
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            let line = line.unwrap();
            if let Some(n) = line.strip_prefix("J ") {
                last_journaled = n.parse().unwrap();
                journaled_total += 1;
            } else if line.starts_with("S ") {
                saved_total += 1;
            }
        }
        let (pending, disk) = recovered(&root, &data);
        let newest = pending.max(disk).unwrap_or(0);
        assert!(
            newest >= last_journaled,
            "kill {kill}: version {last_journaled} was journaled but a restart recovers only {newest} \
             (journal {pending:?}, disk {disk:?})"
        );
        let size = std::fs::metadata(data.join("journal.log"))
            .map(|m| m.len())
            .unwrap_or(0);
        if size < 16 * 1024 {
            compactions_seen += 1;
        }
    }
    println!(
        "{kills} SIGKILLs: {journaled_total} edits journaled, {saved_total} saves, \
         the journal seen small again {compactions_seen} times (compacted)"
    );
    // The harness really exercised saving (not only start-up).
    // (Under load fewer edits fit between kills; hundreds of saves still do.)
    assert!(
        saved_total > kills as u64 / 4,
        "saves reached: {saved_total}"
    );
}
