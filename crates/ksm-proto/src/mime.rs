//! The MIME type recorded with a file (`FileMeta.type`, PROTOCOL.md §9.4) when none is given:
//! one table for `ksm secret upload` and `ksm-server file attach`.

/// The MIME type of a file with this extension (any case; without the dot), else
/// `application/octet-stream`.
pub fn from_extension(extension: &str) -> &'static str {
    let extension = extension.to_ascii_lowercase();
    match extension.as_str() {
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "md" => "text/markdown",
        "sh" => "text/x-sh",
        "json" => "application/json",
        "xml" => "application/xml",
        "yaml" | "yml" => "application/yaml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" | "tgz" => "application/gzip",
        "tar" => "application/x-tar",
        "7z" => "application/x-7z-compressed",
        "pem" => "application/x-pem-file",
        "crt" | "cer" => "application/x-x509-ca-cert",
        "p12" | "pfx" => "application/x-pkcs12",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_extension_in_any_case() {
        assert_eq!(from_extension("PDF"), "application/pdf");
        assert_eq!(from_extension("pem"), "application/x-pem-file");
        assert_eq!(from_extension("md"), "text/markdown");
        assert_eq!(from_extension(""), "application/octet-stream");
        assert_eq!(from_extension("unknown"), "application/octet-stream");
    }
}
