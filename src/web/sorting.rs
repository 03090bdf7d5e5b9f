//! Sorting a page's list, the same way on every office list: `?sort=CODE` names one of the
//! list's sorts (the first is the default, and a code the list does not know falls back to it,
//! since a person typed or kept an old link); the filter form has a sort select (the `sort` macro
//! of `_macros.html`), and the pager's links and the form keep the sort. The database query does
//! the sorting, each sort with a stable tie-break, so that a page is the same rows every time.

use serde::Serialize;

use crate::i18n::CatalogueEntry as Entry;

/// One way a list may be sorted: its code in the address, the catalogue key of its label, and
/// what the list's query is told.
#[derive(Debug, Clone, Copy)]
pub struct SortOption<S: 'static> {
    pub code: &'static str,
    pub label: &'static str,
    pub sort: S,
}

/// The sort a page shows, as the `sort` macro reads it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Sorting {
    /// The code of the sort in force.
    pub code: &'static str,
    /// True when it is the list's default (the address then leaves `sort` out).
    pub default: bool,
    /// Every sort of the list, `(code, label key)`, in the order the select offers them.
    pub options: Vec<(&'static str, &'static str)>,
}

impl Sorting {
    /// `("sort", code)` for the list's links when the sort is not the default.
    pub fn param(&self) -> Option<(&'static str, String)> {
        (!self.default).then(|| ("sort", self.code.to_owned()))
    }
}

/// The sort asked for in `asked` among `sorts` (the first is the default): what to tell the
/// query, and what the page shows.
pub fn choose<S: Copy>(sorts: &'static [SortOption<S>], asked: Option<&str>) -> (S, Sorting) {
    let asked = asked.map(str::trim);
    let at = sorts
        .iter()
        .position(|o| Some(o.code) == asked)
        .unwrap_or(0);
    let chosen = sorts[at];
    let sorting = Sorting {
        code: chosen.code,
        default: at == 0,
        options: sorts.iter().map(|o| (o.code, o.label)).collect(),
    };
    (chosen.sort, sorting)
}

/// A list's address with its filters and sort, for the pager and the "clear" link: `base`
/// alone when there are none.
pub fn href(base: &str, pairs: &[(&str, Option<String>)], sorting: &Sorting) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if let Some(v) = v {
            q.append_pair(k, v);
        }
    }
    if let Some((k, v)) = sorting.param() {
        q.append_pair(k, &v);
    }
    let q = q.finish();
    if q.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{q}")
    }
}

/// The sort select's label and the sorts' labels shared by several lists.
pub const STRINGS: &[Entry] = &[
    ("sort.label", "排序", "Sort by"),
    ("sort.newest", "最新在前", "Newest first"),
    ("sort.oldest", "最早在前", "Oldest first"),
    ("sort.name", "按姓名", "By name"),
    ("sort.mentor", "按导师姓名", "By mentor"),
    ("sort.mentee", "按学员姓名", "By mentee"),
    ("sort.unit", "按单位", "By unit"),
    ("sort.status", "按状态", "By status"),
    (
        "sort.ends",
        "周期结束日（最早在前）",
        "Cycle end, soonest first",
    ),
    (
        "sort.starts",
        "周期开始日（最新在前）",
        "Cycle start, latest first",
    ),
    ("sort.hours", "时长（最长在前）", "Hours, longest first"),
    (
        "sort.submitted",
        "提交时间（最新在前）",
        "Submitted, latest first",
    ),
    ("sort.email", "按邮箱", "By e-mail"),
    ("sort.unit_name", "按单位名称", "By name"),
    ("sort.district", "按区县", "By district"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum S {
        A,
        B,
    }

    const SORTS: &[SortOption<S>] = &[
        SortOption {
            code: "a",
            label: "sort.newest",
            sort: S::A,
        },
        SortOption {
            code: "b",
            label: "sort.oldest",
            sort: S::B,
        },
    ];

    #[test]
    fn a_known_code_is_chosen_and_kept_in_the_links() {
        let (s, sorting) = choose(SORTS, Some("b"));
        assert_eq!(s, S::B);
        assert!(!sorting.default);
        let link = href(
            "/x",
            &[("year", Some("2027".into())), ("q", None)],
            &sorting,
        );
        assert_eq!(link, "/x?year=2027&sort=b");
    }

    #[test]
    fn an_unknown_or_missing_code_falls_back_to_the_default_and_leaves_the_address_bare() {
        for asked in [None, Some("zzz"), Some("")] {
            let (s, sorting) = choose(SORTS, asked);
            assert_eq!((s, sorting.code, sorting.default), (S::A, "a", true));
            assert_eq!(href("/x", &[], &sorting), "/x");
        }
    }
}
