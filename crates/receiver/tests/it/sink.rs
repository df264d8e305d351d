//! A webhook receiver for the tests: an HTTP/1.1 listener on loopback, in a thread,
//! that keeps every request it gets (headers and body) and answers each with the status it
//! was told (204 until then).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// A request the sink got.
#[derive(Clone, Debug)]
pub struct Got {
    /// The path.
    pub path: String,
    /// Its headers, names in lower case.
    pub headers: HashMap<String, String>,
    /// Its body.
    pub body: String,
}

/// The sink: its port, what it got, what it answers next.
pub struct Sink {
    /// Where it listens (127.0.0.1).
    pub port: u16,
    got: Arc<Mutex<Vec<Got>>>,
    always: Arc<Mutex<Option<u16>>>,
}

impl Sink {
    /// Starts one.
    pub fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let always = Arc::new(Mutex::new(None));
        let (g, w) = (got.clone(), always.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let path = line.split(' ').nth(1).unwrap_or_default().to_owned();
                let mut headers = HashMap::new();
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap_or_default();
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some((name, value)) = header.split_once(':') {
                        headers.insert(name.trim().to_lowercase(), value.trim().to_owned());
                    }
                }
                let length: usize = headers
                    .get("content-length")
                    .and_then(|l| l.parse().ok())
                    .unwrap_or(0);
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap_or_default();
                g.lock().unwrap().push(Got {
                    path,
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                });
                let status = w.lock().unwrap().unwrap_or(204);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
            }
        });
        Sink { port, got, always }
    }

    /// Its URL with `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// What it got so far.
    pub fn got(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }

    /// Answers every request with `status` from now on.
    pub fn always(&self, status: u16) {
        *self.always.lock().unwrap() = Some(status);
    }
}
