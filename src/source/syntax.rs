//! A small, tolerant reader of RON's shape that remembers where every value starts and ends.
//! serde forgets places once a file is parsed; the validator uses this tree to point at the
//! exact line and column of, say, the third choice's `next` in node `refund`.

/// A value's byte range in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A RON value with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// Where it is.
    pub span: Span,
    /// `Node` in `Node(...)`, `Goto` in `Goto("x")`.
    pub name: Option<String>,
    /// What is inside.
    pub shape: Shape,
}

/// The inside of a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// `(field: value, …)`, with each key's span.
    Struct(Vec<(String, Span, Value)>),
    /// `[a, b]` or `(a, b)`.
    Seq(Vec<Value>),
    /// `{k: v, …}`.
    Map(Vec<(Value, Value)>),
    /// A string, number, identifier …
    Atom,
}

/// One step of a path into the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A struct field.
    Field(String),
    /// A list element or tuple item.
    Index(usize),
}

impl From<&str> for Seg {
    fn from(s: &str) -> Seg {
        Seg::Field(s.to_string())
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Seg {
        Seg::Index(i)
    }
}

/// Builds a path (an array of [`Seg`]): `path!["nodes", 2, "choices", 0, "next"]`.
#[macro_export]
macro_rules! path {
    ($($seg:expr),* $(,)?) => { [$($crate::source::syntax::Seg::from($seg)),*] };
}

const MAX_DEPTH: usize = 256;

/// Parses `text`; `None` if it is not well-formed (ron reports why).
pub fn parse(text: &str) -> Option<Value> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    p.skip_header();
    let v = p.value()?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

impl Value {
    /// The deepest value along `path` that exists, and whether the whole path was found.
    pub fn find(&self, path: &[Seg]) -> (&Value, bool) {
        let mut here = self;
        for seg in path {
            let next = match (seg, &here.shape) {
                (Seg::Field(f), Shape::Struct(fields)) => {
                    fields.iter().find(|(k, _, _)| k == f).map(|(_, _, v)| v)
                }
                (Seg::Index(i), Shape::Seq(items)) => items.get(*i),
                // `Some(x)` wraps a value in a one-item tuple: look through it.
                (_, Shape::Seq(items)) if here.name.as_deref() == Some("Some") => {
                    items.first().and_then(|inner| {
                        let (v, ok) = inner.find(std::slice::from_ref(seg));
                        ok.then_some(v)
                    })
                }
                _ => None,
            };
            match next {
                Some(v) => here = v,
                None => return (here, false),
            }
        }
        (here, true)
    }

    /// The items of the list at field `field` of this struct, if any.
    pub fn items(&self, field: &str) -> &[Value] {
        match self.find(&[Seg::from(field)]) {
            (
                Value {
                    shape: Shape::Seq(items),
                    ..
                },
                true,
            ) => items,
            _ => &[],
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_header(&mut self) {
        loop {
            self.ws();
            if self.s[self.i..].starts_with(b"#![") {
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == b']' {
                        break;
                    }
                }
            } else {
                return;
            }
        }
    }

    fn ws(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.i += 1,
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'*') => {
                    self.i += 2;
                    let mut nest = 1;
                    while nest > 0 {
                        match (self.peek(), self.s.get(self.i + 1)) {
                            (None, _) => return,
                            (Some(b'*'), Some(b'/')) => {
                                nest -= 1;
                                self.i += 2;
                            }
                            (Some(b'/'), Some(b'*')) => {
                                nest += 1;
                                self.i += 2;
                            }
                            _ => self.i += 1,
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        let start = self.i;
        if self.s[self.i..].starts_with(b"r#") {
            self.i += 2;
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' {
                self.i += 1;
            } else {
                break;
            }
        }
        (self.i > start).then(|| String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    fn value(&mut self) -> Option<Value> {
        self.ws();
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let start = self.i;
        let c = self.peek()?;
        let (name, shape) = match c {
            b'[' => {
                self.i += 1;
                (None, Shape::Seq(self.seq(b']')?))
            }
            b'{' => {
                self.i += 1;
                (None, self.map()?)
            }
            b'(' => {
                self.i += 1;
                (None, self.paren()?)
            }
            b'"' => {
                self.string()?;
                (None, Shape::Atom)
            }
            b'\'' => {
                self.char_lit()?;
                (None, Shape::Atom)
            }
            b'r' if self.raw_string_ahead() => {
                self.raw_string()?;
                (None, Shape::Atom)
            }
            b'b' if self.s.get(self.i + 1) == Some(&b'"') => {
                self.i += 1;
                self.string()?;
                (None, Shape::Atom)
            }
            c if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => {
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'+') {
                        self.i += 1;
                    } else {
                        break;
                    }
                }
                (None, Shape::Atom)
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let name = self.ident()?;
                let save = self.i;
                if self.eat(b'(') {
                    (Some(name), self.paren()?)
                } else {
                    self.i = save;
                    (Some(name), Shape::Atom)
                }
            }
            _ => return None,
        };
        self.depth -= 1;
        Some(Value {
            span: Span { start, end: self.i },
            name,
            shape,
        })
    }

    fn raw_string_ahead(&self) -> bool {
        let mut j = self.i + 1;
        while self.s.get(j) == Some(&b'#') {
            j += 1;
        }
        self.s.get(j) == Some(&b'"')
    }

    fn raw_string(&mut self) -> Option<()> {
        self.i += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.i += 1;
        }
        self.i += 1;
        loop {
            let c = self.peek()?;
            self.i += 1;
            if c == b'"'
                && self.s[self.i..]
                    .iter()
                    .take(hashes)
                    .filter(|&&h| h == b'#')
                    .count()
                    == hashes
            {
                self.i += hashes;
                return Some(());
            }
        }
    }

    fn string(&mut self) -> Option<()> {
        self.i += 1;
        loop {
            match self.peek()? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                _ => self.i += 1,
            }
        }
    }

    fn char_lit(&mut self) -> Option<()> {
        self.i += 1;
        loop {
            match self.peek()? {
                b'\\' => self.i += 2,
                b'\'' => {
                    self.i += 1;
                    return Some(());
                }
                _ => self.i += 1,
            }
        }
    }

    fn seq(&mut self, close: u8) -> Option<Vec<Value>> {
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                return Some(items);
            }
            items.push(self.value()?);
            if !self.eat(b',') {
                return self.eat(close).then_some(items);
            }
        }
    }

    fn map(&mut self) -> Option<Shape> {
        let mut entries = Vec::new();
        loop {
            if self.eat(b'}') {
                return Some(Shape::Map(entries));
            }
            let k = self.value()?;
            if !self.eat(b':') {
                return None;
            }
            let v = self.value()?;
            entries.push((k, v));
            if !self.eat(b',') {
                return self.eat(b'}').then_some(Shape::Map(entries));
            }
        }
    }

    /// After `(`: struct fields if it starts with `ident:`, else a tuple.
    fn paren(&mut self) -> Option<Shape> {
        self.ws();
        let save = self.i;
        let is_struct = match self.ident() {
            Some(_) => {
                self.ws();
                self.peek() == Some(b':') && self.s.get(self.i + 1) != Some(&b':')
            }
            None => false,
        };
        self.i = save;
        if !is_struct {
            return self.seq(b')').map(Shape::Seq);
        }
        let mut fields = Vec::new();
        loop {
            if self.eat(b')') {
                return Some(Shape::Struct(fields));
            }
            self.ws();
            let key_start = self.i;
            let key = self.ident()?;
            let key_span = Span {
                start: key_start,
                end: self.i,
            };
            if !self.eat(b':') {
                return None;
            }
            let v = self.value()?;
            fields.push((key, key_span, v));
            if !self.eat(b',') {
                return self.eat(b')').then_some(Shape::Struct(fields));
            }
        }
    }
}
