//! `postdesk check --online`, against a server on 127.0.0.1.

use std::process::Command;

use super::{sample, stderr, stdout};

#[test]
fn check_online_asks_the_web_links_and_keeps_the_answers() {
    use std::io::{BufRead, BufReader, Write};
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = server.local_addr().unwrap().port();
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let log = asked.clone();
    std::thread::spawn(move || {
        for stream in server.incoming().flatten() {
            let mut line = String::new();
            let mut reader = BufReader::new(&stream);
            reader.read_line(&mut line).unwrap_or(0);
            // The rest of the request's head.
            let mut rest = String::new();
            while reader.read_line(&mut rest).unwrap_or(0) > 2 {
                rest.clear();
            }
            let mut parts = line.split_whitespace();
            let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            log.lock().unwrap().push(format!("{method} {path}"));
            let status = match (method, path) {
                (_, "/gone") => "404 Not Found",
                (_, "/gone-for-good") => "410 Gone",
                ("HEAD", "/no-head") => "405 Method Not Allowed",
                _ => "200 OK",
            };
            let mut stream = &stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let post = blog.join("_posts/building-scalable-apis.md");
    let mut text = std::fs::read_to_string(&post).unwrap();
    let base = format!("http://127.0.0.1:{port}");
    text.push_str(&format!(
        "\n[ok]({base}/ok) [gone]({base}/gone) [no head]({base}/no-head) [gone for good]({base}/gone-for-good)\n"
    ));
    std::fs::write(&post, text).unwrap();
    let cache = dir.path().join("cache");
    let run = |online: bool| {
        let mut args = vec!["check", post.to_str().unwrap()];
        if online {
            args.push("--online");
        }
        Command::new(env!("CARGO_BIN_EXE_postdesk"))
            .args(&args)
            .env("XDG_CACHE_HOME", &cache)
            .env("NO_PROXY", "127.0.0.1")
            .env_remove("http_proxy")
            .env_remove("HTTP_PROXY")
            .output()
            .unwrap()
    };

    let out = run(false);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(asked.lock().unwrap().is_empty(), "asked without --online");

    let out = run(true);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let printed = stdout(&out);
    let broken: Vec<&str> = printed
        .lines()
        .filter(|l| l.contains("broken-link"))
        .collect();
    assert_eq!(broken.len(), 2, "{printed}");
    assert!(
        broken[0].contains(&format!("{base}/gone answers 404 (Not Found)")),
        "{printed}"
    );
    assert!(
        broken[1].contains(&format!("{base}/gone-for-good answers 410 (Gone)")),
        "{printed}"
    );
    let seen = asked.lock().unwrap().clone();
    assert!(
        seen.contains(&"HEAD /no-head".to_owned()) && seen.contains(&"GET /no-head".to_owned()),
        "{seen:?}"
    );

    // Asked again: the answers come from the cache.
    let before = asked.lock().unwrap().len();
    let again = run(true);
    assert_eq!(stdout(&again), printed);
    assert_eq!(
        asked.lock().unwrap().len(),
        before,
        "asked again within a day"
    );
}
