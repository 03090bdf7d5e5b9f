//! A small CSV writer for the reports people open in Excel: UTF-8 with a byte-order mark (without
//! it Excel reads Chinese as mojibake), CRLF line ends, every field quoted, and a leading `'` on
//! fields that start like a formula so that a cell can never run one.

/// A CSV document being written.
pub struct Csv {
    out: String,
}

impl Default for Csv {
    fn default() -> Self {
        Self::new()
    }
}

impl Csv {
    /// An empty document that starts with the byte-order mark.
    pub fn new() -> Self {
        Self {
            out: String::from('\u{FEFF}'),
        }
    }

    /// Appends one row.
    pub fn row<I, S>(&mut self, fields: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut first = true;
        for f in fields {
            if !first {
                self.out.push(',');
            }
            first = false;
            let f = f.as_ref();
            self.out.push('"');
            if f.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                self.out.push('\'');
            }
            self.out.push_str(&f.replace('"', "\"\""));
            self.out.push('"');
        }
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_escaped_and_formulas_defused_after_a_bom() {
        let mut c = Csv::new();
        c.row(["姓名", "评价"]);
        c.row(["李\"华\"", "=HYPERLINK(\"x\"),\n两行"]);
        let s = c.finish();
        assert!(s.starts_with('\u{FEFF}'));
        assert_eq!(
            s.trim_start_matches('\u{FEFF}'),
            "\"姓名\",\"评价\"\r\n\"李\"\"华\"\"\",\"'=HYPERLINK(\"\"x\"\"),\n两行\"\r\n"
        );
    }
}
