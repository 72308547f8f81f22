//! Server-sent events: a small bounded parser of our own, and the legacy HTTP+SSE transport
//! (2024-11-05, PROTOCOL.md §1.7).
//!
//! The parser follows the WHATWG event-stream rules as far as MCP needs them: `event:`,
//! `data:` (several lines joined with `\n`), `id:`, `retry:`; lines starting with `:` are
//! comments (keep-alives) and ignored; a blank line ends an event; lines may end in LF, CRLF or
//! a lone CR. One event may hold at most a fixed number of bytes, so a hostile server cannot
//! make the probe buffer without end.
//!
//! The legacy transport GETs the SSE URL, waits for the `endpoint` event, resolves its URI
//! against the SSE URL and refuses another origin (the configured headers must not travel
//! there), then POSTs every message to that endpoint and reads `message` events from the
//! stream on a reader thread that feeds a channel, so that [`LineTransport::recv_line`] is
//! bounded in time.

use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::http::{HttpClient, Method, StreamItem, Url, phase_for_message};
use super::session::{LineTransport, ProbeError, ProbeErrorKind, Received, TransportError};

/// The largest event the probe accepts (data, event name and id together), in bytes.
pub const MAX_EVENT_BYTES: usize = 4 * 1024 * 1024;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The event type (`message` when the stream named none).
    pub event: String,
    /// The data lines joined with `\n`.
    pub data: String,
    /// The `id` field of this event, when it had one.
    pub id: Option<String>,
    /// The `retry` field (milliseconds), when it had a valid one.
    pub retry: Option<u64>,
}

/// Why reading an event failed.
#[derive(Debug)]
pub enum SseError {
    /// An event grew beyond the limit.
    TooLarge,
    /// The stream failed.
    Io(io::Error),
}

impl From<io::Error> for SseError {
    fn from(error: io::Error) -> Self {
        Self::Io(error)
    }
}

/// Reads events from a byte stream, one at a time, with a size limit per event.
pub struct SseReader<R> {
    reader: R,
    max_event_bytes: usize,
    /// A CR ended the last line; a following LF belongs to it.
    skip_lf: bool,
}

impl<R: BufRead> SseReader<R> {
    /// A reader over `reader` accepting events of at most `max_event_bytes`.
    pub fn new(reader: R, max_event_bytes: usize) -> Self {
        Self { reader, max_event_bytes, skip_lf: false }
    }

    /// The next event, or `None` when the stream ended (an unfinished event at the end is
    /// dropped, as the standard says).
    pub fn next_event(&mut self) -> Result<Option<SseEvent>, SseError> {
        let mut event_type = String::new();
        let mut data = String::new();
        let mut has_data = false;
        let mut id = None;
        let mut retry = None;
        let mut size = 0usize;
        loop {
            let budget = self.max_event_bytes.saturating_sub(size);
            let Some(line) = self.read_line(budget)? else {
                return Ok(None);
            };
            size += line.len() + 1;
            if size > self.max_event_bytes {
                return Err(SseError::TooLarge);
            }
            let line = String::from_utf8_lossy(&line);
            if line.is_empty() {
                if !has_data {
                    // Nothing to dispatch (only comments, `id` or `retry`): start afresh, but
                    // keep the id and retry so that a priming event is not lost entirely.
                    if id.is_some() || retry.is_some() {
                        return Ok(Some(SseEvent { event: take_type(event_type), data, id, retry }));
                    }
                    event_type.clear();
                    size = 0;
                    continue;
                }
                return Ok(Some(SseEvent { event: take_type(event_type), data, id, retry }));
            }
            if line.starts_with(':') {
                continue;
            }
            let (field, value) = match line.split_once(':') {
                Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
                None => (line.as_ref(), ""),
            };
            match field {
                "event" => value.clone_into(&mut event_type),
                "data" => {
                    if has_data {
                        data.push('\n');
                    }
                    data.push_str(value);
                    has_data = true;
                }
                "id" if !value.contains('\0') => id = Some(value.to_owned()),
                "retry" if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) => {
                    retry = value.parse().ok();
                }
                _ => {}
            }
        }
    }

    /// One line without its ending; `None` at the end of the stream. Fails when the line is
    /// longer than `budget`.
    fn read_line(&mut self, budget: usize) -> Result<Option<Vec<u8>>, SseError> {
        let mut line = Vec::new();
        loop {
            let buffer = self.reader.fill_buf()?;
            if buffer.is_empty() {
                return Ok(None);
            }
            if self.skip_lf {
                self.skip_lf = false;
                if buffer[0] == b'\n' {
                    self.reader.consume(1);
                    continue;
                }
            }
            match buffer.iter().position(|byte| *byte == b'\n' || *byte == b'\r') {
                Some(end) => {
                    if line.len() + end > budget {
                        return Err(SseError::TooLarge);
                    }
                    line.extend_from_slice(&buffer[..end]);
                    self.skip_lf = buffer[end] == b'\r';
                    self.reader.consume(end + 1);
                    return Ok(Some(line));
                }
                None => {
                    let taken = buffer.len();
                    if line.len() + taken > budget {
                        return Err(SseError::TooLarge);
                    }
                    line.extend_from_slice(buffer);
                    self.reader.consume(taken);
                }
            }
        }
    }
}

fn take_type(event_type: String) -> String {
    if event_type.is_empty() { "message".to_owned() } else { event_type }
}

/// The legacy HTTP+SSE transport: an event stream from GET, messages POSTed to the endpoint the
/// stream announced.
pub struct LegacySse {
    client: HttpClient,
    endpoint: Url,
    incoming: Receiver<StreamItem>,
    closed: Arc<AtomicBool>,
}

impl LegacySse {
    /// GETs `sse_url` and waits (at most `timeout`) for the `endpoint` event.
    pub(crate) fn connect(client: HttpClient, sse_url: &Url, timeout: Duration) -> Result<Self, ProbeError> {
        let deadline = Instant::now() + timeout;
        let accept = [("accept", "text/event-stream".to_owned())];
        let exchange = client.request(Method::Get, sse_url, None, &accept, timeout, super::session::Phase::Connect)?;
        let exchange = client.check_status(exchange, "GET")?;
        if !exchange.is_event_stream() {
            return Err(ProbeError::new(
                ProbeErrorKind::HttpStatus {
                    status: exchange.status,
                    detail: "the GET answer is not an event stream".to_owned(),
                },
                format!(
                    "the server answered GET with status {} but not with an event stream (text/event-stream), so it \
                     is not a legacy HTTP+SSE server either",
                    exchange.status
                ),
            ));
        }
        let stream_url = exchange.url.clone();
        let (sender, incoming) = mpsc::channel();
        let closed = Arc::new(AtomicBool::new(false));
        let (endpoint_sender, endpoint_receiver) = mpsc::channel();
        let reader = exchange.body.into_reader();
        let thread_closed = Arc::clone(&closed);
        std::thread::spawn(move || read_legacy_stream(reader, endpoint_sender, sender, &thread_closed));

        let remaining = deadline.saturating_duration_since(Instant::now());
        let endpoint = match endpoint_receiver.recv_timeout(remaining) {
            Ok(Ok(endpoint)) => endpoint,
            Ok(Err(error)) => {
                closed.store(true, Ordering::Relaxed);
                return Err(error);
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                closed.store(true, Ordering::Relaxed);
                return Err(ProbeError::protocol(format!(
                    "the event stream sent no \"endpoint\" event within {} ms",
                    timeout.as_millis()
                )));
            }
        };
        let Some(endpoint) = stream_url.join(&endpoint) else {
            closed.store(true, Ordering::Relaxed);
            return Err(ProbeError::protocol("the \"endpoint\" event does not hold a usable URI"));
        };
        if endpoint.origin() != stream_url.origin() {
            closed.store(true, Ordering::Relaxed);
            return Err(ProbeError::protocol(format!(
                "the \"endpoint\" event points to another origin ({}); mcpcheck does not post there, so that the \
                 configured headers stay with the configured server",
                endpoint.origin()
            )));
        }
        Ok(Self { client, endpoint, incoming, closed })
    }
}

/// Reads the legacy stream: the first `endpoint` event goes to `endpoint`, later `message`
/// events' data to `lines`.
fn read_legacy_stream(
    reader: impl Read,
    endpoint: Sender<Result<String, ProbeError>>,
    lines: Sender<StreamItem>,
    closed: &AtomicBool,
) {
    let mut events = SseReader::new(BufReader::new(reader), MAX_EVENT_BYTES);
    let mut endpoint = Some(endpoint);
    loop {
        if closed.load(Ordering::Relaxed) {
            return;
        }
        let item = match events.next_event() {
            Ok(Some(event)) => match (event.event.as_str(), endpoint.take()) {
                ("endpoint", Some(sender)) => {
                    let _ = sender.send(Ok(event.data.trim().to_owned()));
                    continue;
                }
                (_, Some(sender)) if event.event != "endpoint" && event.data.is_empty() => {
                    endpoint = Some(sender);
                    continue;
                }
                (_, Some(sender)) => {
                    let detail = format!(
                        "the event stream's first event is \"{}\", not \"endpoint\"",
                        super::jsonrpc::shorten(&event.event, 40)
                    );
                    let _ = sender.send(Err(ProbeError::protocol(detail)));
                    return;
                }
                ("message", None) if !event.data.is_empty() => StreamItem::Line(event.data),
                _ => continue,
            },
            Ok(None) => StreamItem::Closed,
            Err(SseError::TooLarge) => StreamItem::TooLarge,
            Err(SseError::Io(error)) => StreamItem::Failed(super::http::stream_read_error(&error)),
        };
        let last = !matches!(item, StreamItem::Line(_));
        if let Some(sender) = endpoint.take() {
            let detail = "the event stream ended before its \"endpoint\" event";
            let _ = sender.send(Err(ProbeError::protocol(detail)));
            return;
        }
        if lines.send(item).is_err() || last {
            return;
        }
    }
}

impl LineTransport for LegacySse {
    fn send_line(&mut self, line: &str) -> Result<(), TransportError> {
        let (phase, timeout) = phase_for_message(line, self.client.options());
        let content = [("content-type", "application/json".to_owned())];
        let exchange = self
            .client
            .request(Method::Post, &self.endpoint, Some(line), &content, timeout, phase)
            .map_err(TransportError::Failed)?;
        self.client.check_status(exchange, "POST").map_err(TransportError::Failed)?;
        Ok(())
    }

    fn recv_line(&mut self, timeout: Duration) -> Received {
        super::http::receive(&self.incoming, timeout)
    }

    fn close(&mut self) {
        self.closed.store(true, Ordering::Relaxed);
    }
}

impl Drop for LegacySse {
    fn drop(&mut self) {
        self.closed.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(input: &str, limit: usize) -> Vec<Result<SseEvent, String>> {
        let mut reader = SseReader::new(input.as_bytes(), limit);
        let mut out = Vec::new();
        loop {
            match reader.next_event() {
                Ok(Some(event)) => out.push(Ok(event)),
                Ok(None) => return out,
                Err(SseError::TooLarge) => {
                    out.push(Err("too large".to_owned()));
                    return out;
                }
                Err(SseError::Io(error)) => panic!("{error}"),
            }
        }
    }

    fn event(event: &str, data: &str) -> Result<SseEvent, String> {
        Ok(SseEvent { event: event.to_owned(), data: data.to_owned(), id: None, retry: None })
    }

    #[test]
    fn parses_named_and_default_events() {
        let input = "event: endpoint\ndata: /messages?id=1\n\ndata: {\"a\":1}\n\n";
        assert_eq!(events(input, 1000), [event("endpoint", "/messages?id=1"), event("message", "{\"a\":1}")]);
    }

    #[test]
    fn joins_multi_line_data_and_strips_one_space() {
        let input = "data:first\ndata:  second\ndata\n\n";
        assert_eq!(events(input, 1000), [event("message", "first\n second\n")]);
    }

    #[test]
    fn accepts_crlf_and_lone_cr_line_endings() {
        let input = "event: x\r\ndata: one\r\rdata: two\r\n\r\n";
        assert_eq!(events(input, 1000), [event("x", "one"), event("message", "two")]);
    }

    #[test]
    fn ignores_comments_and_unknown_fields() {
        let input = ": keep-alive\n\n: another\nfoo: bar\ndata: x\n: inside\n\n";
        assert_eq!(events(input, 1000), [event("message", "x")]);
    }

    #[test]
    fn keeps_id_and_retry_and_reports_a_priming_event() {
        let input = "id: 42\nretry: 1500\ndata\n\nid: 43\nretry: soon\ndata: y\n\n";
        let parsed = events(input, 1000);
        assert_eq!(
            parsed[0],
            Ok(SseEvent { event: "message".into(), data: String::new(), id: Some("42".into()), retry: Some(1500) })
        );
        assert_eq!(
            parsed[1],
            Ok(SseEvent { event: "message".into(), data: "y".into(), id: Some("43".into()), retry: None })
        );
    }

    #[test]
    fn handles_lines_split_across_reads() {
        // A reader with a tiny buffer splits every line across many fill_buf calls.
        let input = "event: endpoint\r\ndata: /a/b\r\n\r\n";
        let mut reader = SseReader::new(BufReader::with_capacity(3, input.as_bytes()), 1000);
        assert_eq!(reader.next_event().unwrap(), Some(event("endpoint", "/a/b").unwrap()));
        assert!(reader.next_event().unwrap().is_none());
    }

    #[test]
    fn drops_an_unfinished_event_at_the_end() {
        assert_eq!(events("data: complete\n\ndata: cut off", 1000), [event("message", "complete")]);
    }

    #[test]
    fn rejects_oversize_events_and_lines() {
        let long_line = format!("data: {}\n\n", "x".repeat(200));
        assert_eq!(events(&long_line, 100), [Err("too large".to_owned())]);
        let many_lines = "data: 0123456789\n".repeat(20) + "\n";
        assert_eq!(events(&many_lines, 100), [Err("too large".to_owned())]);
        // Small events one after the other never add up.
        let many_events = "data: 0123456789\n\n".repeat(50);
        assert_eq!(events(&many_events, 100).len(), 50);
        // An endless comment line is bounded too.
        let endless_comment = format!(":{}", "k".repeat(500));
        assert_eq!(events(&endless_comment, 100), [Err("too large".to_owned())]);
    }
}
