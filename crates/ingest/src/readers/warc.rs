//! WARC (plain or gzip, one member per record or the whole file): every HTML `response`
//! record becomes an article (`#N`: N-th record of the file). Streams record by record;
//! a truncated record gives a clear error.

use std::io::{self, BufRead, Read};

use parallax_model::Deadline;

use super::{emit, err, io_reason, Opened, Sink};
use crate::{InputItem, ReadOptions};

const MAX_HEADER_LINE: u64 = 64 * 1024;

fn fail(sink: &mut Sink<'_>, rec: impl Into<String>, reason: impl Into<String>) {
    sink(InputItem::Error(err(rec, reason)));
}

fn read_line(r: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<usize> {
    buf.clear();
    r.take(MAX_HEADER_LINE).read_until(b'\n', buf)
}

pub(crate) fn read(o: &mut Opened, label: &str, options: &ReadOptions, sink: &mut Sink<'_>) {
    // Largest HTTP payload of one record that is read; larger records are skipped with an error.
    let max_record = options.max_article_bytes;
    let gz = o.gz;
    let r: &mut dyn BufRead = &mut o.reader;
    let mut line = Vec::new();
    let mut n = 0usize;
    let mut produced = 0usize;
    let mut pending: Option<Vec<u8>> = None;
    loop {
        // Find the next version line, skipping the blank lines between records.
        let version = match pending.take() {
            Some(l) => l,
            None => loop {
                match read_line(r, &mut line) {
                    Ok(0) => return finish(label, n, produced, sink),
                    Ok(_) if line.iter().all(|b| b.is_ascii_whitespace()) => continue,
                    Ok(_) => break line.clone(),
                    Err(e) => return fail(sink, format!("{label}#{}", n + 1), stopped(&e, gz, n)),
                }
            },
        };
        n += 1;
        let rec = format!("{label}#{n}");
        if !version.starts_with(b"WARC/") {
            fail(
                sink,
                &rec,
                "not a WARC record header; skipping to the next record",
            );
            // Resynchronise on the next version line.
            loop {
                match read_line(r, &mut line) {
                    Ok(0) => return finish(label, n, produced, sink),
                    Ok(_) if line.starts_with(b"WARC/") => {
                        pending = Some(line.clone());
                        break;
                    }
                    Ok(_) => continue,
                    Err(e) => return fail(sink, &rec, stopped(&e, gz, n - 1)),
                }
            }
            continue;
        }
        // Headers.
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            match read_line(r, &mut line) {
                Ok(0) => {
                    return fail(
                        sink,
                        &rec,
                        "truncated record: the input ends inside its headers",
                    );
                }
                Ok(_) => {
                    let l = String::from_utf8_lossy(&line);
                    let l = l.trim_end_matches(['\r', '\n']);
                    if l.is_empty() {
                        break;
                    }
                    if let Some((k, v)) = l.split_once(':') {
                        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                    }
                }
                Err(e) => return fail(sink, &rec, stopped(&e, gz, n - 1)),
            }
        }
        let get = |k: &str| {
            headers
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.as_str())
        };
        let Some(len) = get("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            fail(
                sink,
                &rec,
                "record without a valid Content-Length; skipping to the next record",
            );
            continue;
        };
        let rtype = get("warc-type").unwrap_or("").to_ascii_lowercase();
        let ctype = get("content-type").unwrap_or("").to_ascii_lowercase();
        let uri = get("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string());
        let wanted = rtype == "response"
            && (ctype.contains("application/http") || ctype.is_empty())
            && len <= max_record;
        if wanted {
            let deadline = options.deadline();
            let mut body = Vec::with_capacity(len.min(1 << 20) as usize);
            match r.take(len).read_to_end(&mut body) {
                Ok(got) if (got as u64) < len => {
                    return fail(
                        sink,
                        &rec,
                        format!(
                            "truncated record: Content-Length {len} but only {got} bytes follow"
                        ),
                    );
                }
                Ok(_) => {}
                Err(e) => return fail(sink, &rec, stopped(&e, gz, n - 1)),
            }
            if let Some(result) = http_response(&body, &rec, uri.as_deref(), &deadline, sink) {
                produced += 1;
                emit(sink, result, deadline);
            }
        } else {
            if rtype == "response" && len > max_record {
                fail(
                    sink,
                    &rec,
                    format!(
                        "record larger than {}, skipped (raise the limit with --max-input-mb)",
                        super::mb(max_record)
                    ),
                );
            }
            match io::copy(&mut r.take(len), &mut io::sink()) {
                Ok(got) if got < len => {
                    return fail(
                        sink,
                        &rec,
                        format!(
                            "truncated record: Content-Length {len} but only {got} bytes follow"
                        ),
                    );
                }
                Ok(_) => {}
                Err(e) => return fail(sink, &rec, stopped(&e, gz, n - 1)),
            }
        }
    }
}

/// A read error inside a record: what it was, and how many records came before it.
fn stopped(e: &io::Error, gz: bool, complete: usize) -> String {
    let before = match complete {
        0 => "it is the first record".to_string(),
        1 => "the record before it was read".to_string(),
        n => format!("the {n} records before it were read"),
    };
    format!("{}; {before}", io_reason(e, gz))
}

fn finish(label: &str, n: usize, produced: usize, sink: &mut Sink<'_>) {
    if n == 0 {
        fail(sink, label, "no WARC records");
    } else if produced == 0 {
        fail(
            sink,
            label,
            format!("no HTML response records among {n} records"),
        );
    }
}

/// An HTTP response: an article if it is HTML, `None` if it is something else.
fn http_response(
    body: &[u8],
    rec: &str,
    uri: Option<&str>,
    deadline: &Deadline,
    sink: &mut Sink<'_>,
) -> Option<Result<parallax_model::Article, crate::InputError>> {
    let (head_end, sep) = crate::decode::find(body, b"\r\n\r\n")
        .map(|p| (p, 4))
        .or_else(|| crate::decode::find(body, b"\n\n").map(|p| (p, 2)))?;
    let head = String::from_utf8_lossy(&body[..head_end]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    let code: u16 = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let mut ctype = String::new();
    let mut chunked = false;
    let mut gzip = false;
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            let k = k.trim().to_ascii_lowercase();
            let v = v.trim().to_ascii_lowercase();
            match k.as_str() {
                "content-type" => ctype = v,
                "transfer-encoding" => chunked = v.contains("chunked"),
                "content-encoding" => gzip = v.contains("gzip"),
                _ => {}
            }
        }
    }
    if !(200..300).contains(&code) || !(ctype.contains("html") || ctype.is_empty()) {
        return None;
    }
    let mut payload = body[head_end + sep..].to_vec();
    if chunked {
        payload = dechunk(&payload);
    }
    if gzip {
        let mut out = Vec::new();
        if flate2::read::MultiGzDecoder::new(payload.as_slice())
            .read_to_end(&mut out)
            .is_err()
        {
            return Some(Err(err(
                rec,
                "HTTP payload announced as gzip but could not be decompressed",
            )));
        }
        payload = out;
    }
    if ctype.is_empty() && !super::sniff(&payload, "x.html").eq(&super::Format::Html) {
        return None;
    }
    let charset = ctype
        .split("charset=")
        .nth(1)
        .map(|c| c.trim_matches(['"', ' ', ';']).to_string());
    Some(super::html::html_article(
        &payload,
        rec,
        uri,
        charset.as_deref(),
        deadline,
        sink,
    ))
}

fn dechunk(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let Some(nl) = b[i..].iter().position(|&c| c == b'\n') else {
            break;
        };
        let size_line = String::from_utf8_lossy(&b[i..i + nl]);
        let size =
            usize::from_str_radix(size_line.trim().split(';').next().unwrap_or("").trim(), 16)
                .unwrap_or(0);
        i += nl + 1;
        if size == 0 {
            break;
        }
        let end = (i + size).min(b.len());
        out.extend_from_slice(&b[i..end]);
        i = end;
        while i < b.len() && (b[i] == b'\r' || b[i] == b'\n') {
            i += 1;
        }
    }
    out
}
