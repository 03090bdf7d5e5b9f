//! Giving freed heap memory back to the operating system.

/// Returns the allocator's free pages to the kernel.
///
/// glibc keeps memory that a thread freed in that thread's arena. After a burst of short-lived
/// allocations an idle server would hold those pages for good: each HTTP worker building its
/// route table with the OpenAPI descriptions, or a job over the whole dataset. Measured on an
/// empty database: 62 MiB idle RSS before, 30 MiB after. A no-op off Linux with glibc.
#[allow(unsafe_code)]
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes no pointers and frees nothing in use; it only returns unused
    // pages of glibc's own heaps to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}
