//! Publishing over smart HTTP with basic auth (a server on 127.0.0.1):
//! a wrong password, a keyring token and a git credential helper.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use postdesk_core::publish::{self, Outcome, PushOptions, TokenStore};

use crate::publish::{edit, fixture, git, options, publish_with, POST};
use crate::servers;

struct Tokens(String, String);

impl TokenStore for Tokens {
    fn get(&self, _url: &str) -> Option<(String, String)> {
        Some((self.0.clone(), self.1.clone()))
    }
}

#[test]
fn smart_http_with_basic_auth_wrong_password_token_and_credential_helper() {
    let f = fixture();
    let base = f.origin.parent().unwrap().to_path_buf();
    let name = f.origin.file_name().unwrap().to_string_lossy().into_owned();
    let _server = servers::http_backend(&base, &f.dir.path().join("http"), "tester", "s3cret");
    let url = format!("http://127.0.0.1:{}/git/{name}", _server.port);
    git(&f.root, &["remote", "set-url", "origin", &url]);
    git(&f.root, &["config", "credential.helper", ""]);

    // A wrong password: no success, the commit kept, and a bounded number
    // of tries (the callback would loop forever otherwise).
    edit(&f.root, POST, "\nOver HTTP.\n");
    let wrong = PushOptions {
        tokens: Some(Arc::new(Tokens("tester".into(), "wrong".into()))),
        ..options()
    };
    let outcome = publish_with(&f, &wrong).unwrap();
    let Outcome::NeedsCredentials { url: asked, .. } = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(asked, &url);
    // `git push` as the fallback fails the same way, and says so.
    let with_git = PushOptions {
        git_fallback: true,
        ..wrong.clone()
    };
    let outcome = publish::push(
        &f.blog,
        &[POST.to_owned()],
        &with_git,
        &|_| {},
        &AtomicBool::new(false),
    );
    let Outcome::NeedsCredentials { reason, .. } = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(reason.contains("`git push` also failed"), "{reason}");

    // The right token (from the keyring in the app) pushes.
    let right = PushOptions {
        tokens: Some(Arc::new(Tokens("tester".into(), "s3cret".into()))),
        ..options()
    };
    let outcome = publish::push(
        &f.blog,
        &[POST.to_owned()],
        &right,
        &|_| {},
        &AtomicBool::new(false),
    );
    assert!(matches!(outcome, Outcome::Pushed { .. }), "{outcome:?}");
    assert_eq!(
        git(&f.origin, &["rev-parse", "main"]),
        git(&f.root, &["rev-parse", "HEAD"])
    );

    // A credential helper the repository's own config names is never
    // run: the blog may be someone else's, and `!…` is any program.
    let marker = f.dir.path().join("helper-ran");
    git(
        &f.root,
        &[
            "config",
            "credential.helper",
            &format!("!touch {}; echo", marker.display()),
        ],
    );
    edit(&f.root, POST, "\nNot through the repository's helper.\n");
    let outcome = publish_with(&f, &options()).unwrap();
    assert!(
        matches!(outcome, Outcome::NeedsCredentials { .. }),
        "{outcome:?}"
    );
    assert!(!marker.exists(), "the repository's credential helper ran");
    // Nor through the `git push` fallback, which says why it did not run.
    let outcome = publish::push(
        &f.blog,
        &[POST.to_owned()],
        &PushOptions {
            git_fallback: true,
            ..options()
        },
        &|_| {},
        &AtomicBool::new(false),
    );
    let Outcome::NeedsCredentials { reason, .. } = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(reason.contains("sets `credential.helper`"), "{reason}");
    assert!(!marker.exists(), "the repository's credential helper ran");
    git(&f.root, &["config", "--unset", "credential.helper"]);

    // The writer's own git credential helper (their global config) is
    // used before any token.
    let store = f.dir.path().join("git-credentials");
    std::fs::write(
        &store,
        format!("http://tester:s3cret@127.0.0.1:{}\n", _server.port),
    )
    .unwrap();
    global_git_config(&format!(
        "[credential]\n\thelper = store --file={}\n",
        store.display()
    ));
    let outcome = publish_with(&f, &options()).unwrap();
    global_git_config("");
    assert!(matches!(outcome, Outcome::Pushed { .. }), "{outcome:?}");
    assert_eq!(
        git(&f.origin, &["rev-parse", "main"]),
        git(&f.root, &["rev-parse", "HEAD"])
    );
}

/// Sets what libgit2 reads as the user's global git config, for this test
/// process: a folder of the tests' own (never the machine's ~/.gitconfig).
fn global_git_config(text: &str) {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("postdesk-tests-git-global-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // SAFETY: set once, before this test pushes; the other tests read
        // no global setting that this folder lacks.
        unsafe {
            git2::opts::set_search_path(git2::ConfigLevel::Global, &dir).unwrap();
        }
        dir
    });
    std::fs::write(dir.join(".gitconfig"), text).unwrap();
}
