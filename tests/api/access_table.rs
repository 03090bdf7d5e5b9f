//! The README's access table ("API at a glance") is the one the route table renders: the roles of
//! each line are those its rows' access lets through the policy middleware. Regenerate the block
//! with `PEIDAI_WRITE_README=1 cargo test --test api access_table`.

use peidai::routes::access_table::{self, BEGIN, END, access_words};

fn readme_path() -> String {
    format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_readme_access_table_is_the_one_the_route_table_renders() {
    let path = readme_path();
    let readme = std::fs::read_to_string(&path).unwrap();
    let table = peidai::routes::access_table_markdown();
    if std::env::var_os("PEIDAI_WRITE_README").is_some() {
        let new = access_table::replace_block(&readme, &table)
            .unwrap_or_else(|| panic!("README.md has no {BEGIN} … {END} block"));
        std::fs::write(&path, new).unwrap();
    }
    let readme = std::fs::read_to_string(&path).unwrap();
    let block = access_table::block(&readme)
        .unwrap_or_else(|| panic!("README.md has no {BEGIN} … {END} block"));
    assert!(
        block == table,
        "README.md's access table is not the route table's; regenerate it with \
         `PEIDAI_WRITE_README=1 cargo test --test api access_table`\n\
         --- README.md\n{block}\n--- the route table\n{table}"
    );
}

#[test]
fn every_route_stands_in_the_table_on_a_line_with_the_roles_its_access_lets_through() {
    let table = peidai::routes::access_table_markdown();
    let lines: Vec<&str> = table.lines().skip(2).collect();
    let mut checked = 0;
    for row in peidai::routes::documented() {
        for route in &row.routes {
            let path = route.path.strip_prefix("/api/v1").unwrap_or(&route.path);
            let text = format!("`{} {path}`", route.method);
            let line = lines
                .iter()
                .find(|l| l.contains(&text))
                .unwrap_or_else(|| panic!("{text} is not in the table:\n{table}"));
            let who = line.split(" | ").nth(1).unwrap();
            assert_eq!(who, access_words(route.access), "the roles of {text}");
            checked += 1;
        }
    }
    assert_eq!(checked, peidai::routes::policy().len());
    assert!(checked > 100, "every route was looked for: {checked}");
}
