//! Pushing with git2: credentials tried in a fixed order with a bounded
//! number of attempts, every ref the server reports checked, a
//! non-fast-forward rebased when the remote's new commits leave the
//! published files alone, and `git push` as the fallback when git2 cannot
//! authenticate. Never a force-push.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use git2::{Cred, CredentialType, Oid, Repository};
use serde::Serialize;
use ts_rs::TS;

use super::git_cli::{self, git_command_push, token_may_go_to, LocalPush};
use super::Outcome;
use crate::blog::Blog;

/// Where tokens entered once are kept (the OS keyring in the app).
pub trait TokenStore: Send + Sync {
    /// A `(username, token)` for the remote at `url`.
    fn get(&self, url: &str) -> Option<(String, String)>;
}

#[derive(Clone)]
pub struct PushOptions {
    /// Push after committing (`--no-push` turns it off).
    pub push: bool,
    /// Where the SSH keys are (`~/.ssh`).
    pub ssh_dir: Option<PathBuf>,
    pub tokens: Option<Arc<dyn TokenStore>>,
    /// Fall back to the `git` command when git2 cannot authenticate.
    pub git_fallback: bool,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions {
            push: true,
            ssh_dir: std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".ssh")),
            tokens: None,
            git_fallback: true,
        }
    }
}

/// Where a push is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PushProgress {
    pub stage: PushStage,
    #[ts(type = "number")]
    pub current: usize,
    #[ts(type = "number")]
    pub total: usize,
    #[ts(type = "number")]
    pub bytes: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PushStage {
    Connecting,
    Packing,
    Uploading,
    Rebasing,
    Done,
}

/// Most credential offers made in one push (never a loop).
const MAX_CREDENTIAL_OFFERS: u32 = 8;

enum Failure {
    Auth(String),
    NonFastForward(String),
    Cancelled,
    Other(String),
}

/// Pushes the current branch to its upstream (or `origin/<branch>`, setting
/// the upstream). `published` are the files the last commit published
/// (repository paths), used to decide whether a rebase is safe.
pub fn push(
    blog: &Blog,
    published: &[String],
    options: &PushOptions,
    progress: &dyn Fn(PushProgress),
    cancel: &AtomicBool,
) -> Outcome {
    match push_inner(blog, published, options, progress, cancel) {
        Ok(outcome) => outcome,
        Err((commit, reason)) => Outcome::CommittedNotPushed { commit, reason },
    }
}

type Stop = (String, String);

fn push_inner(
    blog: &Blog,
    published: &[String],
    options: &PushOptions,
    progress: &dyn Fn(PushProgress),
    cancel: &AtomicBool,
) -> Result<Outcome, Stop> {
    let repo = super::open(blog).map_err(|e| (String::new(), e.to_string()))?;
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(|e| (String::new(), e.message().to_owned()))?;
    let commit = head.id().to_string();
    let stop = |reason: String| (commit.clone(), reason);
    let branch = repo
        .head()
        .ok()
        .and_then(|h| h.shorthand().ok().map(str::to_owned))
        .ok_or_else(|| stop("HEAD is not on a branch".into()))?;
    let (remote_name, remote_branch, has_upstream) = upstream_of(&repo, &branch);
    let url = match repo.find_remote(&remote_name) {
        Ok(r) => r.url().unwrap_or_default().to_owned(),
        Err(_) => {
            return Err(stop(format!(
                "the repository has no remote `{remote_name}`; add one with `git remote add {remote_name} URL`, then Retry"
            )))
        }
    };
    let refspec = format!("refs/heads/{branch}:refs/heads/{remote_branch}");
    progress(PushProgress {
        stage: PushStage::Connecting,
        current: 0,
        total: 0,
        bytes: 0,
    });
    // A remote on this machine is pushed to by the git command (through
    // receive-pack), so its own hooks run as they would for `git push`.
    let local = git_cli::local_remote_dir(&repo, &url);
    let attempt = |repo: &Repository| match &local {
        Some(remote_dir) => {
            match git_cli::push_local(repo, &remote_name, &refspec, !has_upstream, remote_dir) {
                LocalPush::Pushed => Ok(None),
                LocalPush::Rejected(reason) => Ok(Some(reason)),
                LocalPush::NonFastForward(reason) => Err(Failure::NonFastForward(reason)),
                LocalPush::Failed(reason) => Err(Failure::Other(reason)),
            }
        }
        None => try_push(repo, &remote_name, &refspec, options, progress, cancel),
    };
    let via = if local.is_some() { "git" } else { "git2" };
    let mut result = attempt(&repo);
    if let Err(Failure::NonFastForward(_)) = &result {
        match rebase_onto_remote(
            &repo,
            &remote_name,
            &branch,
            &remote_branch,
            published,
            options,
            progress,
            cancel,
        ) {
            Ok(()) => result = attempt(&repo),
            Err(outcome) => return Ok(outcome),
        }
    }
    let commit = repo
        .head()
        .ok()
        .and_then(|h| h.target())
        .map(|o| o.to_string())
        .unwrap_or(commit);
    let pushed = |via: &str| {
        if !has_upstream {
            set_upstream(&repo, &branch, &remote_name, &remote_branch);
        }
        progress(PushProgress {
            stage: PushStage::Done,
            current: 0,
            total: 0,
            bytes: 0,
        });
        Outcome::Pushed {
            commit: commit.clone(),
            remote: format!("{remote_name} ({url})"),
            branch: remote_branch.clone(),
            via: via.to_owned(),
        }
    };
    Ok(match result {
        Ok(None) => pushed(via),
        Ok(Some(reason)) => Outcome::Rejected {
            commit: commit.clone(),
            reason: format!("the server refused the push: {reason}"),
        },
        Err(Failure::Auth(reason)) => {
            if options.git_fallback {
                match git_command_push(&repo, &remote_name, &refspec, !has_upstream) {
                    Some(Ok(())) => return Ok(pushed("git")),
                    Some(Err(git_reason)) => {
                        return Ok(Outcome::NeedsCredentials {
                            commit: commit.clone(),
                            url,
                            reason: format!("{reason}; `git push` also failed: {git_reason}"),
                        })
                    }
                    None => {}
                }
            }
            Outcome::NeedsCredentials {
                commit: commit.clone(),
                url,
                reason,
            }
        }
        Err(Failure::NonFastForward(reason)) => Outcome::Rejected {
            commit: commit.clone(),
            reason: format!(
                "the remote branch moved on again ({reason}); Retry publishes on top of it"
            ),
        },
        Err(Failure::Cancelled) => Outcome::CommittedNotPushed {
            commit: commit.clone(),
            reason: "push cancelled; the commit is kept and Retry sends it".into(),
        },
        Err(Failure::Other(reason)) => {
            // git2 knows nothing of ~/.ssh/config (host aliases, proxies):
            // for SSH remotes the `git` command gets a chance too.
            if options.git_fallback && is_ssh(&url) {
                if let Some(Ok(())) = git_command_push(&repo, &remote_name, &refspec, !has_upstream)
                {
                    return Ok(pushed("git"));
                }
            }
            Outcome::CommittedNotPushed {
                commit: commit.clone(),
                reason: format!(
                    "could not reach {url}: {}; the commit is kept and Retry sends it",
                    explain(&reason)
                ),
            }
        }
    })
}

/// The branch's upstream remote and branch, or `origin` and the same name.
fn upstream_of(repo: &Repository, branch: &str) -> (String, String, bool) {
    let refname = format!("refs/heads/{branch}");
    let remote = repo
        .branch_upstream_remote(&refname)
        .ok()
        .and_then(|b| b.as_str().ok().map(str::to_owned));
    let merge = repo
        .branch_upstream_merge(&refname)
        .ok()
        .and_then(|b| b.as_str().ok().map(str::to_owned));
    match (remote, merge) {
        (Some(r), Some(m)) => (r, m.trim_start_matches("refs/heads/").to_owned(), true),
        _ => ("origin".to_owned(), branch.to_owned(), false),
    }
}

fn set_upstream(repo: &Repository, branch: &str, remote: &str, remote_branch: &str) {
    let tracking = format!("refs/remotes/{remote}/{remote_branch}");
    if repo.find_reference(&tracking).is_err() {
        if let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) {
            let _ = repo.reference(&tracking, head.id(), true, "postdesk: pushed");
        }
    }
    if let Ok(mut b) = repo.find_branch(branch, git2::BranchType::Local) {
        let _ = b.set_upstream(Some(&format!("{remote}/{remote_branch}")));
    }
}

/// One push attempt. `Ok(Some(reason))`: the server rejected a ref.
fn try_push(
    repo: &Repository,
    remote_name: &str,
    refspec: &str,
    options: &PushOptions,
    progress: &dyn Fn(PushProgress),
    cancel: &AtomicBool,
) -> Result<Option<String>, Failure> {
    let mut remote = repo
        .find_remote(remote_name)
        .map_err(|e| Failure::Other(e.message().to_owned()))?;
    let rejected: RefCell<Option<String>> = RefCell::new(None);
    let remote_said = RefCell::new(String::new());
    let exhausted = Cell::new(false);
    let offers = Cell::new(0u32);
    {
        let mut callbacks = git2::RemoteCallbacks::new();
        credentials(&mut callbacks, options, cancel, &exhausted, &offers);
        callbacks.push_update_reference(|_refname, status| {
            if let Some(s) = status {
                *rejected.borrow_mut() = Some(s.to_owned());
            }
            Ok(())
        });
        callbacks.sideband_progress(|data| {
            remote_said
                .borrow_mut()
                .push_str(&String::from_utf8_lossy(data));
            !cancel.load(Ordering::Relaxed)
        });
        callbacks.pack_progress(|_, current, total| {
            progress(PushProgress {
                stage: PushStage::Packing,
                current,
                total,
                bytes: 0,
            })
        });
        callbacks.push_transfer_progress(|current, total, bytes| {
            progress(PushProgress {
                stage: PushStage::Uploading,
                current,
                total,
                bytes,
            })
        });
        callbacks.push_negotiation(|_| {
            if cancel.load(Ordering::Relaxed) {
                Err(git2::Error::from_str("cancelled"))
            } else {
                Ok(())
            }
        });
        let mut opts = git2::PushOptions::new();
        opts.remote_callbacks(callbacks);
        if let Err(e) = remote.push(&[refspec], Some(&mut opts)) {
            let message = e.message().to_owned();
            let auth = exhausted.get()
                || e.code() == git2::ErrorCode::Auth
                || (e.class() == git2::ErrorClass::Ssh
                    && (message.contains("authenticat") || message.contains("publickey")))
                || (e.class() == git2::ErrorClass::Http && message.contains("401"));
            return Err(if cancel.load(Ordering::Relaxed) {
                Failure::Cancelled
            } else if auth {
                Failure::Auth(auth_reason(&message, offers.get()))
            } else if e.code() == git2::ErrorCode::NotFastForward
                || message.contains("not present locally")
                || message.contains("non-fast")
            {
                Failure::NonFastForward(message)
            } else {
                Failure::Other(message)
            });
        }
    }
    let reason = rejected.into_inner();
    Ok(match reason {
        Some(r) if r.contains("non-fast") || r.contains("fetch first") => {
            return Err(Failure::NonFastForward(r))
        }
        Some(r) => {
            let said: String = remote_said
                .into_inner()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" / ");
            Some(if said.is_empty() {
                r
            } else {
                format!("{r} ({said})")
            })
        }
        None => None,
    })
}

fn is_ssh(url: &str) -> bool {
    url.starts_with("ssh://")
        || url.starts_with("git+ssh://")
        || (!url.contains("://") && url.contains(':') && !url.starts_with('/'))
}

/// libgit2's words for the failures a writer can act on, in plain words.
fn explain(message: &str) -> String {
    let lower = message.to_ascii_lowercase();
    if lower.contains("hostkey") || lower.contains("host key") || lower.contains("known_hosts") {
        format!("the SSH server's host key is unknown or has changed ({message}); connect once with `ssh` in a terminal to check it and add it to ~/.ssh/known_hosts")
    } else {
        message.to_owned()
    }
}

fn auth_reason(message: &str, offers: u32) -> String {
    if offers == 0 {
        format!("the server asked for credentials and none were found ({message})")
    } else {
        format!("none of the {offers} credential(s) tried was accepted ({message})")
    }
}

/// The credential order: ssh-agent, then `~/.ssh` keys (ed25519, ecdsa,
/// rsa); for HTTPS the git credential helpers, then the stored token.
/// Each is offered once; then the push fails (no loop).
pub(super) fn credentials<'a>(
    callbacks: &mut git2::RemoteCallbacks<'a>,
    options: &'a PushOptions,
    cancel: &'a AtomicBool,
    exhausted: &'a Cell<bool>,
    offers: &'a Cell<u32>,
) {
    let tried_agent = Cell::new(false);
    let key = Cell::new(0usize);
    let tried_helper = Cell::new(false);
    let tried_token = Cell::new(false);
    callbacks.credentials(move |url, username, allowed| {
        if cancel.load(Ordering::Relaxed) {
            return Err(git2::Error::from_str("cancelled"));
        }
        if offers.get() >= MAX_CREDENTIAL_OFFERS {
            exhausted.set(true);
            return Err(git2::Error::from_str("too many credential attempts"));
        }
        offers.set(offers.get() + 1);
        let user = username.unwrap_or("git");
        if allowed.contains(CredentialType::USERNAME) {
            return Cred::username(user);
        }
        if allowed.contains(CredentialType::SSH_KEY) {
            if !tried_agent.replace(true) && std::env::var_os("SSH_AUTH_SOCK").is_some() {
                return Cred::ssh_key_from_agent(user);
            }
            if let Some(dir) = &options.ssh_dir {
                const KEYS: [&str; 3] = ["id_ed25519", "id_ecdsa", "id_rsa"];
                while key.get() < KEYS.len() {
                    let private = dir.join(KEYS[key.get()]);
                    key.set(key.get() + 1);
                    if private.is_file() {
                        let public = private.with_extension("pub");
                        let public = public.is_file().then_some(public);
                        return Cred::ssh_key(user, public.as_deref(), &private, None);
                    }
                }
            }
        }
        if allowed.contains(CredentialType::USER_PASS_PLAINTEXT) {
            if !tried_helper.replace(true) {
                // The helpers the user set up (system, global and XDG
                // config) — never one the repository names: a cloned or
                // unpacked blog's `.git/config` could make it any program.
                if let Ok(config) = git2::Config::open_default() {
                    if let Ok(cred) = Cred::credential_helper(&config, url, username) {
                        return Ok(cred);
                    }
                }
            }
            // A stored token never travels in clear over the network (plain
            // `http://` is only trusted to this machine's loopback).
            if !tried_token.replace(true) && token_may_go_to(url) {
                if let Some((u, t)) = options.tokens.as_ref().and_then(|s| s.get(url)) {
                    return Cred::userpass_plaintext(&u, &t);
                }
            }
        }
        exhausted.set(true);
        Err(git2::Error::from_str("no more credentials to try"))
    });
}

/// After a non-fast-forward: fetch, and when the remote's new commits leave
/// the published files alone, replay the publish commit on top of them
/// (updating the working tree only where the remote changed files). Any
/// other case stops with the local commit kept.
#[allow(clippy::too_many_arguments)]
fn rebase_onto_remote(
    repo: &Repository,
    remote_name: &str,
    branch: &str,
    remote_branch: &str,
    published: &[String],
    options: &PushOptions,
    progress: &dyn Fn(PushProgress),
    cancel: &AtomicBool,
) -> Result<(), Outcome> {
    let local = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(|e| not_pushed(String::new(), e.message()))?;
    let commit = local.id().to_string();
    let kept = |reason: String| Outcome::Rejected {
        commit: commit.clone(),
        reason,
    };
    progress(PushProgress {
        stage: PushStage::Rebasing,
        current: 0,
        total: 0,
        bytes: 0,
    });
    let tracking = format!("refs/remotes/{remote_name}/{remote_branch}");
    let fetch_spec = format!("+refs/heads/{remote_branch}:{tracking}");
    {
        let mut remote = repo
            .find_remote(remote_name)
            .map_err(|e| not_pushed(commit.clone(), e.message()))?;
        let exhausted = Cell::new(false);
        let offers = Cell::new(0u32);
        let mut callbacks = git2::RemoteCallbacks::new();
        credentials(&mut callbacks, options, cancel, &exhausted, &offers);
        let mut fo = git2::FetchOptions::new();
        fo.remote_callbacks(callbacks);
        remote
            .fetch(&[&fetch_spec], Some(&mut fo), None)
            .map_err(|e| {
                not_pushed(
                    commit.clone(),
                    &format!("fetching the remote's new commits failed: {}", e.message()),
                )
            })?;
    }
    let theirs = repo
        .refname_to_id(&tracking)
        .and_then(|id| repo.find_commit(id))
        .map_err(|e| not_pushed(commit.clone(), e.message()))?;
    let base = repo
        .merge_base(local.id(), theirs.id())
        .map_err(|e| not_pushed(commit.clone(), e.message()))?;
    let (ahead, _) = repo
        .graph_ahead_behind(local.id(), theirs.id())
        .map_err(|e| not_pushed(commit.clone(), e.message()))?;
    if ahead != 1 || local.parent_id(0).ok() != Some(base) {
        return Err(kept(format!(
            "the remote has new commits and this branch has {ahead} unpushed commits; run `git pull --rebase` in a terminal, then publish again"
        )));
    }
    let changed = changed_paths(repo, base, theirs.id())
        .map_err(|e| not_pushed(commit.clone(), e.message()))?;
    let clash: Vec<&String> = published.iter().filter(|p| changed.contains(*p)).collect();
    if !clash.is_empty() {
        return Err(kept(format!(
            "the remote has new commits that also change {}; your commit {} is kept. Pull and merge in a terminal (`git pull`), then publish again",
            clash.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
            &commit[..8.min(commit.len())]
        )));
    }
    let mut index = repo
        .cherrypick_commit(&local, &theirs, 0, None)
        .map_err(|e| not_pushed(commit.clone(), e.message()))?;
    if index.has_conflicts() {
        return Err(kept("replaying the publish commit on the remote's commits conflicts; pull and merge in a terminal".into()));
    }
    let tree = index
        .write_tree_to(repo)
        .and_then(|t| repo.find_tree(t))
        .map_err(|e| not_pushed(commit.clone(), e.message()))?;
    let committer = repo
        .signature()
        .unwrap_or_else(|_| local.committer().to_owned());
    let new = repo
        .commit(
            None,
            &local.author(),
            &committer,
            local.message().unwrap_or(""),
            &tree,
            &[&theirs],
        )
        .map_err(|e| not_pushed(commit.clone(), e.message()))?;
    // Bring the remote's changed files into the working tree; a file the
    // writer changed locally stops it before anything is written.
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout.safe();
    for p in &changed {
        checkout.path(p);
    }
    if let Err(e) = repo.checkout_tree(tree.as_object(), Some(&mut checkout)) {
        return Err(kept(format!(
            "the remote changed files you have uncommitted changes in ({}); commit or stash them, then Retry",
            e.message()
        )));
    }
    repo.reference(
        &format!("refs/heads/{branch}"),
        new,
        true,
        "postdesk: publish on top of the remote",
    )
    .map_err(|e| not_pushed(commit.clone(), e.message()))?;
    Ok(())
}

fn not_pushed(commit: String, reason: &str) -> Outcome {
    Outcome::CommittedNotPushed {
        commit,
        reason: reason.to_owned(),
    }
}

fn changed_paths(repo: &Repository, from: Oid, to: Oid) -> Result<BTreeSet<String>, git2::Error> {
    let a = repo.find_commit(from)?.tree()?;
    let b = repo.find_commit(to)?.tree()?;
    let diff = repo.diff_tree_to_tree(Some(&a), Some(&b), None)?;
    let mut out = BTreeSet::new();
    for d in diff.deltas() {
        for f in [d.old_file(), d.new_file()] {
            if let Some(p) = f.path().and_then(Path::to_str) {
                out.insert(p.to_owned());
            }
        }
    }
    Ok(out)
}
