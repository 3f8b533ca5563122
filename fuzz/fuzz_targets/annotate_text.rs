//! Segmenter, tokenizer and entity tagger never panic on any text, and every span they
//! return lies on char boundaries inside the text, in order.
#![no_main]
use libfuzzer_sys::fuzz_target;
use parallax_nlp::{entities, lang, segment, token};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for code in ["de", "en"] {
        let l = lang::for_code(Some(code));
        let sentences = segment::sentences(l, &text);
        let mut last = 0;
        for s in &sentences {
            assert!(s.start >= last && s.start < s.end);
            assert!(text.get(s.start..s.end).is_some());
            last = s.end;
        }
        let tokens = token::tokenize(l, &text, &sentences);
        for t in &tokens {
            assert!(text
                .get(t.span.start..t.span.end)
                .is_some_and(|x| !x.is_empty()));
        }
        let (mentions, table) = entities::recognize(l, &text, &sentences, &tokens);
        for m in &mentions {
            assert_eq!(text.get(m.span.start..m.span.end), Some(m.text.as_str()));
            assert!(table.iter().any(|e| e.id == m.entity));
        }
    }
});
