//! CSV files as Excel and WPS save them: UTF-8 (with or without a byte-order mark) or GB18030,
//! fields separated by commas, quoted with `"` when they hold a comma, a quote or a line break,
//! lines ending in CRLF or LF.

use crate::i18n::Msg;

use super::refusal::FileRefusal;

/// The text of a CSV file: UTF-8 when the bytes are valid UTF-8 (a leading byte-order mark is
/// dropped), else GB18030 when they decode without a single error, else refused.
pub fn decode(bytes: &[u8]) -> Result<String, FileRefusal> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(FileRefusal::new(
            "unknown_encoding",
            Msg::new(
                "无法识别文件的编码：请另存为 UTF-8 或 GB18030 编码的 CSV，或保存为 XLSX",
                "the file's encoding is not recognised: save it as CSV in UTF-8 or GB18030, or as XLSX",
            ),
        ));
    }
    Ok(text.into_owned())
}

/// The records of a CSV text, each as its fields (untrimmed); a record's number is its index + 1.
pub fn records(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        out.push(record);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_crlf_are_read() {
        let r = records("名称,类型\r\n\"红山区, 北\",\"说\"\"明\"\r\n\"两\r\n行\",x\r\n");
        assert_eq!(r.len(), 3);
        assert_eq!(r[1], vec!["红山区, 北", "说\"明"]);
        assert_eq!(r[2], vec!["两\r\n行", "x"]);
    }

    #[test]
    fn utf8_bom_and_gb18030_are_decoded_and_others_refused() {
        assert_eq!(decode("\u{feff}名称".as_bytes()).unwrap(), "名称");
        let (gb, _, _) = encoding_rs::GB18030.encode("单位名称,红山区");
        assert_eq!(decode(&gb).unwrap(), "单位名称,红山区");
        assert_eq!(
            decode(b"\x81\x20\xff").unwrap_err().code,
            "unknown_encoding"
        );
    }
}
