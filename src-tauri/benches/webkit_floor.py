#!/usr/bin/env python3
"""`make bench`: how long WebKitGTK itself takes on this machine, from a
process's start to the first frame of a near-empty page — the floor under
the window's "first rows" figure (tests/e2e/large.rs).

The peer is Debian's MiniBrowser (package libwebkit2gtk-4.1-0, the same
WebKitGTK 4.1 the app uses, a GTK 3 program like the app), on a page served
from 127.0.0.1 that asks for /frame at its first animation frame. WebKit's
renderer is chosen as the app chooses it (env.rs, choose_renderer): the
older one where there is no GPU render node. One start first to warm the
disk cache, then five measured. Needs a display (make bench runs it under
xvfb-run). Standard library only.
"""
import glob
import http.server
import os
import statistics
import subprocess
import sys
import threading
import time

BROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
PAGE = b"""<!doctype html><html><body><p>Postdesk</p><script>
requestAnimationFrame(() => fetch('/frame'));
</script></body></html>"""
marks = {}


class Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        now = time.monotonic()
        if self.path.startswith("/frame"):
            marks["frame"] = now
            body = b""
        else:
            marks.setdefault("page", now)
            body = PAGE
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    if not os.access(BROWSER, os.X_OK):
        print(f"WebKitGTK's own start: not measured, {BROWSER} is missing (package libwebkit2gtk-4.1-0)")
        return 1
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    env = dict(os.environ)
    if not glob.glob("/dev/dri/renderD*"):
        env.setdefault("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
    page, frame = [], []
    for run in range(6):
        marks.clear()
        start = time.monotonic()
        browser = subprocess.Popen([BROWSER, url], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while "frame" not in marks and time.monotonic() - start < 30:
            time.sleep(0.002)
        browser.terminate()
        browser.wait()
        time.sleep(1)
        if "frame" not in marks:
            print(f"WebKitGTK's own start: MiniBrowser drew no frame in 30 s (run {run})")
            return 1
        if run > 0:
            page.append(1000 * (marks["page"] - start))
            frame.append(1000 * (marks["frame"] - start))
    print("WebKitGTK's own start (MiniBrowser, a near-empty page; 5 runs after one to warm up):")
    print("| | min | median | max |")
    print("| --- | --- | --- | --- |")
    for what, ms in (("the page asked for, from the process's start", page), ("its first frame, from the process's start", frame)):
        print(f"| {what} | {min(ms):.0f} ms | {statistics.median(ms):.0f} ms | {max(ms):.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
