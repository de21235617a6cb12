//! A blog of 10,000 posts (made from the fixtures' real posts by
//! `tests/large/make-blog.sh`): the list, its keyboard, search, filters and
//! opening a post all work, and the window draws only the rows on screen.
//! The figures (first rows cold and warm, a search keystroke to the updated
//! list, and the IPC round trips a keystroke is made of) are printed;
//! `make bench` runs this test on the release build.

use std::path::Path;
use std::process::Command;

use fantoccini::key::Key;
use serde_json::Value;

use crate::desk::editor_text;
use crate::harness::Session;

const POSTS: usize = 10_000;
/// The generated posts and the sample blog's two.
const TOTAL: &str = "10,002";

async fn js(s: &Session, script: &str) -> Value {
    s.client.execute(script, vec![]).await.unwrap()
}

/// The list's row count line ("10,002 posts", "1 of 10,002 posts").
async fn count(s: &Session) -> String {
    js(s, "const e = document.querySelector('[data-testid=\"list-count\"]'); return e ? e.textContent.trim() : '';")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The selected row's place in the list (aria-posinset), if it is drawn.
async fn selected_at(s: &Session) -> Option<u64> {
    js(s, "const e = document.querySelector('nav.post-list li[aria-selected=\"true\"]'); return e ? Number(e.getAttribute('aria-posinset')) : null;")
        .await
        .as_u64()
}

async fn rows_drawn(s: &Session) -> u64 {
    js(
        s,
        "return document.querySelectorAll('nav.post-list li[data-path]').length;",
    )
    .await
    .as_u64()
    .unwrap()
}

/// Milliseconds from the page's start to the frame that showed the first
/// rows (the list's `pd:rows` mark).
async fn first_rows(s: &Session) -> f64 {
    s.eventually("the first rows drawn", || async {
        js(s, "return performance.getEntriesByName('pd:rows').length;")
            .await
            .as_u64()
            == Some(1)
    })
    .await;
    js(
        s,
        "return performance.getEntriesByName('pd:rows')[0].startTime;",
    )
    .await
    .as_f64()
    .unwrap()
}

/// Milliseconds from the search box's input event (the keystroke that
/// makes `query`) to the frame in which the script `shown` (an expression)
/// is true; -1 after 20 s.
async fn input_latency(s: &Session, query: &str, shown: &str) -> f64 {
    let script = format!(
        r#"
        const done = arguments[arguments.length - 1];
        const box = document.querySelector('[data-testid="search"]');
        const t0 = performance.now();
        box.value = {query:?};
        box.dispatchEvent(new Event('input', {{ bubbles: true }}));
        const check = () => {{
          if ({shown}) done(performance.now() - t0);
          else if (performance.now() - t0 > 20000) done(-1);
          else requestAnimationFrame(check);
        }};
        requestAnimationFrame(check);
        "#
    );
    s.client
        .execute_async(&script, vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap()
}

/// Milliseconds from the keystroke that makes `query` to the frame that
/// shows the list's count as `expect`.
async fn search_latency(s: &Session, query: &str, expect: &str) -> f64 {
    // The count alone may already read `expect` (two searches that find
    // one post each): the rows must also be the query's.
    let shown = format!(
        "document.querySelector('[data-testid=\"list-count\"]')?.textContent.trim() === {expect:?} && document.querySelector('nav.post-list')?.dataset.searched === {:?}",
        query.trim()
    );
    let ms = input_latency(s, query, &shown).await;
    assert!(
        ms >= 0.0,
        "searching {query:?} never showed {expect:?} (it shows {:?})",
        count(s).await
    );
    ms
}

/// Milliseconds from each keystroke typing `word` into the empty search
/// box, one key at a time as a writer types, to the frame that shows the
/// rows found for the letters so far (the list's `data-searched`).
async fn typed_latency(s: &Session, word: &str) -> Vec<f64> {
    let mut times = Vec::new();
    for n in 1..=word.len() {
        let typed = &word[..n];
        let shown =
            format!("document.querySelector('nav.post-list')?.dataset.searched === {typed:?}");
        let ms = input_latency(s, typed, &shown).await;
        assert!(ms >= 0.0, "typing {typed:?} never showed its rows");
        times.push(ms);
    }
    times
}

/// Milliseconds from the app process's start (the kernel's record of it,
/// `/proc/PID/stat`) to the page's start (`performance.timeOrigin`): what
/// the window takes before its page runs at all.
async fn page_after_start(s: &Session, blog: &Path) -> f64 {
    // The app is the process whose command line names this blog.
    let blog = blog.to_string_lossy();
    let pid = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().parse::<u32>().is_ok())
        .find(|e| {
            std::fs::read(e.path().join("cmdline")).is_ok_and(|c| {
                let args: Vec<&[u8]> = c.split(|b| *b == 0).collect();
                args.first().is_some_and(|a| a.ends_with(b"postdesk-app"))
                    && args.iter().any(|a| *a == blog.as_bytes())
            })
        })
        .expect("the app's process")
        .path();
    let stat = std::fs::read_to_string(pid.join("stat")).unwrap();
    // Field 22, counted after the command's closing parenthesis.
    let ticks: f64 = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .nth(19)
        .unwrap()
        .parse()
        .unwrap();
    let hz = 100.0; // USER_HZ on Linux
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let now_epoch_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0;
    let started_epoch_ms = now_epoch_ms - (uptime - ticks / hz) * 1000.0;
    let origin = js(s, "return performance.timeOrigin;")
        .await
        .as_f64()
        .unwrap();
    origin - started_epoch_ms
}

/// The app's marks up to the first rows (ms from the page's start): where
/// the time goes.
async fn marks(s: &Session) -> String {
    js(s, "const rows = performance.getEntriesByName('pd:rows')[0].startTime; return performance.getEntriesByType('mark').filter(m => m.name.startsWith('pd:') && m.startTime <= rows).map(m => `${m.name.slice(3)} ${Math.round(m.startTime)}`).join(', ');")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn large_blog(root: &Path) {
    crate::harness::sample(root);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../large/make-blog.sh");
    let status = Command::new(script)
        .arg(root)
        .arg(POSTS.to_string())
        .status()
        .unwrap();
    assert!(status.success(), "make-blog.sh failed");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_blog_of_10000_posts_lists_searches_and_opens_posts_drawing_only_the_rows_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    // The sample blog first, for the figures side by side.
    let sample = dir.path().join("sample");
    crate::harness::sample(&sample);
    let s = Session::start(&sample).await;
    let small = first_rows(&s).await;
    let small_marks = marks(&s).await;
    let small_start = page_after_start(&s, &sample).await;
    s.stop().await;

    let blog = dir.path().join("blog");
    large_blog(&blog);

    // Cold: no index cache yet.
    let s = Session::start(&blog).await;
    let cold = first_rows(&s).await;
    let cold_marks = marks(&s).await;
    let cold_start = page_after_start(&s, &blog).await;
    s.eventually("the whole list counted", || async {
        count(&s).await == format!("{TOTAL} posts")
    })
    .await;
    // The newest post is open and selected, first in the list.
    s.eventually("the newest post open and selected", || async {
        selected_at(&s).await == Some(1) && !editor_text(&s).await.is_empty()
    })
    .await;
    let drawn = rows_drawn(&s).await;
    assert!(
        (5..=60).contains(&drawn),
        "{drawn} rows in the page: only those on screen (and a few either side) should be"
    );
    let setsize = js(
        &s,
        "return document.querySelector('nav.post-list li').getAttribute('aria-setsize');",
    )
    .await;
    assert_eq!(
        setsize,
        Value::from("10002"),
        "a screen reader hears the whole list's size"
    );

    // The keyboard walks the whole list: End, Home, Page Down, arrows.
    let list = s.find("nav.post-list ul[role=listbox]").await;
    list.click().await.unwrap();
    list.send_keys(&Key::End.to_string()).await.unwrap();
    s.eventually("End selects the last (oldest) post", || async {
        selected_at(&s).await == Some(10_002)
    })
    .await;
    s.eventually("and opens it", || async {
        editor_text(&s).await.contains("part 0\"")
    })
    .await;
    list.send_keys(&Key::Home.to_string()).await.unwrap();
    s.eventually("Home selects the first", || async {
        selected_at(&s).await == Some(1)
    })
    .await;
    list.send_keys(&Key::PageDown.to_string()).await.unwrap();
    s.eventually("Page Down moves a screen down", || async {
        selected_at(&s).await.is_some_and(|at| at > 3)
    })
    .await;
    let at = selected_at(&s).await.unwrap();
    list.send_keys(&Key::Down.to_string()).await.unwrap();
    s.eventually("↓ moves one down", || async {
        selected_at(&s).await == Some(at + 1)
    })
    .await;

    // Scrolled to the middle: the rows there are drawn, and still only those.
    // (Set again while waiting: the selection's place, still arriving from
    // the last key, may scroll it back into view once.)
    s.eventually("the rows in the middle drawn", || async {
        js(&s, "document.querySelector('nav.post-list .scroller').scrollTop = 5000 * 96; return [...document.querySelectorAll('nav.post-list li[aria-posinset]')].some(li => li.getAttribute('aria-posinset') === '5001');")
            .await
            .as_bool()
            == Some(true)
    })
    .await;
    assert!(rows_drawn(&s).await <= 60);

    // Scrolling the whole list in 300 frames (about five screens a frame),
    // for the figure: frames that took longer than a 60 Hz frame and a half.
    s.client
        .execute(
            r#"
            // Run in the page, the result left for the test to collect:
            // on a loaded machine the walk can outlast WebDriver's 30 s
            // script timeout (it is a figure, not a pass/fail).
            window.__pdScroll = null;
            const done = (r) => { window.__pdScroll = r; };
            const sc = document.querySelector('nav.post-list .scroller');
            sc.scrollTop = 0;
            const by = Math.ceil(sc.scrollHeight / 300);
            const times = []; let last = null;
            // The display's frame interval, idle, first.
            const idle = []; let prev = null;
            const calm = (t) => {
              if (prev !== null) idle.push(t - prev);
              prev = t;
              if (idle.length < 60) requestAnimationFrame(calm); else requestAnimationFrame(step);
            };
            const step = (t) => {
              if (last !== null) times.push(t - last);
              last = t;
              if (sc.scrollTop + sc.clientHeight >= sc.scrollHeight - 1) { done({ idle, times }); return; }
              sc.scrollTop += by;
              requestAnimationFrame(step);
            };
            requestAnimationFrame(calm);
            return 0;
            "#,
            vec![],
        )
        .await
        .unwrap();
    let walk = std::time::Instant::now();
    let frames = loop {
        let got = js(&s, "return window.__pdScroll;").await;
        if !got.is_null() {
            break got;
        }
        assert!(
            walk.elapsed().as_secs() < 300,
            "scrolling the whole list did not end in 5 minutes"
        );
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    };
    let walked_ms = walk.elapsed().as_millis();
    let idle: Vec<f64> = serde_json::from_value(frames["idle"].clone()).unwrap();
    let frames: Vec<f64> = serde_json::from_value(frames["times"].clone()).unwrap();
    // A frame is dropped when it takes more than one and a half of the
    // display's own interval (measured idle just before).
    let interval = median(idle);
    let slow = frames.iter().filter(|&&ms| ms > 1.5 * interval).count();

    // Search: one post holds the word; its snippet shows it; it opens.
    let mut keystroke = Vec::new();
    keystroke.push(search_latency(&s, "zanzibar", &format!("1 of {TOTAL} posts")).await);
    let row = s.find(r#"li[data-path="_posts/post-05000.md"]"#).await;
    let snippet = js(&s, "return document.querySelector('li[data-path=\"_posts/post-05000.md\"] .snippet').textContent;").await;
    assert!(
        snippet.as_str().unwrap_or_default().contains("zanzibar"),
        "the snippet shows the match: {snippet}"
    );
    row.click().await.unwrap();
    s.eventually("the found post open", || async {
        editor_text(&s).await.contains("A stop in zanzibar")
    })
    .await;
    // More searches, for the figure: two words in titles, a word in 1 of 8
    // titles and every body, and one in every post but one.
    keystroke.push(search_latency(&s, "part 4242", &format!("1 of {TOTAL} posts")).await);
    keystroke.push(search_latency(&s, "pipelines", &format!("1,248 of {TOTAL} posts")).await);
    keystroke.push(search_latency(&s, "zanzibar", &format!("1 of {TOTAL} posts")).await);
    keystroke.push(search_latency(&s, "scalable", &format!("10,001 of {TOTAL} posts")).await);
    keystroke.push(search_latency(&s, "", &format!("{TOTAL} posts")).await);
    // A word typed key by key: each key narrows the last search.
    let typed = typed_latency(&s, "pipelines").await;
    assert_eq!(count(&s).await, format!("1,248 of {TOTAL} posts"));
    s.screen("large-blog-search").await;
    // A search lands on its first rows, not on the open post (found by
    // "zanzibar" above) wherever it is among them.
    let api = "document.querySelector('nav.post-list')?.dataset.searched === 'api'";
    assert!(
        input_latency(&s, "api", api).await >= 0.0,
        "searching \"api\" never showed its rows"
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let top = js(&s, "const l = document.querySelector('nav.post-list li'); return `${l?.getAttribute('aria-posinset')} ${l?.dataset.path} ${document.querySelector('li[aria-selected=\"true\"]')?.getAttribute('aria-posinset')}`;").await;
    assert!(
        top.as_str().is_some_and(|t| t.starts_with("1 ")),
        "the list did not start at its first row: first row, its path, the open post's row: {top}"
    );
    keystroke.push(search_latency(&s, "", &format!("{TOTAL} posts")).await);

    let trips = round_trips(&s).await;

    // Filters run in Rust on the whole list.
    s.select(r#"[data-testid="filter-status"]"#, "draft").await;
    s.eventually(
        "drafts only: every tenth post and the sample's draft",
        || async { count(&s).await == format!("1,001 of {TOTAL} posts") },
    )
    .await;
    s.select(r#"[data-testid="filter-status"]"#, "").await;
    s.screen("large-blog").await;
    let home = s.stop_keeping_home().await;

    // Warm: the index cache from the first run.
    let s = Session::start_in(&blog, home, &[]).await;
    let warm = first_rows(&s).await;
    let warm_marks = marks(&s).await;
    let warm_start = page_after_start(&s, &blog).await;
    s.eventually("the whole list counted", || async {
        count(&s).await == format!("{TOTAL} posts")
    })
    .await;
    s.stop().await;

    println!("a blog of {POSTS} posts: first rows from the app's start (= its page's start after the app's start + the rows after the page's start, with the app's marks from the page's start)");
    println!("| what | time |");
    println!("| --- | --- |");
    for (what, rows, start, marks) in [
        ("sample blog (2 posts)", small, small_start, &small_marks),
        ("no index cache", cold, cold_start, &cold_marks),
        ("index cache", warm, warm_start, &warm_marks),
    ] {
        println!(
            "| first rows drawn, {what} | {:.0} ms (= {start:.0} + {rows:.0} ms; {marks}) |",
            start + rows
        );
    }
    println!(
        "| scrolling the whole list in 300 frames | {} frames in {walked_ms} ms, {slow} longer than 1.5 × the idle frame ({interval:.1} ms): {:.1} %; median frame {:.1} ms |",
        frames.len(),
        100.0 * slow as f64 / frames.len().max(1) as f64,
        median(frames.clone())
    );
    println!(
        "| search keystroke → updated list (median of {}, max) | {:.0} ms, {:.0} ms ({}) |",
        keystroke.len(),
        median(keystroke.clone()),
        keystroke.iter().copied().fold(0.0, f64::max),
        keystroke
            .iter()
            .map(|ms| format!("{ms:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "| search typed key by key (\"pipelines\", median of 9, max) | {:.0} ms, {:.0} ms ({}) |",
        median(typed.clone()),
        typed.iter().copied().fold(0.0, f64::max),
        typed
            .iter()
            .map(|ms| format!("{ms:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("| IPC round trips from the page (median, max of 16) | {trips} |");
}

/// The IPC round trips a keystroke's list is made of, timed in the page:
/// a command that does nothing, and a search's first page of 50 rows
/// (two queries in turn, so neither is Rust's last listing).
async fn round_trips(s: &Session) -> String {
    let script = r#"
        const done = arguments[arguments.length - 1];
        const invoke = window.__TAURI_INTERNALS__.invoke;
        const list = (search) => invoke('list_page', {
          query: { search, sort: 'newest', status: '', tag: '', category: '', lang: '' },
          start: 0, count: 50, selected: null });
        const time = async (calls) => {
          const ms = [];
          for (let i = 0; i < 16; i++) {
            const t0 = performance.now();
            await calls[i % calls.length]();
            ms.push(performance.now() - t0);
          }
          ms.sort((a, b) => a - b);
          return `${ms[8].toFixed(0)}, ${ms[15].toFixed(0)} ms`;
        };
        (async () => {
          const nothing = await time([() => invoke('remote_images')]);
          const broad = await time([() => list('pi'), () => list('pip')]);
          const narrow = await time([() => list('zanzibar'), () => list('part 4242')]);
          done(`nothing ${nothing}; "pi"/"pip" (10,000 posts) ${broad}; "zanzibar"/"part 4242" (1 post) ${narrow}`);
        })().catch((e) => done(String(e)));
        "#;
    s.client
        .execute_async(script, vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
