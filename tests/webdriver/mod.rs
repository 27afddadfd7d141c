//! A minimal W3C WebDriver client over chromedriver's HTTP API, for the browser tests of
//! one-time share. Each `Browser` is a separate Chromium profile (its own user data dir).
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long to wait for a page state before failing (never asserted as a speed).
const PATIENCE: Duration = Duration::from_secs(20);

/// A running chromedriver; stopped on drop.
pub struct Driver {
    child: Child,
    base: String,
    http: Client,
}

impl Driver {
    pub fn start() -> Self {
        for path in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                Path::new(path).exists(),
                "{path} is missing: install Debian's chromium and chromium-driver (scripts/test does)"
            );
        }
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let http = Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
        let driver = Self { child, base: format!("http://127.0.0.1:{port}"), http };
        let start = Instant::now();
        while driver.http.get(format!("{}/status", driver.base)).send().map_or(true, |r| !r.status().is_success()) {
            assert!(start.elapsed() < PATIENCE, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    /// A new headless Chromium with its own profile directory under `dir`.
    pub fn browser(&self, dir: &Path) -> Browser<'_> {
        std::fs::create_dir_all(dir).unwrap();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=480,900",
            // Test only: the test server's certificate is self-signed.
            "--ignore-certificate-errors",
        ];
        let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", dir.display()));
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome", "acceptInsecureCerts": true,
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
        }}});
        let answer = self.call("POST", "/session", Some(capabilities));
        let session = answer["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {answer}")).to_string();
        Browser { driver: self, session }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let request = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body.unwrap_or_else(|| json!({}))),
        };
        let response = request.send().unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let json: Value = response.json().unwrap_or(Value::Null);
        json["value"].clone()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Browser<'a> {
    driver: &'a Driver,
    session: String,
}

impl Browser<'_> {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.driver.call(method, &format!("/session/{}{path}", self.session), body)
    }

    pub fn open(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn script(&self, script: &str) -> Value {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    /// Runs `script` as an async WebDriver script: it gets `args` and calls the last
    /// argument with its result.
    pub fn script_async(&self, script: &str, args: Value) -> Value {
        self.call("POST", "/execute/async", Some(json!({ "script": script, "args": args })))
    }

    fn element(&self, css: &str) -> Option<String> {
        let found = self.call("POST", "/element", Some(json!({ "using": "css selector", "value": css })));
        found.as_object()?.values().next()?.as_str().map(str::to_string)
    }

    /// Waits until the `<section>` `id` is the one shown, and returns its text.
    pub fn wait_for_section(&self, id: &str) -> String {
        let start = Instant::now();
        loop {
            let shown = self.script(&format!(
                "const s = document.getElementById('{id}'); return s && !s.hidden ? s.innerText : null;"
            ));
            if let Some(text) = shown.as_str() {
                return text.to_string();
            }
            if start.elapsed() > PATIENCE {
                let visible = self.script(
                    "return [...document.querySelectorAll('main > section')].filter(s => !s.hidden).map(s => s.id).join(',')",
                );
                panic!("section #{id} never appeared; showing: {visible}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.element(css).unwrap_or_else(|| panic!("no {css}"));
        self.call("POST", &format!("/element/{element}/value"), Some(json!({ "text": text })));
    }

    pub fn click(&self, css: &str) {
        let element = self.element(css).unwrap_or_else(|| panic!("no {css}"));
        self.call("POST", &format!("/element/{element}/click"), None);
    }

    pub fn location(&self) -> String {
        self.script("return location.href").as_str().unwrap_or_default().to_string()
    }

    /// Saves a PNG of the page to `path`.
    pub fn screenshot(&self, path: &Path) {
        let data = self.call("GET", "/screenshot", None);
        let png = ksm_proto::b64::decode(data.as_str().expect("screenshot data")).unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser<'_> {
    fn drop(&mut self) {
        self.call("DELETE", "", None);
    }
}
