//! The city admin's import pages under `/city/imports`: upload a file, see per row what would be
//! stored or refused, then apply it.

pub mod pages;
pub mod strings;

page_table! {
    GET  "/city/imports"                        => pages::get_imports,
    GET  "/city/imports/{kind}/template"        => pages::get_import_template,
    POST "/city/imports/{kind}"                 => pages::post_import_upload,
    GET  "/city/imports/{kind}/{token}"         => pages::get_import_preview,
    POST "/city/imports/{kind}/{token}/apply"   => pages::post_import_apply,
}
