//! No panic on any input: random bytes and mutations of valid inputs through every reader
//! and the cleaner (a quick deterministic stand-in for the fuzz targets in `fuzz/`).

use parallax_ingest::readers::read_bytes;
use parallax_ingest::{clean, CleanOptions};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const SEEDS: &[&str] = &[
    "Titel – RT DE\n\nTitel – RT DE\n-\nText &quot ;a&amp;amp; < p>b (Quelle: TASS) |\n• eins\n• zwei\nQuelle: https://x.org/a\n2024-12-01 10:05\nVon Max Muster\n",
    "<html><head><meta property=\"og:title\" content=\"T\"><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script></head><body><article><p>Ein Absatz mit Text.</p></article></body></html>",
    "{\"title\":\"a\",\"text\":\"b c d\",\"published\":\"2024-01-01\"}\n{\"html\":\"<p>x</p>\"}\n",
    "<?xml version=\"1.0\"?><rss><channel><item><title>a</title><description>&lt;p&gt;b&lt;/p&gt;</description></item></channel></rss>",
    "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 60\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Hallo Welt</p>\r\n\r\n",
];

fn check(name: &str, data: &[u8]) {
    read_bytes(name, data, &mut |r| {
        if let Ok(a) = r {
            assert_eq!(a.id.len(), 32);
            for rm in &a.removed {
                assert_eq!(rm.span_in_raw.slice(&a.raw), rm.text);
            }
        }
    });
    let text = String::from_utf8_lossy(data);
    let out = clean(
        &text,
        &CleanOptions {
            detect_title: true,
            known_title: None,
            ..Default::default()
        },
    );
    for rm in &out.removed {
        assert_eq!(rm.span_in_raw.slice(&text), rm.text);
    }
}

#[test]
fn random_and_mutated_inputs_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let names = ["a", "a.html", "a.jsonl", "a.xml", "a.warc", "a.txt"];
    for i in 0..300 {
        let len = (rng.next() % 400) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        check(names[i % names.len()], &bytes);
    }
    for seed in SEEDS {
        for i in 0..150 {
            let mut b = seed.as_bytes().to_vec();
            for _ in 0..(1 + rng.next() % 6) {
                if b.is_empty() {
                    break;
                }
                let pos = (rng.next() as usize) % b.len();
                match rng.next() % 4 {
                    0 => b[pos] = rng.next() as u8,
                    1 => {
                        b.remove(pos);
                    }
                    2 => b.insert(
                        pos,
                        [b'\n', b'<', b'&', b';', 0xC3, b' '][(rng.next() % 6) as usize],
                    ),
                    _ => b.truncate(pos),
                }
            }
            check(names[i % names.len()], &b);
        }
    }
}

#[test]
fn pathological_lines_stay_fast_enough_to_finish() {
    // Very long lines and many short lines: linear-time paths only.
    let long = "a&amp; <b ".repeat(200_000);
    check("long.txt", long.as_bytes());
    let many = "-\n".repeat(200_000);
    check("many.txt", many.as_bytes());
    let brackets = "(Quelle: ".repeat(50_000);
    check("brackets.txt", brackets.as_bytes());
}
