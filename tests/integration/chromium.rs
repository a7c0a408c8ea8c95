//! A headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
//! commands on the browser's fd 3, answers on its fd 4, each a JSON text ended by a NUL), so
//! that a test can lay a page out as a phone, a desktop or a printer does, measure it with a
//! script, and take screenshots and PDFs. No port is opened and nothing but the browser is
//! started; the browser is closed (and if need be killed by its process id) on drop.

use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// How long one command may take.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The installed Chromium, if any.
pub fn find() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .stdin(Stdio::null())
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

pub struct Browser {
    child: Child,
    to: std::io::PipeWriter,
    from: Receiver<Value>,
    next: u64,
    session: String,
}

impl Browser {
    /// Starts `program` with a fresh profile in `profile` and opens a blank page.
    pub fn launch(program: &str, profile: &Path) -> Browser {
        let (their_in, to) = std::io::pipe().unwrap();
        let (from, their_out) = std::io::pipe().unwrap();
        let (r, w) = (their_in.as_raw_fd(), their_out.as_raw_fd());
        let mut cmd = Command::new(program);
        cmd.args([
            "--headless",
            "--remote-debugging-pipe",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-crash-reporter",
            "--disable-breakpad",
            "--disable-extensions",
            "--hide-scrollbars",
            "--mute-audio",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (fcntl, dup2, close) between fork and exec.
        // The pipe ends are first copied above fd 10, so that placing them on 3 and 4 cannot
        // overwrite one with the other; dup2 clears close-on-exec on 3 and 4 only.
        unsafe {
            std::os::unix::process::CommandExt::pre_exec(&mut cmd, move || {
                let a = libc::fcntl(r, libc::F_DUPFD, 10);
                let b = libc::fcntl(w, libc::F_DUPFD, 10);
                if a < 0 || b < 0 || libc::dup2(a, 3) < 0 || libc::dup2(b, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                libc::close(a);
                libc::close(b);
                Ok(())
            });
        }
        let child = cmd.spawn().unwrap();
        // The browser's ends belong to it alone now: closing ours lets a read see its exit.
        drop(OwnedFd::from(their_in));
        drop(OwnedFd::from(their_out));
        let (send, from_rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(from);
            loop {
                let mut buf = Vec::new();
                match reader.read_until(0, &mut buf) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {
                        buf.pop();
                        if let Ok(v) = serde_json::from_slice::<Value>(&buf)
                            && send.send(v).is_err()
                        {
                            return;
                        }
                    }
                }
            }
        });
        let mut b = Browser {
            child,
            to,
            from: from_rx,
            next: 0,
            session: String::new(),
        };
        let target = b.call("Target.createTarget", json!({"url": "about:blank"}));
        let target = target["targetId"].as_str().unwrap().to_string();
        let attached = b.call("Target.attachToTarget", json!({"targetId": target, "flatten": true}));
        b.session = attached["sessionId"].as_str().unwrap().to_string();
        b.page("Page.enable", json!({}));
        b
    }

    /// A browser-level command; panics with the browser's message on an error.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, None)
    }

    /// A command to the page.
    pub fn page(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(method, params, Some(&session))
    }

    fn send(&mut self, method: &str, params: Value, session: Option<&str>) -> Value {
        self.next += 1;
        let id = self.next;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).unwrap();
        loop {
            let answer = self
                .from
                .recv_timeout(TIMEOUT)
                .unwrap_or_else(|e| panic!("Chromium did not answer {method}: {e}"));
            if answer["id"] == json!(id) {
                assert!(answer.get("error").is_none(), "{method}: {}", answer["error"]);
                return answer["result"].clone();
            }
        }
    }

    /// Lays `url` out on a screen `width` × `height` CSS pixels (a phone's when `mobile`:
    /// touch, the page's viewport meta honoured), for `media` (`screen` or `print`), and
    /// waits until it has loaded.
    pub fn show(&mut self, url: &str, width: u32, height: u32, mobile: bool, media: &str) {
        self.page(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
        self.page("Emulation.setEmulatedMedia", json!({"media": media}));
        self.page("Page.navigate", json!({"url": url}));
        for _ in 0..200 {
            if self.eval("document.readyState") == json!("complete") {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{url} did not load");
    }

    /// The value of a script run in the page.
    pub fn eval(&mut self, script: &str) -> Value {
        let r = self.page("Runtime.evaluate", json!({"expression": script, "returnByValue": true}));
        assert!(r.get("exceptionDetails").is_none(), "script failed: {}", r["exceptionDetails"]);
        r["result"]["value"].clone()
    }

    /// A PNG of the whole page as laid out now.
    pub fn screenshot(&mut self) -> Vec<u8> {
        let metrics = self.page("Page.getLayoutMetrics", json!({}));
        let size = &metrics["cssContentSize"];
        let r = self.page(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true,
                   "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}}),
        );
        base64(r["data"].as_str().unwrap())
    }

    /// The page printed as its style sheet says (`@page` size and margins), without the
    /// browser's own header and footer.
    pub fn pdf(&mut self) -> Vec<u8> {
        let r = self.page(
            "Page.printToPDF",
            json!({"preferCSSPageSize": true, "displayHeaderFooter": false, "printBackground": false}),
        );
        base64(r["data"].as_str().unwrap())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let mut bytes = serde_json::to_vec(&json!({"id": 0, "method": "Browser.close"})).unwrap();
        bytes.push(0);
        let _ = self.to.write_all(&bytes);
        for _ in 0..100 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Ours alone, by its process id.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard base64, as the protocol sends binary data.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &d)| n | (u32::from(d) << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// The pages of a PDF Chromium wrote (its page objects are not compressed).
pub fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let page = "/Type /Page";
    text.match_indices(page)
        .filter(|(i, _)| !text[i + page.len()..].starts_with('s'))
        .count()
}

#[test]
fn base64_decodes() {
    assert_eq!(base64("TWFu"), b"Man");
    assert_eq!(base64("TWE="), b"Ma");
    assert_eq!(base64("TQ=="), b"M");
    assert_eq!(base64(""), b"");
    assert_eq!(pdf_pages(b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type /Page\n>>"), 2);
}
