//! The city admin's import pages under `/city/imports`: upload a file, see per row what would be
//! stored or refused, then apply it; the dry run and the apply run in the background.

pub mod pages;
pub mod strings;
pub mod tasks;

page_table! {
    GET  "/city/imports"                        => pages::get_imports,
    GET  "/city/imports/{kind}/template"        => pages::get_import_template,
    POST "/city/imports/{kind}"                 => pages::post_import_upload,
    GET  "/city/imports/{kind}/{token}"         => pages::get_import_preview,
    POST "/city/imports/{kind}/{token}/apply"   => pages::post_import_apply,
    GET  "/city/imports/{kind}/{token}/apply/{ticket}" => pages::get_import_apply,
}
