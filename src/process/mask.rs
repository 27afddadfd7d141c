//! Streaming masking: every occurrence of a secret in a byte stream is written as `****`, also
//! when the stream splits it across reads.
//!
//! Occurrences are found with an Aho–Corasick automaton, so the cost per byte does not depend
//! on the number of secrets. Overlapping occurrences (of one secret or of several) merge into
//! one masked span, so no byte of any secret is ever written. Only the bytes that could still
//! be the start of a secret are held back; a prompt that cannot is written at once.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;

pub const MASK: &[u8] = b"****";

/// A masked stream. Clones share the automaton and start a new stream.
pub struct Masker {
    automaton: Arc<Automaton>,
    /// Automaton state after the last byte read.
    state: u32,
    /// Bytes read so far: the stream position of the next byte.
    read: u64,
    /// Everything before this position is written (as itself or as part of a mask).
    decided: u64,
    /// The bytes from `held_from` to `read`; those before `decided` are dropped at the next flush.
    held: Vec<u8>,
    held_from: u64,
    /// Occurrence spans not written yet, sorted, disjoint, starting at or after `decided`.
    spans: VecDeque<Span>,
    /// `****` was written for a span ending at `decided` that a later occurrence may still extend.
    mask_open: bool,
}

#[derive(Clone, Copy)]
struct Span {
    start: u64,
    end: u64,
}

impl Masker {
    /// Masks every non-empty secret; empty ones are ignored.
    pub fn new<S: AsRef<[u8]>>(secrets: &[S]) -> Self {
        Self::with_automaton(Arc::new(Automaton::new(secrets)))
    }

    fn with_automaton(automaton: Arc<Automaton>) -> Self {
        Self {
            automaton,
            state: ROOT,
            read: 0,
            decided: 0,
            held: Vec::new(),
            held_from: 0,
            spans: VecDeque::new(),
            mask_open: false,
        }
    }

    /// Reads `input` and appends to `out` all that can already be written.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) {
        if self.automaton.is_empty() {
            out.extend_from_slice(input);
            return;
        }
        self.held.extend_from_slice(input);
        for &byte in input {
            self.state = self.automaton.next(self.state, byte);
            self.read += 1;
            let length = self.automaton.longest_match(self.state);
            if length > 0 {
                self.record(Span { start: self.read - u64::from(length), end: self.read });
            }
        }
        // No occurrence found later can start before this: the longest suffix read that is
        // still a prefix of some secret begins here.
        let boundary = self.read - u64::from(self.automaton.depth(self.state));
        self.flush(boundary, out);
    }

    /// End of the stream: appends what was held back.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        self.flush(self.read, out);
        self.mask_open = false;
        self.state = ROOT;
    }

    /// A new occurrence, which ends at the current position (the latest end so far).
    fn record(&mut self, span: Span) {
        if self.mask_open && span.start < self.decided {
            // It overlaps the span whose `****` is already written, and so does every span
            // recorded since: they all become part of it.
            self.decided = span.end;
            self.spans.clear();
            return;
        }
        let mut start = span.start;
        while let Some(last) = self.spans.back() {
            if last.end <= span.start {
                break;
            }
            start = start.min(last.start);
            self.spans.pop_back();
        }
        self.spans.push_back(Span { start, end: span.end });
    }

    /// Writes everything before `boundary`, where no future occurrence can start.
    fn flush(&mut self, boundary: u64, out: &mut Vec<u8>) {
        if self.mask_open && self.decided <= boundary {
            self.mask_open = false;
        }
        while let Some(span) = self.spans.front().copied() {
            if span.start > boundary {
                break;
            }
            self.write_raw_until(span.start, out);
            out.extend_from_slice(MASK);
            self.decided = span.end;
            self.spans.pop_front();
            self.mask_open = span.end > boundary;
            if self.mask_open {
                break;
            }
        }
        if !self.mask_open && boundary > self.decided {
            self.write_raw_until(boundary, out);
        }
        let written = self.decided.saturating_sub(self.held_from) as usize;
        self.held.drain(..written.min(self.held.len()));
        self.held_from = self.decided;
    }

    fn write_raw_until(&mut self, position: u64, out: &mut Vec<u8>) {
        let from = self.decided.saturating_sub(self.held_from) as usize;
        let to = position.saturating_sub(self.held_from) as usize;
        out.extend_from_slice(self.held.get(from..to).unwrap_or_default());
        self.decided = self.decided.max(position);
    }
}

impl Clone for Masker {
    fn clone(&self) -> Self {
        Self::with_automaton(Arc::clone(&self.automaton))
    }
}

impl fmt::Debug for Masker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Masker").field("states", &self.automaton.depth.len()).finish_non_exhaustive()
    }
}

const ROOT: u32 = 0;

/// Aho–Corasick automaton: a trie of the secrets with failure links.
struct Automaton {
    /// Transitions from the root for every byte (the root's failure loops back to itself).
    root: [u32; 256],
    /// The trie edges of state `s`: `edges[edge_start[s]..edge_start[s + 1]]`, sorted by byte.
    edge_start: Vec<u32>,
    edges: Vec<(u8, u32)>,
    /// The state of the longest proper suffix of this state's string that is a trie state.
    fail: Vec<u32>,
    /// Length of the state's string.
    depth: Vec<u32>,
    /// Length of the longest secret that ends the state's string, 0 if none.
    longest: Vec<u32>,
}

impl Automaton {
    fn new<S: AsRef<[u8]>>(secrets: &[S]) -> Self {
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut depth = vec![0u32];
        let mut longest = vec![0u32];
        for secret in secrets.iter().map(AsRef::as_ref).filter(|s| !s.is_empty()) {
            let mut state = ROOT;
            for &byte in secret {
                state = match children[state as usize].binary_search_by_key(&byte, |&(b, _)| b) {
                    Ok(index) => children[state as usize][index].1,
                    Err(index) => {
                        let next = children.len() as u32;
                        children[state as usize].insert(index, (byte, next));
                        children.push(Vec::new());
                        depth.push(depth[state as usize] + 1);
                        longest.push(0);
                        next
                    }
                };
            }
            longest[state as usize] = depth[state as usize];
        }

        let mut edge_start = Vec::with_capacity(children.len() + 1);
        let mut edges = Vec::with_capacity(children.len().saturating_sub(1));
        for state_children in &children {
            edge_start.push(edges.len() as u32);
            edges.extend_from_slice(state_children);
        }
        edge_start.push(edges.len() as u32);
        let mut root = [ROOT; 256];
        for &(byte, child) in &children[ROOT as usize] {
            root[byte as usize] = child;
        }
        let mut automaton =
            Self { root, edge_start, edges, fail: vec![ROOT; children.len()], depth, longest: Vec::new() };

        // Breadth first, so that the failure links of all shallower states are known.
        let mut queue: VecDeque<u32> = children[ROOT as usize].iter().map(|&(_, child)| child).collect();
        while let Some(state) = queue.pop_front() {
            for &(byte, child) in &children[state as usize] {
                let fail = automaton.next(automaton.fail[state as usize], byte);
                automaton.fail[child as usize] = fail;
                longest[child as usize] = longest[child as usize].max(longest[fail as usize]);
                queue.push_back(child);
            }
        }
        automaton.longest = longest;
        automaton
    }

    fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }

    fn next(&self, mut state: u32, byte: u8) -> u32 {
        loop {
            if state == ROOT {
                return self.root[byte as usize];
            }
            let edges =
                &self.edges[self.edge_start[state as usize] as usize..self.edge_start[state as usize + 1] as usize];
            if let Ok(index) = edges.binary_search_by_key(&byte, |&(b, _)| b) {
                return edges[index].1;
            }
            state = self.fail[state as usize];
        }
    }

    fn depth(&self, state: u32) -> u32 {
        self.depth[state as usize]
    }

    fn longest_match(&self, state: u32) -> u32 {
        self.longest[state as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn mask_chunks(secrets: &[&str], chunks: &[&[u8]]) -> Vec<u8> {
        let mut masker = Masker::new(secrets);
        let mut out = Vec::new();
        for chunk in chunks {
            masker.feed(chunk, &mut out);
        }
        masker.finish(&mut out);
        out
    }

    fn mask(secrets: &[&str], text: &str) -> String {
        String::from_utf8(mask_chunks(secrets, &[text.as_bytes()])).unwrap()
    }

    /// The definition: mark every byte covered by an occurrence of a secret, then write each
    /// run of overlapping occurrences as one `****`.
    fn reference(secrets: &[Vec<u8>], text: &[u8]) -> Vec<u8> {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            for start in 0..text.len() {
                if text[start..].starts_with(secret) {
                    spans.push((start, start + secret.len()));
                }
            }
        }
        spans.sort();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (start, end) in spans {
            match merged.last_mut() {
                Some(last) if start < last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        let mut out = Vec::new();
        let mut position = 0;
        for (start, end) in merged {
            out.extend_from_slice(&text[position..start]);
            out.extend_from_slice(MASK);
            position = end;
        }
        out.extend_from_slice(&text[position..]);
        out
    }

    #[test]
    fn replaces_every_occurrence() {
        assert_eq!(mask(&["hunter2"], "pw=hunter2, again hunter2!"), "pw=****, again ****!");
        assert_eq!(mask(&["hunter2"], "hunter2"), "****");
        assert_eq!(mask(&["hunter2"], "hunter"), "hunter");
        assert_eq!(mask(&["ab"], "abab"), "********", "adjacent occurrences stay separate");
    }

    #[test]
    fn overlapping_occurrences_hide_every_byte() {
        assert_eq!(mask(&["pass", "password1"], "my password1 and pass"), "my **** and ****");
        assert_eq!(mask(&["abc", "bcdef"], "xabcdefx"), "x****x", "no tail of bcdef survives");
        assert_eq!(mask(&["aa"], "aaaaa!"), "****!");
        assert_eq!(mask(&["word", "sword"], "swordfish"), "****fish");
    }

    #[test]
    fn no_secrets_or_only_empty_ones_pass_everything_through() {
        assert_eq!(mask(&[], "anything"), "anything");
        assert_eq!(mask(&[""], "anything"), "anything");
    }

    #[test]
    fn a_secret_split_across_writes_is_masked() {
        let out = mask_chunks(&["s3cr3t-value"], &[b"token: s3cr", b"3t-va", b"lue\n"]);
        assert_eq!(out, b"token: ****\n");
        let out = mask_chunks(&["s3cr3t"], &[b"s", b"3", b"c", b"r", b"3", b"t"]);
        assert_eq!(out, b"****");
    }

    #[test]
    fn writes_at_once_what_cannot_start_a_secret() {
        let mut masker = Masker::new(&["hunter2"]);
        let mut out = Vec::new();
        masker.feed(b"Password: ", &mut out);
        assert_eq!(out, b"Password: ", "a prompt is not held back");
        out.clear();
        masker.feed(b"ok hun", &mut out);
        assert_eq!(out, b"ok ", "a possible start of the secret is held back");
        out.clear();
        masker.feed(b"gry\n", &mut out);
        assert_eq!(out, b"hungry\n");
    }

    #[test]
    fn holds_back_an_open_mask_until_it_cannot_grow() {
        let mut masker = Masker::new(&["abc", "bcdef"]);
        let mut out = Vec::new();
        masker.feed(b"-abc", &mut out);
        assert_eq!(out, b"-****", "the mask is written once its start is certain");
        masker.feed(b"de", &mut out);
        assert_eq!(out, b"-****");
        masker.feed(b"f+", &mut out);
        assert_eq!(out, b"-****+", "the rest of bcdef was swallowed by the same mask");
    }

    #[test]
    fn flushes_a_partial_secret_at_the_end() {
        assert_eq!(mask_chunks(&["secret"], &[b"the secr"]), b"the secr");
    }

    #[test]
    fn works_on_bytes_that_are_not_utf8() {
        let out = mask_chunks(&["\u{e9}t\u{e9}"], &[b"\xff\xc3", b"\xa9t\xc3", b"\xa9\xfe"]);
        assert_eq!(out, b"\xff****\xfe");
    }

    #[test]
    fn clones_start_a_fresh_stream() {
        let mut first = Masker::new(&["secret"]);
        let mut second = first.clone();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        first.feed(b"sec", &mut a);
        second.feed(b"ret", &mut b);
        first.finish(&mut a);
        second.finish(&mut b);
        assert_eq!((a.as_slice(), b.as_slice()), (b"sec".as_slice(), b"ret".as_slice()));
    }

    #[test]
    fn debug_shows_no_secret() {
        assert!(!format!("{:?}", Masker::new(&["topsecret"])).contains("topsecret"));
    }

    #[test]
    fn large_output_with_many_secrets_is_linear() {
        let secrets: Vec<String> = (0..100).map(|i| format!("secret-{i:03}-{}", "x".repeat(i % 40))).collect();
        let line = format!("{} and {} ", "lorem ipsum dolor sit amet", secrets[42]);
        let text = line.repeat(200_000);
        let mut masker = Masker::new(&secrets);
        let mut out = Vec::with_capacity(text.len());
        let started = std::time::Instant::now();
        for chunk in text.as_bytes().chunks(65_536) {
            masker.feed(chunk, &mut out);
        }
        masker.finish(&mut out);
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.matches("****").count(), 200_000);
        assert!(!out.contains("secret-"));
    }

    fn small_alphabet_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(b'c'), Just(b'*'), any::<u8>()], 0..max)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn matches_the_definition_for_any_chunking(
            secrets in proptest::collection::vec(small_alphabet_bytes(6), 0..5),
            text in small_alphabet_bytes(80),
            cuts in proptest::collection::vec(0usize..81, 0..10),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(text.len())).collect();
            cuts.sort();
            let mut masker = Masker::new(&secrets);
            let mut out = Vec::new();
            let mut from = 0;
            for cut in cuts.into_iter().chain([text.len()]) {
                masker.feed(&text[from..cut], &mut out);
                from = cut;
            }
            masker.finish(&mut out);
            prop_assert_eq!(out, reference(&secrets, &text));
        }

        #[test]
        fn no_secret_without_an_asterisk_survives(
            secrets in proptest::collection::vec(proptest::collection::vec(b'a'..=b'c', 1..5), 1..4),
            text in proptest::collection::vec(b'a'..=b'd', 0..60),
            split in 0usize..61,
        ) {
            let split = split.min(text.len());
            let mut masker = Masker::new(&secrets);
            let mut out = Vec::new();
            masker.feed(&text[..split], &mut out);
            masker.feed(&text[split..], &mut out);
            masker.finish(&mut out);
            for secret in &secrets {
                prop_assert!(!out.windows(secret.len()).any(|w| w == secret.as_slice()));
            }
        }

        #[test]
        fn holds_nothing_back_after_a_byte_no_secret_contains(
            secrets in proptest::collection::vec(proptest::collection::vec(b'a'..=b'c', 1..5), 0..4),
            text in proptest::collection::vec(b'a'..=b'd', 0..40),
        ) {
            let mut text = text;
            text.push(b'\n');
            let mut masker = Masker::new(&secrets);
            let mut out = Vec::new();
            masker.feed(&text, &mut out);
            prop_assert_eq!(out, reference(&secrets, &text));
        }
    }
}
