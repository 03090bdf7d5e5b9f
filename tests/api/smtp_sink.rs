//! A small SMTP server on loopback for the tests: it speaks enough SMTP for the service's client,
//! records every accepted message, and can be told to refuse (550 on RCPT, 554 after DATA), defer
//! (451), hang (never greet, or never answer a message's data) or be down.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// How the sink answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// 250 to everything.
    Accept,
    /// 550 to RCPT TO: a permanent refusal.
    Reject,
    /// 554 after DATA: a permanent refusal of the message itself.
    RejectData,
    /// 451 after DATA: a transient failure.
    Defer,
    /// Accepts the connection and never says a word (no greeting) while the mode lasts.
    Hang,
    /// Greets and takes the message, then never answers its data while the mode lasts.
    StallData,
}

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: Vec<u8>,
}

impl Received {
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.data)
            .expect("a parsable message")
    }

    /// A raw header line's value, as sent (before decoding).
    pub fn raw_header(&self, name: &str) -> Option<String> {
        let text = String::from_utf8_lossy(&self.data);
        let prefix = format!("{}:", name.to_ascii_lowercase());
        let mut lines = text.split("\r\n").peekable();
        while let Some(line) = lines.next() {
            if line.is_empty() {
                break;
            }
            if line.to_ascii_lowercase().starts_with(&prefix) {
                let mut value = line[prefix.len()..].trim().to_owned();
                while let Some(next) = lines.peek() {
                    if next.starts_with(' ') || next.starts_with('\t') {
                        value.push(' ');
                        value.push_str(next.trim());
                        lines.next();
                    } else {
                        break;
                    }
                }
                return Some(value);
            }
        }
        None
    }
}

struct Shared {
    connections: std::sync::atomic::AtomicUsize,
    mode: Mutex<Mode>,
    received: Mutex<Vec<Received>>,
    stopped: AtomicBool,
    /// The open connections, so that the sink can hang up on its clients.
    open: Mutex<Vec<TcpStream>>,
    /// How long the sink takes over each message before accepting it: a slow server.
    delay: Mutex<Duration>,
}

/// A running sink. Dropping it stops it.
pub struct SmtpSink {
    pub port: u16,
    shared: Arc<Shared>,
}

/// A free loopback port (nothing listens on it until a sink is started there).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpSink {
    pub fn start() -> Self {
        Self::start_on(0)
    }

    /// Starts on `port` (0: any free one).
    pub fn start_on(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind the SMTP sink");
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared {
            connections: Default::default(),
            mode: Mutex::new(Mode::Accept),
            received: Mutex::new(Vec::new()),
            stopped: AtomicBool::new(false),
            open: Mutex::new(Vec::new()),
            delay: Mutex::new(Duration::ZERO),
        });
        let s = shared.clone();
        thread::spawn(move || {
            while !s.stopped.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        s.connections.fetch_add(1, Ordering::SeqCst);
                        if let Ok(copy) = stream.try_clone() {
                            s.open.lock().unwrap().push(copy);
                        }
                        let s = s.clone();
                        thread::spawn(move || {
                            let _ = serve(stream, &s);
                        });
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Self { port, shared }
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.shared.mode.lock().unwrap() = mode;
    }

    /// Makes the sink wait `delay` after each message's data before accepting it.
    pub fn set_delay(&self, delay: Duration) {
        *self.shared.delay.lock().unwrap() = delay;
    }

    /// How many messages were accepted so far.
    pub fn accepted(&self) -> usize {
        self.shared.received.lock().unwrap().len()
    }

    /// How many SMTP connections were opened.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Closes every open connection, as a server does with clients idle too long.
    pub fn hang_up(&self) {
        for stream in self.shared.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        // Give the accept loop a moment to close the listener before a restart on the same port.
        thread::sleep(Duration::from_millis(30));
    }
}

fn serve(stream: TcpStream, s: &Shared) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut out = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut reply = |text: &str| out.write_all(format!("{text}\r\n").as_bytes());
    if *s.mode.lock().unwrap() == Mode::Hang {
        wait_while(s, Mode::Hang);
        return Ok(());
    }
    reply("220 sink.test ESMTP")?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || s.stopped.load(Ordering::SeqCst) {
            return Ok(());
        }
        let cmd = line.trim_end().to_owned();
        let upper = cmd.to_ascii_uppercase();
        let mode = *s.mode.lock().unwrap();
        if upper.starts_with("EHLO") {
            reply("250-sink.test")?;
            reply("250-8BITMIME")?;
            reply("250 SMTPUTF8")?;
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            reply("250 OK")?;
        } else if upper.starts_with("RSET") {
            from.clear();
            to.clear();
            reply("250 OK")?;
        } else if upper.starts_with("MAIL FROM:") {
            from = cmd[10..].trim().to_owned();
            reply("250 OK")?;
        } else if upper.starts_with("RCPT TO:") {
            if mode == Mode::Reject {
                reply("550 5.1.1 No such user here")?;
            } else {
                to.push(cmd[8..].trim().trim_matches(['<', '>']).to_owned());
                reply("250 OK")?;
            }
        } else if upper == "DATA" {
            reply("354 End data with <CR><LF>.<CR><LF>")?;
            let mut data = Vec::new();
            loop {
                let mut l = String::new();
                if reader.read_line(&mut l)? == 0 {
                    return Ok(());
                }
                if l == ".\r\n" {
                    break;
                }
                let l = l
                    .strip_prefix('.')
                    .filter(|_| l.starts_with(".."))
                    .unwrap_or(&l);
                data.extend_from_slice(l.as_bytes());
            }
            let delay = *s.delay.lock().unwrap();
            if !delay.is_zero() {
                thread::sleep(delay);
            }
            // The mode when the data ended: a test may change it while a message is in flight.
            let mode = *s.mode.lock().unwrap();
            if mode == Mode::StallData {
                wait_while(s, Mode::StallData);
                return Ok(());
            }
            if mode == Mode::Defer {
                reply("451 4.3.0 Try again later")?;
            } else if mode == Mode::RejectData {
                reply("554 5.6.0 Message refused")?;
            } else {
                s.received.lock().unwrap().push(Received {
                    mail_from: from.clone(),
                    rcpt_to: to.clone(),
                    data,
                });
                reply("250 OK queued")?;
            }
            from.clear();
            to.clear();
        } else if upper.starts_with("QUIT") {
            reply("221 Bye")?;
            return Ok(());
        } else {
            reply("502 Command not implemented")?;
        }
    }
}

/// Holds a connection silent while the sink stays in `mode` (and runs), then lets it close.
fn wait_while(s: &Shared, mode: Mode) {
    while *s.mode.lock().unwrap() == mode && !s.stopped.load(Ordering::SeqCst) {
        thread::sleep(Duration::from_millis(10));
    }
}
